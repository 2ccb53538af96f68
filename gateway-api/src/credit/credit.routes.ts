import { chaincodeCall } from '../common/chaincode-call';
import { evaluatePage } from '../common/pagination.schemas';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  AddCreditRecordBody,
  CreditListPage,
  CreditRecord,
  CreditRecordPage,
  CreditReport,
  ListCreditListQuery,
  ListCreditRecordsQuery,
  SubjectParams,
} from './credit.schemas';

const tags = ['credit'];

/**
 * Credit records and reports (contract `credit`, DOMAIN.md §4). Settlements and supply-chain finance
 * write records by themselves; the white- and blacklist change through `POST /proposals` (kinds
 * BLACKLIST, WHITELIST, DELIST).
 */
export const creditRoutes: readonly Route[] = [
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/credit-records',
    operationId: 'addCreditRecord',
    summary: 'Add a credit record about another member, backed by registered evidence (a bank or an arbitrator)',
    description:
      'Chaincode `credit:AddCreditRecord`. The weight comes from the kind; an unregistered evidence hash answers ' +
      '404, a record about oneself 403.',
    tags,
    body: AddCreditRecordBody,
    successStatus: 201,
    response: CreditRecord,
    transaction: ({ body }) => chaincodeCall('credit:AddCreditRecord', body),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/credit-records',
    operationId: 'listCreditRecords',
    summary: "A subject's credit records (the subject, banks, auditors)",
    description: 'Chaincode `credit:ListCreditRecords`.',
    tags,
    query: ListCreditRecordsQuery,
    response: CreditRecordPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('credit:ListCreditRecords', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/credit-reports/:subject',
    operationId: 'getCreditReport',
    summary: "A subject's credit report: score, grade, list status (the subject, banks, auditors)",
    description:
      'Chaincode `credit:GetCreditReport`. The score is a deterministic function of the records: ' +
      '⌊1000 × (P + 100) / (P + N + 200)⌋, P and N the sums of positive and negative weights.',
    tags,
    params: SubjectParams,
    response: CreditReport,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('credit:GetCreditReport', params)),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/credit-list-entries',
    operationId: 'listCreditListEntries',
    summary: 'The blacklist or the whitelist (banks, auditors, org admins)',
    description:
      'Chaincode `credit:ListCreditListEntries`. Entries change only by executed consortium proposals of kind ' +
      'BLACKLIST, WHITELIST or DELIST. A blacklisted party opens no new financing and no credit line.',
    tags,
    query: ListCreditListQuery,
    response: CreditListPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('credit:ListCreditListEntries', query))),
  }),
];
