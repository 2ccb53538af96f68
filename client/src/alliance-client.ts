import type {
  AcceptedBody,
  ApiPath,
  HttpMethod,
  PathOf,
  PathParams,
  QueryParams,
  RequestBody,
  SuccessBody,
  WriteBody,
} from './api-types';
import { OfflineFlow } from './offline-flow';
import { retryPolicy, type RetryOptions } from './retry-policy';
import type { Signer } from './signers';
import { sleep, Transport, type Credentials } from './transport';

/** How to reach the gateway and who the client is. */
export interface ClientOptions {
  /** The gateway's URL, e.g. `http://127.0.0.1:3000` (`/api/v1` is added unless it is there already). */
  readonly baseUrl: string;
  /** An API key, sent as `X-API-Key`. */
  readonly apiKey?: string;
  /** A JWT, sent as `Authorization: Bearer …` (instead of an API key). */
  readonly bearerToken?: string;
  /**
   * The device's signer, for a self-custody identity: every write then goes through the offline-signing
   * flow, and the reads that have a chaincode query (`accounts.get`, `accounts.balance`, `settlements.get`,
   * `orders.get`, `members.me`) are signed queries. Each call may pass its own signer instead.
   */
  readonly signer?: Signer;
  /** When to send a request again (docs/api.md, "Idempotency"); defaults: 5 attempts, 250 ms doubling to 5 s. */
  readonly retry?: RetryOptions;
  /** The `fetch` to use (default: the global one). */
  readonly fetch?: typeof fetch;
  /** Makes idempotency keys for writes that are sent without one (default `crypto.randomUUID`). */
  readonly newIdempotencyKey?: () => string;
}

/** Options of any call. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}

/** Options of a read; `signer` makes it a signed query where the method has one. */
export interface ReadOptions extends CallOptions {
  readonly signer?: Signer;
}

/** Options of a write. */
export interface WriteOptions extends CallOptions {
  /**
   * The `Idempotency-Key`: the same key for the same request gets one outcome, whatever is retried. Without
   * one the client makes a fresh key for this call (so its own retries are safe); pass your own to retry
   * across restarts of your program.
   */
  readonly idempotencyKey?: string;
  /** Sign on the device (a self-custody identity) instead of letting the gateway sign. */
  readonly signer?: Signer;
}

/** Options of a raw `request`. */
export interface RequestOptions<P extends ApiPath, M extends HttpMethod> extends CallOptions {
  readonly params?: PathParams<P, M>;
  readonly query?: QueryParams<P, M>;
  readonly body?: RequestBody<P, M>;
  /** Writes only: see `WriteOptions.idempotencyKey`. */
  readonly idempotencyKey?: string;
}

/** Options of `signAndSubmit`. */
export interface SignAndSubmitOptions<P extends ApiPath> extends WriteOptions {
  readonly signer?: Signer;
  readonly params?: PathParams<P, 'post'>;
  /** Answer 202 once the transaction is ordered, without waiting for its commit. */
  readonly async?: boolean;
}

/** Options of `signAndQuery`. */
export interface SignAndQueryOptions extends CallOptions {
  readonly signer?: Signer;
}

type Post<P extends PathOf<'post'>> = WriteBody<P>;
type Get<P extends PathOf<'get'>> = SuccessBody<P, 'get'>;
type Body<P extends PathOf<'post'>> = RequestBody<P, 'post'>;
type Query<P extends PathOf<'get'>> = QueryParams<P, 'get'>;

/** Accounts and their balances. */
export interface Accounts {
  open(body: Body<'/accounts'>, options?: WriteOptions): Promise<Post<'/accounts'>>;
  get(accountId: string, options?: ReadOptions): Promise<Get<'/accounts/{accountId}'>>;
  list(query?: Query<'/accounts'>, options?: CallOptions): Promise<Get<'/accounts'>>;
  balance(
    accountId: string,
    currency: string,
    options?: ReadOptions,
  ): Promise<Get<'/accounts/{accountId}/balances/{currency}'>>;
}

