/**
 * Test harness: the chaincode deployed on a devnet, with real certificate identities and
 * fabric-contract-api dispatch. One devnet per test file.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import {
  CommitError,
  Devnet,
  EndorseError,
  type BatchOptions,
  type DevnetContract,
  type TransactionStatus,
} from '@allianceledger/devnet';
import { EVENT_PAYLOADS, EventName, type Org, type Role } from '@allianceledger/contract';
import { contracts } from '../index';
import { parseErrorMessage, type ErrorBody, type ErrorCode } from '../lib/errors';
import collections from '../../collections_config.json';

export const CHAINCODE = 'alliance';

function isEventName(name: string): name is EventName {
  return (Object.values(EventName) as string[]).includes(name);
}

/** Every demo identity devnet creates, by org. */
export const USERS = {
  EcommerceMSP: ['Admin', 'store1', 'store2', 'buyer1', 'buyer2', 'arbitrator1', 'oracle1'],
  FinanceMSP: ['Admin', 'bank1', 'bank2', 'issuer1', 'auditor1'],
  EnergyMSP: ['Admin', 'producer1', 'consumer1', 'meter1'],
} as const;

export type Msp = keyof typeof USERS & Org;
export type UserRef = readonly [Msp, string];

/** The roles the standard bootstrap registers. */
export const STANDARD_ROLES: readonly (readonly [Msp, string, readonly Role[]])[] = [
  ['EcommerceMSP', 'store1', ['store']],
  ['EcommerceMSP', 'store2', ['store', 'warehouse']],
  ['EcommerceMSP', 'buyer1', ['buyer']],
  ['EcommerceMSP', 'buyer2', ['buyer']],
  ['EcommerceMSP', 'arbitrator1', ['arbitrator']],
  ['EcommerceMSP', 'oracle1', ['oracle']],
  ['FinanceMSP', 'bank1', ['bank']],
  ['FinanceMSP', 'bank2', ['bank', 'issuer']],
  ['FinanceMSP', 'issuer1', ['issuer']],
  ['FinanceMSP', 'auditor1', ['auditor']],
  ['EnergyMSP', 'producer1', ['energy_producer']],
  ['EnergyMSP', 'consumer1', ['energy_consumer']],
  ['EnergyMSP', 'meter1', ['oracle']],
];

/** A JSON document the chaincode returned: tests assert on it with expect(), not through types. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type Doc = any;

/** Field `field` of every element of a JSON array. */
export function pluck(list: Doc, field: string): unknown[] {
  return (list as Record<string, unknown>[]).map((item) => item[field]);
}

export interface CallOptions {
  readonly transient?: Readonly<Record<string, unknown>>;
}

/** A client signing as one devnet identity. */
export class Client {
  readonly user: UserRef;
  readonly #contract: DevnetContract;

  constructor(user: UserRef, contract: DevnetContract) {
    this.user = user;
    this.#contract = contract;
  }

  /** Submits and waits for the commit; returns the parsed result. */
  async submit(name: string, input: unknown = {}, options: CallOptions = {}): Promise<Doc> {
    return parse(await this.#contract.submit(name, proposal(input, options)));
  }

  /** Endorses and orders without waiting for the commit. */
  async submitAsync(
    name: string,
    input: unknown = {},
    options: CallOptions = {},
  ): Promise<{ transactionId: string; result: Doc; status: Promise<TransactionStatus> }> {
    const submitted = await this.#contract.submitAsync(name, proposal(input, options));
    return { transactionId: submitted.transactionId, result: parse(submitted.result), status: submitted.getStatus() };
  }

  /** Submits, waits for a valid commit, and returns the transaction id and block with the result. */
  async run(
    name: string,
    input: unknown = {},
    options: CallOptions = {},
  ): Promise<{ txId: string; blockNumber: bigint; result: Doc }> {
    const submitted = await this.submitAsync(name, input, options);
    const status = await submitted.status;
    if (!status.successful) throw new CommitError(status.transactionId, status.code, status.blockNumber);
    return { txId: submitted.transactionId, blockNumber: status.blockNumber, result: submitted.result };
  }

  async evaluate(name: string, input: unknown = {}, options: CallOptions = {}): Promise<Doc> {
    return parse(await this.#contract.evaluate(name, proposal(input, options)));
  }
}

function proposal(
  input: unknown,
  options: CallOptions,
): { arguments: string[]; transientData?: Record<string, string> } {
  const args = [typeof input === 'string' ? input : JSON.stringify(input)];
  if (!options.transient) return { arguments: args };
  const transientData = Object.fromEntries(
    Object.entries(options.transient).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]),
  );
  return { arguments: args, transientData };
}

