import { setTimeout as sleep } from 'node:timers/promises';
import type { Test } from 'supertest';
import { API, type Identity } from '../scenarios/alliance-bootstrap';
import type { ScenarioTarget } from '../test/scenario-target';
import { Normaliser } from './normalise';
import type { Operation, Outcome } from './operation';

/** Listings are paged to their end, but not forever. */
const MAX_PAGES = 500;

/**
 * One ledger of a differential run, reached through its REST gateway: it resolves an operation's
 * tokens to this ledger's ids, sends it, remembers the transaction ids and blocks its writes got, and
 * normalises its answers. It also adds up the time its requests took.
 */
export class LedgerTarget {
  readonly name: string;
  readonly target: ScenarioTarget;
  readonly parties: ReadonlyMap<Identity, string>;
  /** Transaction id → token (`{{tx:N}}`). */
  readonly transactions = new Map<string, string>();
  readonly normaliser: Normaliser;
  /** Operation index → its transaction id and block number on this ledger. */
  readonly #txOf = new Map<number, string>();
  readonly #blockOf = new Map<number, string>();
  /** Milliseconds this ledger's requests took, summed (concurrent ones each count). */
  elapsedMs = 0;
  /** Milliseconds during which this ledger had a request outstanding: the time the run took on it. */
  busyMs = 0;
  requests = 0;
  #inFlight = 0;
  #busySince = 0;

  constructor(options: {
    name: string;
    target: ScenarioTarget;
    parties: ReadonlyMap<Identity, string>;
    chosenTimes: ReadonlySet<string>;
  }) {
    this.name = options.name;
    this.target = options.target;
    this.parties = options.parties;
    this.normaliser = new Normaliser({ parties: this.parties, transactions: this.transactions }, options.chosenTimes);
  }

  /** Records that operation `index` wrote transaction `txId` (in `block`, when known), as `token`. */
  remember(index: number, txId: string, token: string, block?: string): void {
    this.transactions.set(txId, token);
    this.#txOf.set(index, txId);
    if (block !== undefined) this.#blockOf.set(index, block);
  }

  /** Names a transaction the run did not write through an operation (bootstrap). */
  nameTransaction(txId: string, token: string): void {
    this.transactions.set(txId, token);
  }

  /** This ledger's value of every token in `text`; in a path, party ids are percent-encoded. */
  resolve(text: string, inPath = false): string {
    return text.replace(/\{\{(tx|block|party):([^}]+)\}\}/g, (token, type: string, ref: string) => {
      if (type === 'party') {
        const party = this.parties.get(ref as Identity);
        if (party === undefined) throw new Error(`${this.name}: no party for ${token}`);
        return inPath ? encodeURIComponent(party) : party;
      }
      const value = type === 'tx' ? this.#txOf.get(Number(ref)) : this.#blockOf.get(Number(ref));
      if (value === undefined) throw new Error(`${this.name}: operation ${ref} wrote no transaction (${token})`);
      return value;
    });
  }

  /** Sends an operation (every page of a listing; an async write polled to its commit). */
  async send(op: Operation): Promise<Outcome> {
    const path = this.resolve(op.path, true);
    const query = Object.fromEntries(Object.entries(op.query ?? {}).map(([k, v]) => [k, this.resolve(v)]));
    const body = op.body === undefined ? undefined : resolveDeep(op.body, (s) => this.resolve(s));
    const started = this.#begin();
    try {
      if (op.listing) return await this.#pages(op.as, path, query, op.listing.pageSize);
      const res = await this.#request(
        op.method,
        op.as,
        path,
        { ...query, ...(op.async ? { async: 'true' } : {}) },
        body,
        op.idempotencyKey,
      );
      const outcome: Outcome = {
        status: res.status,
        body: res.body as unknown,
        ...(typeof res.headers.location === 'string' ? { location: res.headers.location } : {}),
        ...(typeof res.headers['idempotent-replayed'] === 'string'
          ? { replayed: res.headers['idempotent-replayed'] }
          : {}),
      };
      if (op.async && res.status === 202) {
        const view = await this.awaitCommit(op.as, String((res.body as { transactionId: unknown }).transactionId));
        return { ...outcome, committed: view.status === 'COMMITTED' };
      }
      return outcome;
    } finally {
      this.#end(started);
    }
  }

  #begin(): number {
    const now = performance.now();
    if (this.#inFlight++ === 0) this.#busySince = now;
    return now;
  }

  #end(started: number): void {
    const now = performance.now();
    this.elapsedMs += now - started;
    if (--this.#inFlight === 0) this.busyMs += now - this.#busySince;
  }

  /** `GET /transactions/{id}` until it leaves PENDING; the final view. */
  async awaitCommit(as: Identity | undefined, txId: string): Promise<{ status: string; blockNumber?: string }> {
    let pause = 20;
    for (let attempt = 0; attempt < 60; attempt++) {
      const res = await this.#request('GET', as, `/transactions/${txId}`, {}, undefined);
      const body = res.body as { status?: string; blockNumber?: string };
      if (res.status === 200 && body.status !== 'PENDING') return body as { status: string; blockNumber?: string };
      if (res.status !== 200 && res.status !== 404) throw new Error(`${this.name}: transaction ${txId}: ${res.status}`);
      await sleep(pause);
      pause = Math.min(pause * 2, 500);
    }
    throw new Error(`${this.name}: transaction ${txId} was not committed`);
  }

  /** A plain GET (events of a transaction, read-backs); timed like operations. */
  async get(as: Identity | undefined, path: string, query: Record<string, string> = {}): Promise<Outcome> {
    const started = this.#begin();
    try {
      const res = await this.#request('GET', as, this.resolve(path, true), query, undefined);
      return { status: res.status, body: res.body as unknown };
    } finally {
      this.#end(started);
    }
  }

  async #pages(
    as: Identity | undefined,
    path: string,
    query: Record<string, string>,
    pageSize: number,
  ): Promise<Outcome> {
    const pages: { items: unknown[]; bookmark: string }[] = [];
    let bookmark = '';
    for (let n = 0; n < MAX_PAGES; n++) {
      const res = await this.#request(
        'GET',
        as,
        path,
        { ...query, pageSize: String(pageSize), ...(bookmark ? { bookmark } : {}) },
        undefined,
      );
      if (res.status !== 200) return { status: res.status, body: res.body as unknown, pages };
      const page = res.body as { items: unknown[]; bookmark: string };
      pages.push(page);
      bookmark = page.bookmark;
      if (bookmark === '') return { status: 200, body: undefined, pages };
    }
    throw new Error(`${this.name}: ${path} has more than ${MAX_PAGES} pages of ${pageSize}`);
  }

  #request(
    method: 'GET' | 'POST',
    as: Identity | undefined,
    path: string,
    query: Record<string, string>,
    body: unknown,
    idempotencyKey?: string,
  ): Test {
    this.requests += 1;
    const http = this.target.http();
    let test = method === 'GET' ? http.get(API + path) : http.post(API + path);
    if (as !== undefined) test = test.set('x-api-key', this.target.key(as));
    if (idempotencyKey !== undefined) test = test.set('idempotency-key', idempotencyKey);
    test = test.query(query);
    return body === undefined ? test : test.send(body as object);
  }
}

/** A deep copy of a JSON value with `f` applied to every string. */
export function resolveDeep(value: unknown, f: (s: string) => string): unknown {
  if (typeof value === 'string') return f(value);
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, f));
  if (typeof value === 'object' && value !== null) {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [k, resolveDeep(v, f)]));
  }
  return value;
}
