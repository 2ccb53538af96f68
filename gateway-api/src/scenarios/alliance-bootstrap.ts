import { createHash } from 'node:crypto';
import { canonicalJson } from '@allianceledger/contract';
import type { Org, Role } from '@allianceledger/contract';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Response, Test } from 'supertest';
import { openScenarioTarget, type ScenarioTarget } from '../test/scenario-target';

/**
 * The alliance as REST scenarios need it, built through the HTTP API only, so that the same scenarios
 * run on devnet and against a gateway on a real Fabric network that keeps its state between runs:
 *
 * - members registered with their roles, each by its org's admin (a member already registered by an
 *   earlier run keeps its roles and gains any it lacks, and is reinstated if a run left it suspended);
 * - a currency new to this run (the code carries `runId`), registered by a consortium decision:
 *   proposed and approved by FinanceMSP, approved by EcommerceMSP, executed;
 * - helpers for accounts, issuance, balances and purchases, with ids unique to the run.
 */

export const API = '/api/v1';

/** An identity the gateway holds, as API keys name it: `EcommerceMSP:buyer1`. */
export type Identity = `${Org}:${string}`;

/** The members scenarios use, and their roles. */
export const MEMBERS: readonly { readonly identity: Identity; readonly roles: readonly Role[] }[] = [
  { identity: 'EcommerceMSP:store1', roles: ['store'] },
  { identity: 'EcommerceMSP:store2', roles: ['store', 'warehouse'] },
  { identity: 'EcommerceMSP:buyer1', roles: ['buyer'] },
  { identity: 'EcommerceMSP:buyer2', roles: ['buyer'] },
  { identity: 'EcommerceMSP:arbitrator1', roles: ['arbitrator'] },
  { identity: 'EcommerceMSP:oracle1', roles: ['oracle'] },
  { identity: 'FinanceMSP:bank1', roles: ['bank'] },
  { identity: 'FinanceMSP:bank2', roles: ['bank'] },
  { identity: 'FinanceMSP:issuer1', roles: ['issuer'] },
  { identity: 'FinanceMSP:auditor1', roles: ['auditor'] },
  { identity: 'EnergyMSP:producer1', roles: ['energy_producer'] },
  { identity: 'EnergyMSP:consumer1', roles: ['energy_consumer'] },
  { identity: 'EnergyMSP:meter1', roles: ['oracle'] },
];

/** The identity that issues the scenario currency. */
export const ISSUER: Identity = 'FinanceMSP:issuer1';

/** Requests as one identity (its API key); paths are relative to /api/v1. */
export interface Client {
  get(path: string, query?: Readonly<Record<string, string | number>>): Test;
  /** A JSON POST; `query` e.g. `{async: 'true'}`. */
  post(path: string, body?: object, query?: Readonly<Record<string, string>>): Test;
  /** A multipart/form-data POST of one file (field `file`) and text fields. */
  upload(path: string, file: FilePart, fields?: Readonly<Record<string, string>>): Test;
}

/** A file to upload. */
export interface FilePart {
  readonly content: Buffer;
  readonly filename: string;
  readonly contentType?: string;
}

/** The balance of the scenario currency in one account. */
export interface Balance {
  readonly available: string;
  readonly frozen: string;
}

/** A settlement a scenario requested. */
export interface Purchase {
  readonly storeOrderNo: string;
  readonly settlementNo: string;
  /** The store's handle, as the order names it (`storeHandle`). */
  readonly store: string;
  /** `/stores/{store}/orders/{storeOrderNo}`: the purchase by its store order. */
  readonly orderPath: string;
  readonly snapshot: OrderSnapshot;
  /** The whole 201 response. */
  readonly response: Response;
}

export interface OrderSnapshot {
  readonly storeOrderNo: string;
  readonly currency: string;
  readonly amount: string;
  readonly items: readonly Readonly<Record<string, string | number>>[];
  readonly shippingAddress: Readonly<Record<string, string>>;
  readonly note?: string;
}

