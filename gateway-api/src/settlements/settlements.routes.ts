import { chaincodeCall } from '../common/chaincode-call';
import { evaluatePage } from '../common/pagination.schemas';
import { segment, stringAt } from '../common/location';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  ListSettlementsQuery,
  RequestSettlementBody,
  SettlementPage,
  SettlementRequested,
} from './settlements.schemas';

const tags = ['settlements'];

/**
 * C2C escrow settlements (contract `settlements`, DOMAIN.md §3): the buyer freezes the amount of a
 * store order here; the purchase's later steps — the store's fulfilment, the buyer's confirmation, expiry
 * of the time limit, cancellation, dispute and arbitration — are purchase routes (purchase.routes.ts).
 */
export const settlementRoutes: readonly Route[] = [
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/settlements',
    operationId: 'requestSettlement',
    summary: 'Freeze the amount of a store order in escrow (the buyer)',
    description:
      'Chaincode `settlements:RequestSettlement`; `order` (the private snapshot) goes in the transient field ' +
      '`order`, never in the arguments. The same storeOrderNo again while the order is not shipped updates ' +
      'the open settlement (`data.updated`), adjusting the frozen amount. Available funds short of the amount ' +
      'answer 422 unless `topUpFromAccountId` (another account of the buyer) or `creditLineId` (a draw on the ' +
      "buyer's credit line) covers the shortfall.",
    tags,
    body: RequestSettlementBody,
    successStatus: 201,
    response: SettlementRequested,
    transaction: ({ body }) => {
      const { order, ...input } = body;
      return chaincodeCall('settlements:RequestSettlement', input, order === undefined ? undefined : { order });
    },
    location: (_input, data) => {
      const no = stringAt(data, 'settlement', 'settlementNo');
      return no === undefined ? undefined : `/settlements/${segment(no)}`;
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/settlements',
    operationId: 'listSettlements',
    summary: 'Settlements by buyer, by store (the party itself, auditors) or by status (auditors, arbitrators)',
    description: 'Chaincode `settlements:ListSettlements`.',
    tags,
    query: ListSettlementsQuery,
    response: SettlementPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('settlements:ListSettlements', query))),
  }),
];