/** Money moved between accounts. */
export interface Transfers {
  create(body: Body<'/transfers'>, options?: WriteOptions): Promise<Post<'/transfers'>>;
}

/** Escrow settlements of store orders: the buyer's side and the reads. */
export interface Settlements {
  /** Freezes a store order's amount in escrow (the buyer). */
  request(body: Body<'/settlements'>, options?: WriteOptions): Promise<Post<'/settlements'>>;
  get(settlementNo: string, options?: ReadOptions): Promise<Get<'/settlements/{settlementNo}'>>;
  list(query: Query<'/settlements'>, options?: CallOptions): Promise<Get<'/settlements'>>;
  /** Confirms receipt (the buyer): pays the store `amountToPay` and releases the rest. */
  confirm(
    settlementNo: string,
    body: Body<'/settlements/{settlementNo}/confirmation'>,
    options?: WriteOptions,
  ): Promise<Post<'/settlements/{settlementNo}/confirmation'>>;
  cancel(
    settlementNo: string,
    body: Body<'/settlements/{settlementNo}/cancellation'>,
    options?: WriteOptions,
  ): Promise<Post<'/settlements/{settlementNo}/cancellation'>>;
  dispute(
    settlementNo: string,
    body: Body<'/settlements/{settlementNo}/dispute'>,
    options?: WriteOptions,
  ): Promise<Post<'/settlements/{settlementNo}/dispute'>>;
}

/**
 * Store orders, named by their store (handle `EcommerceMSP:store1` or party id) and the store's own
 * order number: the store's steps and the reads.
 */
export interface Orders {
  get(
    store: string,
    storeOrderNo: string,
    options?: ReadOptions,
  ): Promise<Get<'/stores/{store}/orders/{storeOrderNo}'>>;
  acknowledgePayment(
    store: string,
    storeOrderNo: string,
    options?: WriteOptions,
  ): Promise<Post<'/stores/{store}/orders/{storeOrderNo}/payment-acknowledgement'>>;
  ship(
    store: string,
    storeOrderNo: string,
    body: Body<'/stores/{store}/orders/{storeOrderNo}/shipment'>,
    options?: WriteOptions,
  ): Promise<Post<'/stores/{store}/orders/{storeOrderNo}/shipment'>>;
}

/** Members of the consortium. */
export interface Members {
  /** Who the caller is: its identity, party id, member record and roles. */
  me(options?: ReadOptions): Promise<Get<'/me'>>;
  get(member: string, options?: CallOptions): Promise<Get<'/members/{member}'>>;
}

/** Ledger transactions. */
export interface Transactions {
  /** `PENDING`, `COMMITTED` or `INVALID`, with block, validation code and events. */
  get(transactionId: string, options?: CallOptions): Promise<Get<'/transactions/{transactionId}'>>;
}

/**
 * A typed client of the AllianceLedger gateway's REST API (`/api/v1`). Error answers throw `ProblemError`;
 * a gateway that does not answer throws `ConnectionError`; a device that cannot sign throws `SigningError`.
 * Reads, writes (each with an `Idempotency-Key`) and offline-signing steps are retried on 503 and on 409
 * with `retryable: true`, with the same key, as docs/api.md says.
 *
 * @example Custodial: the gateway signs as the API key's identity
 * ```ts
 * const client = newAllianceClient({ baseUrl: 'http://127.0.0.1:3000', apiKey: process.env.API_KEY });
 * const { data } = await client.transfers.create({ fromAccountId: 'a', toAccountId: 'b', currency: 'CNY', amount: '100' });
 * ```
 *
 * @example Self-custody: the device signs every transaction
 * ```ts
 * const client = newAllianceClient({ baseUrl, apiKey, signer: await loadPemSigner('wallet/key.pem') });
 * const paid = await client.settlements.request({ storeOrderNo, buyerAccountId, storeAccountId, currency: 'CNY', amount: '3000' });
 * await client.settlements.confirm(paid.data.settlement.settlementNo, { amountToPay: '3000' });
 * ```
 */