function parse(bytes: Uint8Array): Doc {
  const text = Buffer.from(bytes).toString('utf8');
  return text === '' ? undefined : JSON.parse(text);
}

/** The catalogue error a refused call carries; fails the test when the call succeeded or failed otherwise. */
export async function refusal(call: Promise<unknown>): Promise<ErrorBody> {
  let outcome: unknown;
  try {
    await call;
    outcome = undefined;
  } catch (err) {
    outcome = err;
  }
  if (outcome === undefined) throw new Error('expected the call to be refused, but it succeeded');
  if (!(outcome instanceof EndorseError)) throw outcome as Error;
  const body = parseErrorMessage(outcome.message);
  if (!body) throw new Error(`refusal is not a catalogue error: ${outcome.message}`);
  return body;
}

/** Asserts a call is refused with `code`; returns the error body. */
export async function expectCode(call: Promise<unknown>, code: ErrorCode): Promise<ErrorBody> {
  const body = await refusal(call);
  if (body.code !== code) throw new Error(`expected ${code}, got ${body.code}: ${body.message}`);
  return body;
}

export { CommitError, EndorseError };

/** A devnet running the chaincode, a controllable clock, and cached clients and party ids. */
export class Alliance {
  readonly devnet: Devnet;
  readonly #dir: string;
  readonly #clock: { now: number };
  readonly #clients = new Map<string, Client>();
  readonly #parties = new Map<string, string>();

  private constructor(devnet: Devnet, dir: string, clock: { now: number }) {
    this.devnet = devnet;
    this.#dir = dir;
    this.#clock = clock;
  }

  /** A fresh devnet; `batch` sets its block cutting (the benchmark's), tests keep the default. */
  static async open(options: { readonly batch?: BatchOptions } = {}): Promise<Alliance> {
    const dir = await mkdtemp(path.join(tmpdir(), 'alliance-cc-'));
    // Certificates are valid from "now"; the clock starts there and tests move it forward.
    const clock = { now: Date.now() };
    const devnet = await Devnet.open({
      dataDir: dir,
      chaincodes: [{ definition: { name: CHAINCODE, version: '1.0', contracts: [...contracts] }, collections }],
      batch: options.batch ?? { maxMessageCount: 100, batchTimeoutMs: 10 },
      clock: () => new Date(clock.now),
      chaincodeLogLevel: 'CRITICAL',
    });
    return new Alliance(devnet, dir, clock);
  }

  /** The transaction timestamp the next proposal carries, in ms. */
  get now(): number {
    return this.#clock.now;
  }

  /** Moves the clock forward. */
  advance(seconds: number): void {
    this.#clock.now += seconds * 1000;
  }

  async client(msp: Msp, user: string): Promise<Client> {
    const key = `${msp}/${user}`;
    let c = this.#clients.get(key);
    if (!c) {
      const contract = this.devnet.connect(await this.devnet.identity(msp, user)).getContract(CHAINCODE);
      c = new Client([msp, user], contract);
      this.#clients.set(key, c);
    }
    return c;
  }

  /** The party id (`<msp>::<x509 id>`) of a devnet identity, as the chaincode computes it. */
  async party(msp: Msp, user: string): Promise<string> {
    const key = `${msp}/${user}`;
    let p = this.#parties.get(key);
    if (!p) {
      const who = await (await this.client(msp, user)).evaluate('members:WhoAmI', {});
      p = String(who.caller.party);
      this.#parties.set(key, p);
    }
    return p;
  }

  /** Registers members with roles, each by its org's admin, concurrently. */
  async registerMembers(entries: readonly (readonly [Msp, string, readonly string[]])[]): Promise<void> {
    await Promise.all(
      entries.map(async ([msp, user, roles]) => {
        const admin = await this.client(msp, 'Admin');
        await admin.submit('members:RegisterMember', { member: await this.party(msp, user), name: user, roles });
      }),
    );
  }

  /** Carries out a consortium decision: proposed and approved by FinanceMSP, approved by EcommerceMSP, executed. */
  async decide(kind: string, payload: Readonly<Record<string, unknown>>, description = kind): Promise<Doc> {
    const ecommerce = await this.client('EcommerceMSP', 'Admin');
    const finance = await this.client('FinanceMSP', 'Admin');
    const proposal = await finance.submit('consortium:CreateProposal', { kind, payload, description });
    await finance.submit('consortium:ApproveProposal', { proposalId: proposal.proposalId });
    await ecommerce.submit('consortium:ApproveProposal', { proposalId: proposal.proposalId });
    return finance.submit('consortium:ExecuteProposal', { proposalId: proposal.proposalId });
  }

