import { apiKeyRoutes } from './api-keys/api-keys.routes';
import { proposalRoutes } from './consortium/proposals.routes';
import { creditRoutes } from './credit/credit.routes';
import { evidenceRoutes } from './evidence/evidence.routes';
import { explorerRoutes } from './explorer/explorer.routes';
import type { Route } from './http/route';
import { creditLineRoutes } from './finance/credit-lines.routes';
import { receiptRoutes } from './finance/receipts.routes';
import { receivableRoutes } from './finance/receivables.routes';
import { directoryRoutes } from './members/directory.routes';
import { identityRoutes } from './identities/identities.routes';
import { memberRoutes } from './members/members.routes';
import { orderRoutes } from './settlements/orders.routes';
import { purchaseRoutes } from './settlements/purchase.routes';
import { settlementRoutes } from './settlements/settlements.routes';
import { accountRoutes } from './wallets/accounts.routes';
import { currencyRoutes } from './wallets/currencies.routes';
import { redemptionRoutes } from './wallets/redemptions.routes';
import { rightClassRoutes } from './rights/right-classes.routes';
import { spaceRoutes } from './rights/spaces.routes';
import { tokenRoutes } from './rights/tokens.routes';
import { fxRoutes } from './fx/fx.routes';
import { energyRoutes } from './energy/energy.routes';
import { oracleRoutes } from './oracles/oracles.routes';
import { offlineSigningRoutes } from './signing/offline-signing.routes';

/** The route table: every REST operation of the gateway, in the order the OpenAPI document lists them. */
export const allRoutes: readonly Route[] = [
  ...explorerRoutes,
  ...memberRoutes,
  ...directoryRoutes,
  ...proposalRoutes,
  ...currencyRoutes,
  ...accountRoutes,
  ...redemptionRoutes,
  ...settlementRoutes,
  ...orderRoutes,
  ...purchaseRoutes,
  ...evidenceRoutes,
  ...creditRoutes,
  ...receivableRoutes,
  ...receiptRoutes,
  ...creditLineRoutes,
  ...spaceRoutes,
  ...rightClassRoutes,
  ...tokenRoutes,
  ...oracleRoutes,
  ...fxRoutes,
  ...energyRoutes,
  ...offlineSigningRoutes,
  ...identityRoutes,
  ...apiKeyRoutes,
];
