import { chaincodeCall } from '../common/chaincode-call';
import { evaluatePage } from '../common/pagination.schemas';
import { readRoute, type Route } from '../http/route';
import { CurrencyPage, CurrencyParams, CurrencyWithSupply, ListCurrenciesQuery } from './currencies.schemas';

const tags = ['currencies'];

/**
 * Currencies (contract `wallets`). They are registered only by consortium decision: a
 * REGISTER_CURRENCY proposal (`POST /proposals`), approved and executed.
 */
export const currencyRoutes: readonly Route[] = [
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/currencies',
    operationId: 'listCurrencies',
    summary: 'The registered currencies, by code (any member or org admin)',
    description: 'Chaincode `wallets:ListCurrencies`.',
    tags,
    query: ListCurrenciesQuery,
    response: CurrencyPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('wallets:ListCurrencies', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/currencies/:code',
    operationId: 'getCurrency',
    summary: 'A currency with its issued, redeemed and outstanding supply (any member or org admin)',
    description: 'Chaincode `wallets:GetCurrency`.',
    tags,
    params: CurrencyParams,
    response: CurrencyWithSupply,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('wallets:GetCurrency', { code: params.code })),
  }),
];