  /** Registers a currency through a consortium proposal approved by a majority and executed. */
  async registerCurrency(code: string, issuer: UserRef, decimals = 2): Promise<void> {
    await this.decide(
      'REGISTER_CURRENCY',
      { code, name: code, decimals, issuer: await this.party(...issuer) },
      `register ${code}`,
    );
  }

  /** Registers an oracle feed by consortium decision; returns the feed. */
  async registerFeed(definition: Readonly<Record<string, unknown>>): Promise<Doc> {
    return (await this.decide('REGISTER_FEED', definition)).result;
  }

  /**
   * Registers a meter's feed (`METER_READING`, Wh at scale 0, one round per delivery window) that
   * `oracles` report (party ids or handles), a quorum of 1, reports fresh for `maxAgeSeconds`.
   */
  async registerMeterFeed(feedId: string, oracles: readonly string[], maxAgeSeconds = 86_400): Promise<Doc> {
    return this.registerFeed({
      feedId,
      kind: 'METER_READING',
      description: `meter feed ${feedId}`,
      oracles,
      quorum: 1,
      maxAgeSeconds,
      scale: 0,
    });
  }

  /**
   * Registers the consortium's logistics feed (`logistics`), which `settlements:RecordDelivery`
   * consumes: by default EcommerceMSP's oracle1 alone, a quorum of 1, reports fresh for a day.
   */
  async registerLogisticsFeed(oracles: readonly UserRef[] = [['EcommerceMSP', 'oracle1']], quorum = 1): Promise<Doc> {
    return this.registerFeed({
      feedId: 'logistics',
      kind: 'LOGISTICS_STATUS',
      description: 'shipment status',
      oracles: await Promise.all(oracles.map(([msp, user]) => this.party(msp, user))),
      quorum,
      maxAgeSeconds: 86_400,
      scale: 0,
    });
  }

  /** The block height. */
  height(): bigint {
    return this.devnet.chainInfo().height;
  }

  /** The chaincode event a committed transaction emitted. */
  async event(txId: string): Promise<{ name: string; payload: Doc } | undefined> {
    const status = await this.devnet.getTransactionStatus(txId);
    if (!status) throw new Error(`transaction ${txId} is not committed`);
    const block = await this.devnet.getDecodedBlock(status.blockNumber);
    const tx = block?.transactions.find((t) => t.txId === txId);
    if (!tx?.event) return undefined;
    const name = tx.event.eventName;
    const payload: unknown = JSON.parse(Buffer.from(tx.event.payload).toString('utf8'));
    // Every event a test reads must be what the contract package says its payload is.
    if (!isEventName(name)) throw new Error(`event ${name} is not in the contract's catalogue`);
    const checked = EVENT_PAYLOADS[name].safeParse(payload);
    if (!checked.success) throw new Error(`event ${name} does not match its payload schema: ${checked.error.message}`);
    return { name, payload };
  }

  /**
   * Asserts `call` is refused with `code` and wrote nothing: no block was cut and every probe reads
   * the same before and after.
   */
  async expectRefused(
    call: () => Promise<unknown>,
    code: ErrorCode,
    probes: readonly (() => Promise<unknown>)[] = [],
  ): Promise<ErrorBody> {
    const before = await Promise.all(probes.map((p) => p()));
    const height = this.height();
    const body = await expectCode(call(), code);
    await this.devnet.flush();
    if (this.height() !== height) throw new Error(`a refused call changed the chain height`);
    const after = await Promise.all(probes.map((p) => p()));
    expect(after).toEqual(before);
    return body;
  }

  async close(): Promise<void> {
    await this.devnet.close();
    await rm(this.#dir, { recursive: true, force: true });
  }
}

/** A valid order snapshot for the transient field `order`. */
export function orderSnapshot(storeOrderNo: string, amount: string, currency = 'CNY'): Record<string, unknown> {
  return {
    storeOrderNo,
    currency,
    amount,
    items: [
      {
        name: 'Tea',
        model: 'Longjing',
        spec: '250g',
        quantity: 1,
        unitPrice: amount,
        discount: '0',
        origin: 'Hangzhou',
        warehouse: 'WH-1',
      },
    ],
    shippingAddress: { recipient: 'Li Lei', line1: '1 West Lake Road', city: 'Hangzhou', country: 'CN' },
  };
}