/** A bootstrapped alliance on a scenario target. */
export class Alliance {
  readonly target: ScenarioTarget;
  /** The code of the currency registered for this run. */
  readonly currency: string;
  /** The consortium proposal that registered it. */
  readonly currencyProposalId: string;
  readonly #parties: ReadonlyMap<Identity, string>;
  #sequence = 0;

  private constructor(
    target: ScenarioTarget,
    currency: { code: string; proposalId: string },
    parties: ReadonlyMap<Identity, string>,
  ) {
    this.target = target;
    this.currency = currency.code;
    this.currencyProposalId = currency.proposalId;
    this.#parties = parties;
  }

  /**
   * Bootstraps members and this run's currency on `target` (by default the scenario target the
   * environment names, opened here); the alliance owns the target and closes it, also on failure.
   */
  static async open(target?: ScenarioTarget): Promise<Alliance> {
    target ??= await openScenarioTarget();
    try {
      const parties = await registerMembers(target);
      const issuer = parties.get(ISSUER);
      if (issuer === undefined) throw new Error(`${ISSUER} is not among the bootstrap members`);
      const currency = await registerCurrency(target, issuer);
      await ensureLogisticsFeed(target, parties.get(LOGISTICS_ORACLE) ?? LOGISTICS_ORACLE);
      return new Alliance(target, currency, parties);
    } catch (err) {
      await target.close();
      throw err;
    }
  }

  close(): Promise<void> {
    return this.target.close();
  }

  /** A client acting as `identity`. */
  as(identity: Identity): Client {
    return client(this.target, identity);
  }

  /** Carries out a consortium decision (see {@link decide}). */
  decide(
    kind: string,
    payload: Readonly<Record<string, unknown>>,
    description = kind,
  ): Promise<{ proposalId: string; result: Readonly<Record<string, unknown>> }> {
    return decide(this.target, kind, payload, description);
  }

  /** A client without credentials. */
  anonymous(): Client {
    return client(this.target, undefined);
  }

  /** Every bootstrap member's party id. */
  parties(): ReadonlyMap<Identity, string> {
    return this.#parties;
  }

  /** The party id of a bootstrap member. */
  party(identity: Identity): string {
    const party = this.#parties.get(identity);
    if (party === undefined) throw new Error(`${identity} is not a bootstrap member`);
    return party;
  }

  /** An id unique to this run and this alliance: `<label>-<n>-<runId>`. */
  uniqueId(label: string): string {
    this.#sequence += 1;
    return `${label}-${this.#sequence}-${this.target.runId}`;
  }

  /** Opens an account owned by `owner` and credits it `amount` (if any) by the currency's issuer. */
  async openAccount(owner: Identity, label: string, amount?: string): Promise<string> {
    const accountId = this.uniqueId(label);
    await expectStatus(this.as(owner).post('/accounts', { accountId }), 201);
    if (amount !== undefined) {
      await expectStatus(
        this.as(ISSUER).post('/issuances', { currency: this.currency, accountId, amount, reference: 'scenario funds' }),
        201,
      );
    }
    return accountId;
  }

  /**
   * The ledger's idea of now: the timestamp of a fresh transaction (an account opened for the purpose).
   * On devnet the scenario clock may have been moved; on a remote target it is the gateway's clock.
   */
  async ledgerNow(owner: Identity = 'FinanceMSP:auditor1'): Promise<number> {
    const res = await expectStatus(this.as(owner).post('/accounts', { accountId: this.uniqueId('clock') }), 201);
    return Date.parse((res.body as { data: { openedAt: string } }).data.openedAt);
  }

  /** The scenario currency's balance of an account, as its owner (or an auditor) reads it. */
  async balance(reader: Identity, accountId: string): Promise<Balance> {
    const res = await expectStatus(
      this.as(reader).get(`/accounts/${encodeURIComponent(accountId)}/balances/${this.currency}`),
      200,
    );
    const body = res.body as Balance;
    return { available: body.available, frozen: body.frozen };
  }

