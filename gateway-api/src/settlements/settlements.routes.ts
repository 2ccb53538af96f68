import { chaincodeCall } from '../common/chaincode-call';
import { evaluatePage } from '../common/pagination.schemas';
import { segment, stringAt } from '../common/location';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  ArbitrationBody,
  CancellationBody,
  ConfirmationBody,
  DisputeBody,
  ListSettlementsQuery,
  RequestSettlementBody,
  Settlement,
  SettlementHistory,
  SettlementPage,
  SettlementParams,
  SettlementRequested,
  SettlementStep,
} from './settlements.schemas';

const tags = ['settlements'];

/**
 * C2C escrow settlements (contract `settlements`, DOMAIN.md §3): the buyer freezes the amount, the
 * store fulfils the order (`/orders/...`), and the escrow closes by the buyer's confirmation, by expiry
 * of the time limit, by cancellation before shipment, or by arbitration of a dispute.
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
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/settlements/:settlementNo',
    operationId: 'getSettlement',
    summary: 'A settlement (its buyer and store, auditors, arbitrators)',
    description: 'Chaincode `settlements:GetSettlement`.',
    tags,
    params: SettlementParams,
    response: Settlement,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('settlements:GetSettlement', params)),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/settlements/:settlementNo/history',
    operationId: 'getSettlementHistory',
    summary: 'Every committed version of a settlement, oldest first (its buyer and store, auditors, arbitrators)',
    description: 'Chaincode `settlements:GetSettlementHistory`.',
    tags,
    params: SettlementParams,
    response: SettlementHistory,
    handle: async ({ transactions, principal, params }) => ({
      items: await transactions.evaluate(principal, chaincodeCall('settlements:GetSettlementHistory', params)),
    }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/settlements/:settlementNo/confirmation',
    operationId: 'confirmReceipt',
    summary: 'Confirm receipt and pay the store `amountToPay`; the rest returns to the buyer (the buyer)',
    description:
      'Chaincode `settlements:ConfirmReceipt`: once the order is shipped or delivered. Settlement and order ' +
      'become COMPLETED; `settlement.paymentTxId` is this transaction.',
    tags,
    params: SettlementParams,
    body: ConfirmationBody,
    successStatus: 200,
    response: SettlementStep,
    transaction: ({ params, body }) =>
      chaincodeCall('settlements:ConfirmReceipt', { settlementNo: params.settlementNo, amountToPay: body.amountToPay }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/settlements/:settlementNo/expiration',
    operationId: 'settleExpired',
    summary: 'Pay the store in full once the time limit after shipment has passed (anyone)',
    description:
      'Chaincode `settlements:SettleExpired`. Before `order.releaseDeadline` (transaction time) it answers 409 ' +
      'ILLEGAL_STATE with `details.releaseDeadline`; a disputed settlement can only be arbitrated.',
    tags,
    params: SettlementParams,
    successStatus: 200,
    response: SettlementStep,
    transaction: ({ params }) => chaincodeCall('settlements:SettleExpired', params),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/settlements/:settlementNo/cancellation',
    operationId: 'cancelSettlement',
    summary: 'Cancel before shipment; the amount is unfrozen (the buyer or the store)',
    description:
      'Chaincode `settlements:Cancel`. Send `{}` when there is no reason to give. After shipment it answers 409 ' +
      'ILLEGAL_STATE.',
    tags,
    params: SettlementParams,
    body: CancellationBody,
    successStatus: 200,
    response: SettlementStep,
    transaction: ({ params, body }) =>
      chaincodeCall('settlements:Cancel', { settlementNo: params.settlementNo, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/settlements/:settlementNo/dispute',
    operationId: 'disputeSettlement',
    summary: 'Dispute a shipped or delivered order; the clock stops (the buyer)',
    description: 'Chaincode `settlements:Dispute`. A disputed settlement closes only by arbitration.',
    tags,
    params: SettlementParams,
    body: DisputeBody,
    successStatus: 200,
    response: SettlementStep,
    transaction: ({ params, body }) =>
      chaincodeCall('settlements:Dispute', { settlementNo: params.settlementNo, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/settlements/:settlementNo/arbitration',
    operationId: 'arbitrateSettlement',
    summary: 'Resolve a dispute: `storeAmount` to the store, the rest to the buyer (an arbitrator)',
    description: 'Chaincode `settlements:Arbitrate`. Settlement and order become ARBITRATED.',
    tags,
    params: SettlementParams,
    body: ArbitrationBody,
    successStatus: 200,
    response: SettlementStep,
    transaction: ({ params, body }) =>
      chaincodeCall('settlements:Arbitrate', { settlementNo: params.settlementNo, ...body }),
  }),
];
