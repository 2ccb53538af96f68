import { chaincodeCall } from '../common/chaincode-call';
import { segment, stringAt } from '../common/location';
import { evaluatePage } from '../common/pagination.schemas';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  LiquidityProvider,
  PayQuoteBody,
  ProviderPage,
  ProviderParams,
  ProvidersQuery,
  ProviderStatusBody,
  Quote,
  QuoteParams,
  RegisterProviderBody,
  RequestQuoteBody,
} from './fx.schemas';

const tags = ['cross-currency payment'];

/**
 * Cross-currency payment (contract `fx`, DOMAIN.md §7, patent step S103): a bank's liquidity provider
 * converts at an FX feed's rate plus its spread; a payer asks for a quote (rate, amount in A, expiry)
 * and pays it before it expires, at the rate of the paying transaction within its slippage bound.
 */
export const fxRoutes: readonly Route[] = [
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/liquidity-providers',
    operationId: 'registerLiquidityProvider',
    summary: "Offer conversion between an FX feed's two currencies from one of your accounts (a bank)",
    description:
      'Chaincode `fx:RegisterProvider`. The account holds both currencies: it receives what payers pay and pays ' +
      'what payees receive. Its balances never appear in a quote, an event or an error.',
    tags,
    body: RegisterProviderBody,
    successStatus: 201,
    response: LiquidityProvider,
    transaction: ({ body }) => chaincodeCall('fx:RegisterProvider', body),
    location: ({ body }) => `/liquidity-providers/${segment(body.providerId)}`,
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/liquidity-providers',
    operationId: 'listLiquidityProviders',
    summary: 'The liquidity providers (any member)',
    description: 'Chaincode `fx:ListProviders`, by provider id.',
    tags,
    query: ProvidersQuery,
    response: ProviderPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('fx:ListProviders', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/liquidity-providers/:providerId',
    operationId: 'getLiquidityProvider',
    summary: 'A liquidity provider: its bank, feed, currencies, spread and status (any member)',
    description: 'Chaincode `fx:GetProvider`.',
    tags,
    params: ProviderParams,
    response: LiquidityProvider,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('fx:GetProvider', params)),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/liquidity-providers/:providerId/status',
    operationId: 'setLiquidityProviderStatus',
    summary: 'Pause a provider (it refuses every quote and payment) or resume it (its bank)',
    description: 'Chaincode `fx:SetProviderStatus`. The status it has already answers 409 ILLEGAL_STATE.',
    tags,
    params: ProviderParams,
    body: ProviderStatusBody,
    successStatus: 200,
    response: LiquidityProvider,
    transaction: ({ params, body }) => chaincodeCall('fx:SetProviderStatus', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/fx-quotes',
    operationId: 'requestFxQuote',
    summary: 'Ask what paying an amount in currency B costs in currency A (the owner of the paying account)',
    description:
      'Chaincode `fx:RequestQuote`: the rate (the FX feed’s fresh value, 409 `STALE_VALUE` / `NO_QUORUM` ' +
      'otherwise), `payAmount` in A with the provider’s spread, rounded up, and `expiresAt`. For an escrow funded ' +
      'in another currency, quote into your own buyer account and pass `exchange.quoteId` to `POST /settlements`.',
    tags,
    body: RequestQuoteBody,
    successStatus: 201,
    response: Quote,
    transaction: ({ body }) => chaincodeCall('fx:RequestQuote', body),
    location: (_input, data) => {
      const id = stringAt(data, 'quoteId');
      return id === undefined ? undefined : `/fx-quotes/${segment(id)}`;
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/fx-quotes/:quoteId',
    operationId: 'getFxQuote',
    summary: 'A quote, and once paid what it converted at (its payer, payee and provider, auditors)',
    description: 'Chaincode `fx:GetQuote`.',
    tags,
    params: QuoteParams,
    response: Quote,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('fx:GetQuote', params)),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/fx-quotes/:quoteId/payment',
    operationId: 'payFxQuote',
    summary: 'Pay a quote before it expires, at the rate of this transaction within a slippage bound (its payer)',
    description:
      'Chaincode `fx:PayQuote`: A moves from the payer to the provider, B from the provider to the payee. 409 ' +
      '`ILLEGAL_STATE` when the quote expired, the provider is paused, or the rate moved so that paying costs more ' +
      'than `payAmount × (1 + maxSlippageBps / 10000)` (details: the quoted and the current amount); 422 ' +
      '`INSUFFICIENT_FUNDS` when the payer is short, or the provider is (then naming only the provider and currency).',
    tags,
    params: QuoteParams,
    body: PayQuoteBody,
    successStatus: 200,
    response: Quote,
    transaction: ({ params, body }) => chaincodeCall('fx:PayQuote', { ...params, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/fx-quotes/:quoteId/cancellation',
    operationId: 'cancelFxQuote',
    summary: 'Drop a quote you will not pay (its payer)',
    description: 'Chaincode `fx:CancelQuote`.',
    tags,
    params: QuoteParams,
    successStatus: 200,
    response: Quote,
    transaction: ({ params }) => chaincodeCall('fx:CancelQuote', params),
  }),
];