  /** An order snapshot of `amount`: two lines that add up to it (amount ≥ 2). */
  snapshot(storeOrderNo: string, amount: string): OrderSnapshot {
    const total = BigInt(amount);
    const first = total / 2n;
    return {
      storeOrderNo,
      currency: this.currency,
      amount,
      items: [
        { name: 'Tea set', model: 'TS-2', spec: 'porcelain, 6 cups', quantity: 1, unitPrice: first.toString() },
        {
          name: 'Green tea',
          spec: '250 g',
          quantity: 2,
          unitPrice: (total - first).toString(),
          discount: (total - first).toString(),
          origin: 'Hangzhou',
          warehouse: 'WH-3',
        },
      ],
      shippingAddress: {
        recipient: 'Li Wei',
        phone: '+86 10 5555 0100',
        line1: '1 Example Road',
        city: 'Beijing',
        postalCode: '100000',
        country: 'CN',
      },
      note: 'leave with the concierge',
    };
  }

  /** The buyer requests a settlement for a new store order of the store account; 201 expected. */
  async purchase(
    buyer: Identity,
    buyerAccountId: string,
    storeAccountId: string,
    amount: string,
    extra: Readonly<Record<string, unknown>> = {},
  ): Promise<Purchase> {
    this.#sequence += 1;
    const storeOrderNo = `${storeAccountId}-o${this.#sequence}`;
    const snapshot = this.snapshot(storeOrderNo, amount);
    const response = await expectStatus(
      this.as(buyer).post('/settlements', {
        storeOrderNo,
        buyerAccountId,
        storeAccountId,
        currency: this.currency,
        amount,
        ...extra,
        order: snapshot,
      }),
      201,
    );
    const { settlement, order } = (
      response.body as { data: { settlement: { settlementNo: string }; order: { storeHandle?: string } } }
    ).data;
    const store = order.storeHandle;
    if (store === undefined) throw new Error(`the order names no store handle: ${JSON.stringify(order)}`);
    const orderPath = `/stores/${encodeURIComponent(store)}/orders/${encodeURIComponent(storeOrderNo)}`;
    return { storeOrderNo, settlementNo: settlement.settlementNo, store, orderPath, snapshot, response };
  }
}

/** Awaits a request and fails with its body when the status is not `status`. */
export async function expectStatus(test: Test, status: number): Promise<Response> {
  const res = await test;
  if (res.status !== status) {
    throw new Error(`${describeRequest(res)}: expected ${status}, got ${res.status} ${JSON.stringify(res.body)}`);
  }
  return res;
}

/**
 * Awaits a request that must fail with `status` and problem `code` as application/problem+json;
 * returns the problem body.
 */
export async function expectProblem(
  test: Test,
  status: number,
  code: string,
): Promise<Readonly<Record<string, unknown>>> {
  const res = await test;
  const body = res.body as Readonly<Record<string, unknown>>;
  if (res.status !== status || body.code !== code) {
    throw new Error(
      `${describeRequest(res)}: expected ${status} ${code}, got ${res.status} ${JSON.stringify(res.body)}`,
    );
  }
  const type = String(res.headers['content-type']);
  if (!type.startsWith('application/problem+json')) throw new Error(`${describeRequest(res)}: content type ${type}`);
  return body;
}

/** SHA-256 (hex) of canonical JSON (keys sorted at every depth, no whitespace): the snapshot hash. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}

/** Every item of a listing, following the bookmark page by page to the last (at most `maxPages`). */
export async function listAll<T>(
  as: Client,
  path: string,
  query: Readonly<Record<string, string | number>> = {},
  maxPages = 100,
): Promise<T[]> {
  const items: T[] = [];
  let bookmark = '';
  for (let page = 0; page < maxPages; page++) {
    const res = await expectStatus(as.get(path, { pageSize: 100, ...query, ...(bookmark ? { bookmark } : {}) }), 200);
    const body = res.body as { items: T[]; bookmark: string };
    items.push(...body.items);
    bookmark = body.bookmark;
    if (bookmark === '') return items;
  }
  throw new Error(`${path}: more than ${maxPages} pages`);
}

