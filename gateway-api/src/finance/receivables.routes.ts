import { chaincodeCall } from '../common/chaincode-call';
import { segment, stringAt } from '../common/location';
import { evaluatePage } from '../common/pagination.schemas';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  FinancingCancellationBody,
  FinancingRequestBody,
  IssueReceivableBody,
  ListReceivablesQuery,
  PaymentBody,
  OverdueReceivable,
  Receivable,
  ReceivableHistory,
  ReceivablePage,
  ReceivableParams,
  RejectionBody,
  SplitBody,
  SplitResult,
  TransferBody,
} from './finance.schemas';

const tags = ['receivables'];

/**
 * Accounts receivable (contract `finance`, DOMAIN.md §6): issue → accept → transfer or split →
 * finance with a bank → repay at maturity, or overdue.
 */
export const receivableRoutes: readonly Route[] = [
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/receivables',
    operationId: 'issueReceivable',
    summary: 'Issue a receivable against a debtor (any member: the caller is the creditor and first holder)',
    description: 'Chaincode `finance:IssueReceivable`. It has no value until the debtor accepts it.',
    tags: tags,
    body: IssueReceivableBody,
    successStatus: 201,
    response: Receivable,
    transaction: ({ body }) => chaincodeCall('finance:IssueReceivable', body),
    location: (_input, data) => {
      const id = stringAt(data, 'receivableId');
      return id === undefined ? undefined : `/receivables/${segment(id)}`;
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/receivables',
    operationId: 'listReceivables',
    summary: 'Receivables by holder, creditor or debtor (the party itself, auditors) or by status (auditors)',
    description: 'Chaincode `finance:ListReceivables`.',
    tags: tags,
    query: ListReceivablesQuery,
    response: ReceivablePage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('finance:ListReceivables', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/receivables/:receivableId',
    operationId: 'getReceivable',
    summary: 'A receivable (its creditor, debtor and holder, the bank asked to finance it, auditors)',
    description: 'Chaincode `finance:GetReceivable`.',
    tags: tags,
    params: ReceivableParams,
    response: Receivable,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('finance:GetReceivable', params)),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/receivables/:receivableId/history',
    operationId: 'getReceivableHistory',
    summary: 'Every committed version of a receivable, oldest first (same readers)',
    description: 'Chaincode `finance:GetReceivableHistory`.',
    tags: tags,
    params: ReceivableParams,
    response: ReceivableHistory,
    handle: async ({ transactions, principal, params }) => ({
      items: await transactions.evaluate(principal, chaincodeCall('finance:GetReceivableHistory', params)),
    }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/receivables/:receivableId/acceptance',
    operationId: 'acceptReceivable',
    summary: 'Accept an issued receivable (its debtor)',
    description: 'Chaincode `finance:AcceptReceivable`: ISSUED → ACCEPTED.',
    tags: tags,
    params: ReceivableParams,
    successStatus: 200,
    response: Receivable,
    transaction: ({ params }) => chaincodeCall('finance:AcceptReceivable', params),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/receivables/:receivableId/rejection',
    operationId: 'rejectReceivable',
    summary: 'Reject an issued receivable (its debtor)',
    description: 'Chaincode `finance:RejectReceivable`: ISSUED → REJECTED.',
    tags: tags,
    params: ReceivableParams,
    body: RejectionBody,
    successStatus: 200,
    response: Receivable,
    transaction: ({ params, body }) => chaincodeCall('finance:RejectReceivable', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/receivables/:receivableId/transfer',
    operationId: 'transferReceivable',
    summary: 'Transfer an accepted receivable whole to the owner of an account (its holder)',
    description:
      'Chaincode `finance:TransferReceivable`. A financed receivable stays with its bank until repaid (409).',
    tags: tags,
    params: ReceivableParams,
    body: TransferBody,
    successStatus: 200,
    response: Receivable,
    transaction: ({ params, body }) => chaincodeCall('finance:TransferReceivable', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/receivables/:receivableId/split',
    operationId: 'splitReceivable',
    summary: 'Split an accepted receivable into parts that sum exactly to it; the parent closes (its holder)',
    description:
      'Chaincode `finance:SplitReceivable`. Parts are accepted receivables `<id>-1`, `<id>-2`, … of the same debtor and due time.',
    tags: tags,
    params: ReceivableParams,
    body: SplitBody,
    successStatus: 200,
    response: SplitResult,
    transaction: ({ params, body }) => chaincodeCall('finance:SplitReceivable', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/receivables/:receivableId/financing-request',
    operationId: 'requestFinancing',
    summary: 'Offer an accepted receivable to a bank at an annual rate (its holder)',
    description:
      'Chaincode `finance:RequestFinancing`. A blacklisted holder is refused (403); at or after the due time, 409.',
    tags: tags,
    params: ReceivableParams,
    body: FinancingRequestBody,
    successStatus: 200,
    response: Receivable,
    transaction: ({ params, body }) => chaincodeCall('finance:RequestFinancing', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/receivables/:receivableId/financing-cancellation',
    operationId: 'cancelFinancing',
    summary: 'Withdraw (the holder) or decline (the bank asked) a financing request',
    description: 'Chaincode `finance:CancelFinancing`: back to ACCEPTED.',
    tags: tags,
    params: ReceivableParams,
    body: FinancingCancellationBody,
    successStatus: 200,
    response: Receivable,
    transaction: ({ params, body }) => chaincodeCall('finance:CancelFinancing', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/receivables/:receivableId/financing',
    operationId: 'financeReceivable',
    summary: 'Finance a receivable: pay the holder the discounted amount and become the holder (the bank asked)',
    description:
      "Chaincode `finance:FinanceReceivable`. discounted = ⌊face × (1 − rate × days / 365)⌋ in exact integers, days = ⌈(dueAt − now) / 1 day⌉; paid from `fromAccountId` (the bank's) into the holder's payout account. Nothing is financed twice.",
    tags: tags,
    params: ReceivableParams,
    body: PaymentBody,
    successStatus: 200,
    response: Receivable,
    transaction: ({ params, body }) => chaincodeCall('finance:FinanceReceivable', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/receivables/:receivableId/repayment',
    operationId: 'repayReceivable',
    summary: 'Repay the face amount to the current holder (the debtor)',
    description:
      'Chaincode `finance:RepayReceivable`: SETTLED, with a credit record for the debtor (REPAYMENT_ON_TIME by the due time, else REPAYMENT_LATE).',
    tags: tags,
    params: ReceivableParams,
    body: PaymentBody,
    successStatus: 200,
    response: Receivable,
    transaction: ({ params, body }) => chaincodeCall('finance:RepayReceivable', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/receivables/:receivableId/overdue',
    operationId: 'markReceivableOverdue',
    summary: 'Mark an unpaid receivable past its due time OVERDUE (anyone)',
    description:
      'Chaincode `finance:MarkOverdue`: decided by the transaction time; the debtor gets a REPAYMENT_OVERDUE ' +
      'credit record. The answer is the receivable for its readers (its creditor, debtor and holder, the bank ' +
      'asked to finance it, auditors); anyone else — the keeper too — gets `{receivableId, status: OVERDUE}` ' +
      'only. Before the due time, 409 ILLEGAL_STATE with `details.dueAt` — for anyone but the receivable’s ' +
      'readers the refusal names neither its state nor its due time.',
    tags: tags,
    params: ReceivableParams,
    successStatus: 200,
    response: OverdueReceivable,
    transaction: ({ params }) => chaincodeCall('finance:MarkOverdue', params),
  }),
];