export interface AllianceClient {
  /** The API's base URL, ending in `/api/v1`. */
  readonly apiUrl: string;
  readonly accounts: Accounts;
  readonly transfers: Transfers;
  readonly settlements: Settlements;
  readonly orders: Orders;
  readonly members: Members;
  readonly transactions: Transactions;

  /** Any operation of the API by method and path, typed from the OpenAPI document. */
  request<M extends HttpMethod, P extends PathOf<M>>(
    method: M,
    path: P,
    options?: RequestOptions<P, M>,
  ): Promise<SuccessBody<P, M> | AcceptedBody<P, M>>;

  /**
   * Runs a write through the offline-signing flow, signing on the device: prepare (`?signing=offline`),
   * sign the proposal's digest, endorsement, sign the transaction's digest, submission. Answers as the
   * route does: committed (`{transactionId, blockNumber, data}`), or 202 `Pending` with `async: true`.
   *
   * @example
   * ```ts
   * await client.signAndSubmit('POST', '/settlements/{settlementNo}/confirmation', { amountToPay: '3000' }, {
   *   signer,
   *   params: { settlementNo },
   * });
   * ```
   */
  signAndSubmit<P extends PathOf<'post'>>(
    method: 'POST',
    path: P,
    body: Body<P>,
    options: SignAndSubmitOptions<P> & { async: true },
  ): Promise<AcceptedBody<P, 'post'>>;
  signAndSubmit<P extends PathOf<'post'>>(
    method: 'POST',
    path: P,
    body: Body<P>,
    options?: SignAndSubmitOptions<P> & { async?: false },
  ): Promise<Post<P>>;

  /**
   * Evaluates a read-only chaincode transaction as a query the device signs (`/offline-queries`): how a
   * self-custody identity reads. The answer is the chaincode's, as the corresponding GET route answers it.
   *
   * @example
   * ```ts
   * const balance = await client.signAndQuery('wallets:GetBalance', { accountId, currency: 'CNY' }, { signer });
   * ```
   */
  signAndQuery<T = unknown>(
    transaction: string,
    input: Readonly<Record<string, unknown>>,
    options?: SignAndQueryOptions,
  ): Promise<T>;
}

/** A client of the gateway at `options.baseUrl`. */
export function newAllianceClient(options: Readonly<ClientOptions>): AllianceClient {
  return new AllianceClientImpl(options);
}

/** The API's base URL from a gateway URL, with or without `/api/v1`. */
export function apiUrlOf(baseUrl: string): string {
  const url = new URL(baseUrl);
  const path = url.pathname.replace(/\/+$/, '');
  url.pathname = path.endsWith('/api/v1') ? path : `${path}/api/v1`;
  return url.toString().replace(/\/+$/, '');
}

/** A path template filled with its parameters, each percent-encoded (party ids hold `/` and `:`). */
export function fillPath(template: string, params: Readonly<Record<string, unknown>> | undefined): string {
  return template.replace(/\{([^}]+)\}/g, (_whole, name: string) => {
    const value = params?.[name];
    if (typeof value !== 'string' && typeof value !== 'number') {
      throw new TypeError(`${template}: the path parameter ${name} is missing`);
    }
    return encodeURIComponent(String(value));
  });
}

function queryString(query: Readonly<Record<string, unknown>> | undefined): string {
  const search = new URLSearchParams();
  for (const [name, value] of Object.entries(query ?? {})) {
    if (value === undefined) continue;
    if (typeof value !== 'string' && typeof value !== 'number' && typeof value !== 'boolean') {
      throw new TypeError(`the query parameter ${name} must be a string, number or boolean`);
    }
    search.append(name, String(value));
  }
  const text = search.toString();
  return text === '' ? '' : `?${text}`;
}