/**
 * Polls `GET /transactions/{id}` until the transaction leaves PENDING (or is not yet known), with a
 * growing pause and a bounded number of attempts; answers the final body.
 */
export async function awaitTransaction(
  as: Client,
  transactionId: string,
  attempts = 40,
): Promise<Readonly<Record<string, unknown>>> {
  let pause = 10;
  for (let attempt = 1; attempt <= attempts; attempt++) {
    const res = await as.get(`/transactions/${transactionId}`);
    const body = res.body as Readonly<Record<string, unknown>>;
    if (res.status === 200 && body.status !== 'PENDING') return body;
    if (res.status !== 200 && res.status !== 404)
      throw new Error(`transaction status: ${res.status} ${JSON.stringify(body)}`);
    await sleep(pause);
    pause = Math.min(pause * 2, 1000);
  }
  throw new Error(`transaction ${transactionId} was not committed after ${attempts} polls`);
}

/**
 * Polls `GET path` as `as` until `done` holds for its body (the keeper acting on a deadline, say);
 * answers that body, or fails after `timeoutMs` with the last one.
 */
export async function awaitResource<T>(
  as: Client,
  path: string,
  done: (body: T) => boolean,
  timeoutMs = 30_000,
): Promise<T> {
  const start = Date.now();
  let last: unknown;
  for (let pause = 50; Date.now() - start < timeoutMs; pause = Math.min(pause * 2, 1000)) {
    const res = await expectStatus(as.get(path), 200);
    last = res.body;
    if (done(res.body as T)) return res.body as T;
    await sleep(pause);
  }
  throw new Error(`${path} did not reach the expected state within ${timeoutMs} ms: ${JSON.stringify(last)}`);
}

function client(target: ScenarioTarget, identity: Identity | undefined): Client {
  const authenticate = (test: Test): Test =>
    identity === undefined ? test : test.set('x-api-key', target.key(identity));
  return {
    get: (path, query = {}) =>
      authenticate(
        target
          .http(identity)
          .get(API + path)
          .query(query),
      ),
    post: (path, body, query = {}) => {
      const test = authenticate(
        target
          .http(identity)
          .post(API + path)
          .query(query),
      );
      return body === undefined ? test : test.send(body);
    },
    upload: (path, file, fields = {}) => {
      let test = authenticate(target.http(identity).post(API + path));
      for (const [name, value] of Object.entries(fields)) test = test.field(name, value);
      return test.attach('file', file.content, {
        filename: file.filename,
        ...(file.contentType ? { contentType: file.contentType } : {}),
      });
    },
  };
}

function describeRequest(res: Response): string {
  const req = (res as Response & { req?: { method?: string; path?: string } }).req;
  return `${req?.method ?? '?'} ${req?.path ?? '?'}`;
}

/** Each member's party id (from `GET /me`), registered by its org's admin; answers the party ids. */
async function registerMembers(target: ScenarioTarget): Promise<Map<Identity, string>> {
  const parties = new Map<Identity, string>();
  await Promise.all(
    MEMBERS.map(async ({ identity, roles }) => {
      const me = await expectStatus(client(target, identity).get('/me'), 200);
      const party = (me.body as { caller: { party: string } }).caller.party;
      parties.set(identity, party);
      const admin = client(target, adminOf(identity));
      const res = await admin.post('/members', { member: party, name: identity, roles });
      if (res.status === 201) return;
      if (res.status !== 409 || (res.body as { code?: unknown }).code !== 'CONFLICT') {
        throw new Error(`registering ${identity}: ${res.status} ${JSON.stringify(res.body)}`);
      }
      // Registered by an earlier run: it must hold the roles (an older run may have given it fewer), and be active.
      const path = `/members/${encodeURIComponent(party)}`;
      const existing = (await expectStatus(admin.get(path), 200)).body as { roles: string[]; status: string };
      if (!roles.every((r) => existing.roles.includes(r))) {
        const union = [...new Set([...existing.roles, ...roles])];
        await expectStatus(admin.post(`${path}/roles`, { roles: union, reason: 'scenario bootstrap' }), 200);
      }
      if (existing.status === 'SUSPENDED') {
        await expectStatus(admin.post(`${path}/reinstatement`, { reason: 'scenario bootstrap' }), 200);
      }
    }),
  );
  return parties;
}

