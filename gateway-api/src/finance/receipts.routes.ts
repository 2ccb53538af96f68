import { chaincodeCall } from '../common/chaincode-call';
import { segment, stringAt } from '../common/location';
import { evaluatePage } from '../common/pagination.schemas';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  IssueReceiptBody,
  ListReceiptsQuery,
  PledgeCancellationBody,
  PledgeRequestBody,
  Receipt,
  ReceiptPage,
  ReceiptParams,
  ReceiptPaymentBody,
} from './finance.schemas';

const tags = ['warehouse receipts'];

/** Warehouse receipts: issue by a warehouse → pledge to a bank for a loan → release on repayment. */
export const receiptRoutes: readonly Route[] = [
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/warehouse-receipts',
    operationId: 'issueReceipt',
    summary: 'Issue a warehouse receipt for goods held to their owner (a warehouse)',
    description: 'Chaincode `finance:IssueReceipt`.',
    tags: tags,
    body: IssueReceiptBody,
    successStatus: 201,
    response: Receipt,
    transaction: ({ body }) => chaincodeCall('finance:IssueReceipt', body),
    location: (_input, data) => {
      const id = stringAt(data, 'receiptId');
      return id === undefined ? undefined : `/warehouse-receipts/${segment(id)}`;
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/warehouse-receipts',
    operationId: 'listReceipts',
    summary: 'Receipts by owner or warehouse (the party itself, auditors) or by status (auditors)',
    description: 'Chaincode `finance:ListReceipts`.',
    tags: tags,
    query: ListReceiptsQuery,
    response: ReceiptPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('finance:ListReceipts', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/warehouse-receipts/:receiptId',
    operationId: 'getReceipt',
    summary: 'A receipt (its owner and warehouse, the bank of its pledge, auditors)',
    description: 'Chaincode `finance:GetReceipt`.',
    tags: tags,
    params: ReceiptParams,
    response: Receipt,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('finance:GetReceipt', params)),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/warehouse-receipts/:receiptId/pledge-request',
    operationId: 'requestPledge',
    summary: 'Offer an unencumbered receipt to a bank as collateral for a loan (its owner)',
    description:
      'Chaincode `finance:RequestPledge`. A pledged receipt cannot be pledged again (409); a blacklisted owner is refused (403).',
    tags: tags,
    params: ReceiptParams,
    body: PledgeRequestBody,
    successStatus: 200,
    response: Receipt,
    transaction: ({ params, body }) => chaincodeCall('finance:RequestPledge', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/warehouse-receipts/:receiptId/pledge-cancellation',
    operationId: 'cancelPledge',
    summary: 'Withdraw (the owner) or decline (the bank asked) a pledge request',
    description: 'Chaincode `finance:CancelPledge`.',
    tags: tags,
    params: ReceiptParams,
    body: PledgeCancellationBody,
    successStatus: 200,
    response: Receipt,
    transaction: ({ params, body }) => chaincodeCall('finance:CancelPledge', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/warehouse-receipts/:receiptId/pledge',
    operationId: 'fundPledge',
    summary: 'Fund a pledge: pay the loan to the owner; the receipt is PLEDGED (the bank asked)',
    description: 'Chaincode `finance:FundPledge`.',
    tags: tags,
    params: ReceiptParams,
    body: ReceiptPaymentBody,
    successStatus: 200,
    response: Receipt,
    transaction: ({ params, body }) => chaincodeCall('finance:FundPledge', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/warehouse-receipts/:receiptId/repayment',
    operationId: 'repayPledge',
    summary: 'Repay the loan to the bank; the receipt is released (its owner)',
    description: 'Chaincode `finance:RepayPledge`: RELEASED, with a LOAN_REPAID credit record.',
    tags: tags,
    params: ReceiptParams,
    body: ReceiptPaymentBody,
    successStatus: 200,
    response: Receipt,
    transaction: ({ params, body }) => chaincodeCall('finance:RepayPledge', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/warehouse-receipts/:receiptId/closure',
    operationId: 'closeReceipt',
    summary: 'Close an unencumbered receipt when the goods leave (its warehouse)',
    description: 'Chaincode `finance:CloseReceipt`.',
    tags: tags,
    params: ReceiptParams,
    successStatus: 200,
    response: Receipt,
    transaction: ({ params }) => chaincodeCall('finance:CloseReceipt', params),
  }),
];
