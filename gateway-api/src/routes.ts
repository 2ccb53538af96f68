import { proposalRoutes } from './consortium/proposals.routes';
import { creditRoutes } from './credit/credit.routes';
import { evidenceRoutes } from './evidence/evidence.routes';
import { explorerRoutes } from './explorer/explorer.routes';
import type { Route } from './http/route';
import { creditLineRoutes } from './finance/credit-lines.routes';
import { receiptRoutes } from './finance/receipts.routes';
import { receivableRoutes } from './finance/receivables.routes';
import { memberRoutes } from './members/members.routes';
import { orderRoutes } from './settlements/orders.routes';
import { settlementRoutes } from './settlements/settlements.routes';
import { accountRoutes } from './wallets/accounts.routes';
import { currencyRoutes } from './wallets/currencies.routes';
import { redemptionRoutes } from './wallets/redemptions.routes';
import { rightClassRoutes } from './rights/right-classes.routes';
import { spaceRoutes } from './rights/spaces.routes';
import { tokenRoutes } from './rights/tokens.routes';
import { offlineSigningRoutes } from './signing/offline-signing.routes';

/** The route table: every REST operation of the gateway, in the order the OpenAPI document lists them. */
export const allRoutes: readonly Route[] = [
  ...explorerRoutes,
  ...memberRoutes,
  ...proposalRoutes,
  ...currencyRoutes,
  ...accountRoutes,
  ...redemptionRoutes,
  ...settlementRoutes,
  ...orderRoutes,
  ...evidenceRoutes,
  ...creditRoutes,
  ...receivableRoutes,
  ...receiptRoutes,
  ...creditLineRoutes,
  ...spaceRoutes,
  ...rightClassRoutes,
  ...tokenRoutes,
  ...offlineSigningRoutes,
];
