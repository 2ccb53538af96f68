import { chaincodeCall } from '../common/chaincode-call';
import { evaluatePage } from '../common/pagination.schemas';
import { segment, stringAt } from '../common/location';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  Account,
  AccountPage,
  AccountParams,
  AccountWithBalances,
  Balance,
  BalanceParams,
  Compaction,
  CompactionBody,
  IssuanceBody,
  ListAccountsQuery,
  Movement,
  OpenAccountBody,
  TransferBody,
} from './accounts.schemas';

const tags = ['wallets'];

/** The Location of a movement: it has no resource of its own, its transaction is it. */
function movementLocation(_input: unknown, data: unknown): string | undefined {
  const txId = stringAt(data, 'txId');
  return txId === undefined ? undefined : `/transactions/${segment(txId)}`;
}

/** Wallet accounts and money movements (contract `wallets`). */
export const accountRoutes: readonly Route[] = [
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/accounts',
    operationId: 'openAccount',
    summary: 'Open an account owned by the caller (any active member)',
    description: 'Chaincode `wallets:OpenAccount`. An account id already taken answers 409 CONFLICT.',
    tags,
    body: OpenAccountBody,
    successStatus: 201,
    response: Account,
    transaction: ({ body }) => chaincodeCall('wallets:OpenAccount', body),
    location: ({ body }) => `/accounts/${segment(body.accountId)}`,
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/accounts',
    operationId: 'listAccounts',
    summary: "A party's accounts: the caller's own, or anyone's for an auditor",
    description: 'Chaincode `wallets:ListAccounts`.',
    tags,
    query: ListAccountsQuery,
    response: AccountPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('wallets:ListAccounts', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/accounts/:accountId',
    operationId: 'getAccount',
    summary: 'An account with every currency balance (the owner, an auditor)',
    description: 'Chaincode `wallets:GetAccount`.',
    tags,
    params: AccountParams,
    response: AccountWithBalances,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('wallets:GetAccount', params)),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/accounts/:accountId/balances/:currency',
    operationId: 'getBalance',
    summary: "One currency's balance of an account (the owner, an auditor)",
    description: 'Chaincode `wallets:GetBalance`.',
    tags,
    params: BalanceParams,
    response: Balance,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('wallets:GetBalance', params)),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/accounts/:accountId/compaction',
    operationId: 'compactAccount',
    summary: 'Fold pending credit rows of one currency into the base balance (the owner)',
    description:
      'Chaincode `wallets:CompactAccount`. Moves no money: an account that only receives (a busy store) ' +
      'accumulates one credit row per payment until it spends or compacts.',
    tags,
    params: AccountParams,
    body: CompactionBody,
    successStatus: 200,
    response: Compaction,
    transaction: ({ params, body }) =>
      chaincodeCall('wallets:CompactAccount', { accountId: params.accountId, currency: body.currency }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/issuances',
    operationId: 'issueFunds',
    summary: "Mint funds into an account (the currency's issuer)",
    description:
      'Chaincode `wallets:Issue`. Location is the transaction (`GET /transactions/{id}`): a movement has no ' +
      'resource of its own.',
    tags,
    body: IssuanceBody,
    successStatus: 201,
    response: Movement,
    transaction: ({ body }) => chaincodeCall('wallets:Issue', body),
    location: movementLocation,
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/transfers',
    operationId: 'transferFunds',
    summary: 'Move available funds to another account (the owner of `fromAccountId`)',
    description:
      'Chaincode `wallets:Transfer`. Available funds short of the amount answer 422 INSUFFICIENT_FUNDS. Location ' +
      'is the transaction (`GET /transactions/{id}`).',
    tags,
    body: TransferBody,
    successStatus: 201,
    response: Movement,
    transaction: ({ body }) => chaincodeCall('wallets:Transfer', body),
    location: movementLocation,
  }),
];
