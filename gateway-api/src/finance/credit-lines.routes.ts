import { chaincodeCall } from '../common/chaincode-call';
import { segment, stringAt } from '../common/location';
import { evaluatePage } from '../common/pagination.schemas';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  CreditLine,
  CreditLineMovement,
  CreditLinePage,
  GrantCreditLineBody,
  LineMoveBody,
  LineParams,
  ListCreditLinesQuery,
} from './finance.schemas';

const tags = ['credit lines'];

/** Bank credit lines: grant → draw into the wallet → repay. */
export const creditLineRoutes: readonly Route[] = [
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/credit-lines',
    operationId: 'grantCreditLine',
    summary: "Grant a party a credit line funded from the bank's own account (a bank)",
    description: 'Chaincode `finance:GrantCreditLine`. A blacklisted borrower is refused (403).',
    tags: tags,
    body: GrantCreditLineBody,
    successStatus: 201,
    response: CreditLine,
    transaction: ({ body }) => chaincodeCall('finance:GrantCreditLine', body),
    location: (_input, data) => {
      const id = stringAt(data, 'lineId');
      return id === undefined ? undefined : `/credit-lines/${segment(id)}`;
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/credit-lines',
    operationId: 'listCreditLines',
    summary: 'Credit lines by borrower or bank (the party itself, auditors)',
    description: 'Chaincode `finance:ListCreditLines`.',
    tags: tags,
    query: ListCreditLinesQuery,
    response: CreditLinePage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('finance:ListCreditLines', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/credit-lines/:lineId',
    operationId: 'getCreditLine',
    summary: 'A credit line (its borrower, its bank, auditors)',
    description: 'Chaincode `finance:GetCreditLine`.',
    tags: tags,
    params: LineParams,
    response: CreditLine,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('finance:GetCreditLine', params)),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/credit-lines/:lineId/draws',
    operationId: 'drawCreditLine',
    summary: "Draw on a credit line into one's own account (its borrower)",
    description:
      'Chaincode `finance:DrawCreditLine`. Beyond the limit: 422 INSUFFICIENT_FUNDS with `details.available`. Settlements draw on lines too (`creditLineId` in `POST /settlements`).',
    tags: tags,
    params: LineParams,
    body: LineMoveBody,
    successStatus: 201,
    response: CreditLineMovement,
    transaction: ({ params, body }) => chaincodeCall('finance:DrawCreditLine', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/credit-lines/:lineId/repayments',
    operationId: 'repayCreditLine',
    summary: "Repay up to the drawn amount into the bank's funding account (its borrower)",
    description: 'Chaincode `finance:RepayCreditLine`: restores the line.',
    tags: tags,
    params: LineParams,
    body: LineMoveBody,
    successStatus: 201,
    response: CreditLineMovement,
    transaction: ({ params, body }) => chaincodeCall('finance:RepayCreditLine', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/credit-lines/:lineId/closure',
    operationId: 'closeCreditLine',
    summary: 'Close a fully repaid credit line (its bank)',
    description: 'Chaincode `finance:CloseCreditLine`. With an amount still drawn: 409 ILLEGAL_STATE.',
    tags: tags,
    params: LineParams,
    successStatus: 200,
    response: CreditLine,
    transaction: ({ params }) => chaincodeCall('finance:CloseCreditLine', params),
  }),
];