/**
 * Registers a currency new to this run by consortium decision and answers its code and proposal. Codes are a letter
 * then 1–15 letters or digits, so the run id (base 36) follows a letter.
 */
async function registerCurrency(target: ScenarioTarget, issuer: string): Promise<{ code: string; proposalId: string }> {
  const code = `S${target.runId}`.slice(0, 16);
  const proposal = await decide(
    target,
    'REGISTER_CURRENCY',
    { code, name: `Scenario currency ${target.runId}`, decimals: 2, issuer },
    'REST scenario bootstrap',
  );
  return { code, proposalId: proposal.proposalId };
}

/**
 * Carries out a consortium decision: proposed and approved by FinanceMSP, approved by EcommerceMSP,
 * executed by EnergyMSP; answers the executed proposal.
 */
export async function decide(
  target: ScenarioTarget,
  kind: string,
  payload: Readonly<Record<string, unknown>>,
  description: string,
): Promise<{ proposalId: string; result: Readonly<Record<string, unknown>> }> {
  const finance = client(target, 'FinanceMSP:Admin');
  const created = await expectStatus(finance.post('/proposals', { kind, payload, description }), 201);
  const proposalId = (created.body as { data: { proposalId: string } }).data.proposalId;
  // One approval per org; approvals of one proposal read-modify-write it, so they go one after the other.
  await expectStatus(finance.post(`/proposals/${proposalId}/approvals`), 200);
  await expectStatus(client(target, 'EcommerceMSP:Admin').post(`/proposals/${proposalId}/approvals`), 200);
  const executed = await expectStatus(
    client(target, 'EnergyMSP:Admin').post(`/proposals/${proposalId}/execution`),
    200,
  );
  const { status, result } = (executed.body as { data: { status: string; result: Record<string, unknown> } }).data;
  if (status !== 'EXECUTED') throw new Error(`${kind} proposal ${proposalId} is ${status}`);
  return { proposalId, result };
}

/** The oracle that reports deliveries on the consortium's logistics feed (a quorum of 1). */
export const LOGISTICS_ORACLE: Identity = 'EcommerceMSP:oracle1';

/**
 * Registers the consortium's logistics feed, which `settlements:RecordDelivery` consumes, unless an
 * earlier run on this ledger did: oracle1 alone, a quorum of 1, reports fresh for a day.
 */
async function ensureLogisticsFeed(target: ScenarioTarget, oracle: string): Promise<void> {
  const existing = await client(target, 'FinanceMSP:Admin').get('/feeds/logistics');
  if (existing.status === 200) return;
  if (existing.status !== 404) throw new Error(`GET /feeds/logistics: ${existing.status}`);
  await decide(
    target,
    'REGISTER_FEED',
    {
      feedId: 'logistics',
      kind: 'LOGISTICS_STATUS',
      description: 'shipment status, by settlement number',
      oracles: [oracle],
      quorum: 1,
      maxAgeSeconds: 86_400,
      scale: 0,
    },
    'REST scenario bootstrap: the logistics feed',
  );
}

function adminOf(identity: Identity): Identity {
  const msp = identity.slice(0, identity.indexOf(':'));
  return `${msp}:Admin` as Identity;
}