function credentialsOf(options: Readonly<ClientOptions>): Credentials | undefined {
  if (options.apiKey !== undefined && options.bearerToken !== undefined) {
    throw new TypeError('give an apiKey or a bearerToken, not both');
  }
  if (options.apiKey !== undefined) return { apiKey: options.apiKey };
  if (options.bearerToken !== undefined) return { bearerToken: options.bearerToken };
  return undefined;
}

type AnyOptions = CallOptions & {
  params?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  idempotencyKey?: string;
  signer?: Signer;
  async?: boolean;
};

class AllianceClientImpl implements AllianceClient {
  readonly #transport: Transport;
  readonly #signer: Signer | undefined;
  readonly #newKey: () => string;
  readonly accounts: Accounts;
  readonly transfers: Transfers;
  readonly settlements: Settlements;
  readonly orders: Orders;
  readonly members: Members;
  readonly transactions: Transactions;

  constructor(options: Readonly<ClientOptions>) {
    const credentials = credentialsOf(options);
    this.#transport = new Transport({
      apiUrl: apiUrlOf(options.baseUrl),
      ...(credentials ? { credentials } : {}),
      retry: retryPolicy(options.retry),
      fetch: options.fetch ?? globalThis.fetch.bind(globalThis),
      sleep,
      random: Math.random,
    });
    this.#signer = options.signer;
    this.#newKey = options.newIdempotencyKey ?? (() => globalThis.crypto.randomUUID());
    this.accounts = {
      open: (body, o) => this.#write('/accounts', body, o),
      get: (accountId, o) =>
        this.#read('/accounts/{accountId}', { params: { accountId } }, o, ['wallets:GetAccount', { accountId }]),
      list: (query, o) => this.#get('/accounts', { ...o, ...(query ? { query } : {}) }),
      balance: (accountId, currency, o) =>
        this.#read('/accounts/{accountId}/balances/{currency}', { params: { accountId, currency } }, o, [
          'wallets:GetBalance',
          { accountId, currency },
        ]),
    };
    this.transfers = { create: (body, o) => this.#write('/transfers', body, o) };
    this.settlements = {
      request: (body, o) => this.#write('/settlements', body, o),
      get: (settlementNo, o) =>
        this.#read('/settlements/{settlementNo}', { params: { settlementNo } }, o, [
          'settlements:GetSettlement',
          { settlementNo },
        ]),
      list: (query, o) => this.#get('/settlements', { ...o, query }),
      confirm: (settlementNo, body, o) =>
        this.#write('/settlements/{settlementNo}/confirmation', body, { ...o, params: { settlementNo } }),
      cancel: (settlementNo, body, o) =>
        this.#write('/settlements/{settlementNo}/cancellation', body, { ...o, params: { settlementNo } }),
      dispute: (settlementNo, body, o) =>
        this.#write('/settlements/{settlementNo}/dispute', body, { ...o, params: { settlementNo } }),
    };
    this.orders = {
      get: (store, storeOrderNo, o) =>
        this.#read('/stores/{store}/orders/{storeOrderNo}', { params: { store, storeOrderNo } }, o, [
          'settlements:GetOrder',
          { store, storeOrderNo },
        ]),
      acknowledgePayment: (store, storeOrderNo, o) =>
        this.#write('/stores/{store}/orders/{storeOrderNo}/payment-acknowledgement', undefined, {
          ...o,
          params: { store, storeOrderNo },
        }),
      ship: (store, storeOrderNo, body, o) =>
        this.#write('/stores/{store}/orders/{storeOrderNo}/shipment', body, { ...o, params: { store, storeOrderNo } }),
    };
    this.members = {
      me: (o) => this.#read('/me', {}, o, ['members:WhoAmI', {}]),
      get: (member, o) => this.#get('/members/{member}', { ...o, params: { member } }),
    };
    this.transactions = {
      get: (transactionId, o) => this.#get('/transactions/{transactionId}', { ...o, params: { transactionId } }),
    };
  }

  get apiUrl(): string {
    return this.#transport.apiUrl;
  }

  async request<M extends HttpMethod, P extends PathOf<M>>(
    method: M,
    path: P,
    options?: RequestOptions<P, M>,
  ): Promise<SuccessBody<P, M> | AcceptedBody<P, M>> {
    const o = (options ?? {}) as AnyOptions;
    const target = `${fillPath(path, o.params)}${queryString(o.query)}`;
    const answer = await this.#transport.send({
      method: method === 'get' ? 'GET' : 'POST',
      path: target,
      body: o.body,
      retry: true,
      ...(method === 'post' ? { idempotencyKey: o.idempotencyKey ?? this.#newKey() } : {}),
      ...(o.signal ? { signal: o.signal } : {}),
    });
    return answer.body as SuccessBody<P, M> | AcceptedBody<P, M>;
  }

  signAndSubmit<P extends PathOf<'post'>>(
    method: 'POST',
    path: P,
    body: Body<P>,
    options: SignAndSubmitOptions<P> & { async: true },
  ): Promise<AcceptedBody<P, 'post'>>;
  signAndSubmit<P extends PathOf<'post'>>(
    method: 'POST',
    path: P,
    body: Body<P>,
    options?: SignAndSubmitOptions<P> & { async?: false },
  ): Promise<Post<P>>;
  async signAndSubmit<P extends PathOf<'post'>>(
    _method: 'POST',
    path: P,
    body: Body<P>,
    options: SignAndSubmitOptions<P> = {},
  ): Promise<Post<P> | AcceptedBody<P, 'post'>> {
    return (await this.#offline(path, body, options as AnyOptions)) as Post<P> | AcceptedBody<P, 'post'>;
  }

  async #offline(path: string, body: unknown, o: AnyOptions): Promise<unknown> {
    const flow = new OfflineFlow({ transport: this.#transport, signer: this.#requireSigner(o.signer) });
    const answer = await flow.submit({
      path: fillPath(path, o.params),
      body,
      idempotencyKey: o.idempotencyKey ?? this.#newKey(),
      async: o.async === true,
      ...(o.signal ? { signal: o.signal } : {}),
    });
    return answer.body;
  }

  async signAndQuery<T = unknown>(
    transaction: string,
    input: Readonly<Record<string, unknown>>,
    options: SignAndQueryOptions = {},
  ): Promise<T> {
    const flow = new OfflineFlow({ transport: this.#transport, signer: this.#requireSigner(options.signer) });
    return (await flow.query(transaction, input, options)) as T;
  }

  #requireSigner(signer: Signer | undefined): Signer {
    const chosen = signer ?? this.#signer;
    if (!chosen) throw new TypeError('no signer: pass one to the call or to newAllianceClient');
    return chosen;
  }

  /** A write: offline-signed when a signer is at hand, else signed by the gateway. */
  #write<P extends PathOf<'post'>>(path: P, body: Body<P>, options: AnyOptions = {}): Promise<Post<P>> {
    const signer = options.signer ?? this.#signer;
    if (signer) return this.#offline(path, body, { ...options, signer, async: false }) as Promise<Post<P>>;
    return this.request('post', path, { ...options, body } as RequestOptions<P, 'post'>) as Promise<Post<P>>;
  }

  #get<P extends PathOf<'get'>>(path: P, options: AnyOptions): Promise<Get<P>> {
    return this.request('get', path, options as RequestOptions<P, 'get'>) as Promise<Get<P>>;
  }

  /** A read: a signed query when a signer is at hand (a self-custody identity), else a GET. */
  #read<P extends PathOf<'get'>>(
    path: P,
    request: { params?: Record<string, unknown> },
    options: ReadOptions = {},
    [transaction, input]: readonly [string, Record<string, unknown>],
  ): Promise<Get<P>> {
    const signer = options.signer ?? this.#signer;
    if (signer) return this.signAndQuery<Get<P>>(transaction, input, { ...options, signer });
    return this.#get(path, { ...options, ...request });
  }
}
