import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Devnet, protocol, type msp, type SubmittedTransaction as DevnetSubmitted } from '@allianceledger/devnet';
import { KvContract } from '@allianceledger/devnet/dist/test/kv.contract';
import * as grpc from '@grpc/grpc-js';
import type { Status, SubmittedTransaction } from '@hyperledger/fabric-gateway';
import { common } from '@hyperledger/fabric-protos';
import { newFabricConnection, type FabricPeerEndpoint } from './fabric-connection';
import { FabricLedger } from './fabric-ledger';
import { ChaincodeRejection, EndorsementMismatch, LedgerUnavailable } from './ledger-errors';
import type { EventCheckpoint, LedgerEvent } from './ledger-port';
import {
  commitStatusError,
  endorseError,
  FakeBlockStream,
  FakeFabric,
  gatewayError,
  submitError,
  type FakeBlockRequest,
  type FakeBlockStreamOptions,
} from './test/fake-fabric';

const CHANNEL = 'alliance';
const CHAINCODE = 'kvcc';
const ECOMMERCE_PEER = 'peer0.ecommerce.example.com:7051';
const FINANCE_PEER = 'peer0.finance.example.com:9051';
const PEERS: FabricPeerEndpoint[] = [
  { mspId: 'EcommerceMSP', endpoint: ECOMMERCE_PEER, tlsRootCertPath: '/unused' },
  { mspId: 'FinanceMSP', endpoint: FINANCE_PEER, tlsRootCertPath: '/unused' },
];

/**
 * Real blocks from a devnet running the test contract as `kvcc` and, for a foreign chaincode's
 * events, again as `othercc`. Blocks are cut by hand:
 * - A: three `Put`s on kvcc;
 * - B: two concurrent `Increment`s of one key: VALID, then MVCC_READ_CONFLICT;
 * - C: `Put` kvcc, `Put` othercc, `Put` kvcc (marked invalid, below), `Put` kvcc.
 * The test contract has no transaction that both reads and emits an event, so C's third transaction
 * is marked MVCC_READ_CONFLICT in the block's transactions filter, where a committing peer records it.
 */
interface Fixture {
  readonly devnet: Devnet;
  readonly dir: string;
  readonly store1: msp.LoadedSigningIdentity;
  readonly bank1: msp.LoadedSigningIdentity;
  readonly a: { readonly number: bigint; readonly txIds: readonly string[] };
  readonly b: { readonly number: bigint; readonly winner: string; readonly loser: string };
  readonly c: { readonly number: bigint; readonly txIds: readonly string[] };
  /** What a Fabric peer serves, by block number (C with its doctored filter). */
  readonly peerBlocks: ReadonlyMap<bigint, Uint8Array>;
  /** Commit statuses as the devnet reported them, by transaction ID. */
  readonly statuses: ReadonlyMap<string, { blockNumber: bigint; code: number; successful: boolean }>;
}

let fx: Fixture;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(tmpdir(), 'fabric-ledger-test-'));
  const devnet = await Devnet.open({
    dataDir: dir,
    chaincodes: [
      { definition: { name: CHAINCODE, version: '1.0', contracts: [KvContract] } },
      { definition: { name: 'othercc', version: '1.0', contracts: [KvContract] } },
    ],
    batch: { maxMessageCount: 100, batchTimeoutMs: 600_000 },
    chaincodeLogLevel: 'CRITICAL',
  });
  const store1 = await devnet.identity('EcommerceMSP', 'store1');
  const bank1 = await devnet.identity('FinanceMSP', 'bank1');
  const kv = devnet.connect(store1).getContract(CHAINCODE);
  const other = devnet.connect(store1).getContract('othercc');
  const put = (key: string): Promise<DevnetSubmitted> => kv.submitAsync('Put', { arguments: [key, `value of ${key}`] });

  const submitted: DevnetSubmitted[] = [];
  const cut = async (...txs: DevnetSubmitted[]): Promise<string[]> => {
    submitted.push(...txs);
    await devnet.flush();
    return txs.map((t) => t.transactionId);
  };
  const aIds = await cut(await put('a0'), await put('a1'), await put('a2'));
  const [winner, loser] = await cut(
    await kv.submitAsync('Increment', { arguments: ['counter'] }),
    await kv.submitAsync('Increment', { arguments: ['counter'] }),
  );
  const cIds = await cut(
    await put('c0'),
    await other.submitAsync('Put', { arguments: ['o1', 'value of o1'] }),
    await put('c2'),
    await put('c3'),
  );
  const statuses = new Map(
    await Promise.all(submitted.map(async (t) => [t.transactionId, await t.getStatus()] as const)),
  );
  const blockOf = (txId: string | undefined): bigint => statuses.get(txId!)!.blockNumber;

  const peerBlocks = new Map<bigint, Uint8Array>();
  for (let n = 0n; n < devnet.chainInfo().height; n++) {
    const block = (await devnet.getBlock(n))!;
    if (n === blockOf(cIds[0])) {
      const codes = [...protocol.getTransactionsFilter(block)];
      codes[2] = protocol.TxValidationCode.MVCC_READ_CONFLICT;
      protocol.setTransactionsFilter(block, codes);
    }
    peerBlocks.set(n, block.serializeBinary());
  }
  fx = {
    devnet,
    dir,
    store1,
    bank1,
    a: { number: blockOf(aIds[0]), txIds: aIds },
    b: { number: blockOf(winner), winner: winner!, loser: loser! },
    c: { number: blockOf(cIds[0]), txIds: cIds },
    peerBlocks,
    statuses,
  };
});

afterAll(async () => {
  await fx.devnet.close();
  await rm(fx.dir, { recursive: true, force: true });
});

function openLedger(fake: FakeFabric, options: { readyTimeoutMs?: number } = {}): FabricLedger {
  const connection = newFabricConnection({
    channelName: CHANNEL,
    chaincodeName: CHAINCODE,
    peers: PEERS,
    connect: fake.connect,
    newGrpcClient: fake.newGrpcClient,
  });
  return new FabricLedger({ connection, identity: fx.store1, ...options });
}

const request = (overrides: Partial<Parameters<FabricLedger['evaluate']>[0]> = {}) => ({
  signer: fx.store1,
  transaction: 'kv:Get',
  arguments: ['a0'],
  ...overrides,
});

describe('FabricLedger', () => {
  it('uses blocks of the expected shape', () => {
    expect([fx.a.number, fx.b.number, fx.c.number]).toEqual([fx.a.number, fx.a.number + 1n, fx.a.number + 2n]);
    expect(fx.statuses.get(fx.b.winner)?.code).toBe(protocol.TxValidationCode.VALID);
    expect(fx.statuses.get(fx.b.loser)?.code).toBe(protocol.TxValidationCode.MVCC_READ_CONFLICT);
    const c = protocol.decodeBlock(fx.peerBlocks.get(fx.c.number)!);
    expect(c.transactions.map((t) => [t.txId, t.validationCodeName, t.event?.chaincodeId])).toEqual([
      [fx.c.txIds[0], 'VALID', CHAINCODE],
      [fx.c.txIds[1], 'VALID', 'othercc'],
      [fx.c.txIds[2], 'MVCC_READ_CONFLICT', CHAINCODE],
      [fx.c.txIds[3], 'VALID', CHAINCODE],
    ]);
  });

  describe('events', () => {
    /** Serves the peer's blocks from the requested start; the stream waits for more after the last one. */
    function serveBlocks(
      fake: FakeFabric,
      options: (request: FakeBlockRequest) => FakeBlockStreamOptions & { upTo?: bigint } = () => ({}),
    ): FakeBlockStream[] {
      const streams: FakeBlockStream[] = [];
      fake.behaviour.blockEvents = (req) => {
        const { upTo, ...streamOptions } = options(req);
        const blocks = [...fx.peerBlocks]
          .filter(([n]) => n >= (req.startBlock ?? 0n) && (upTo === undefined || n <= upTo))
          .map(([, bytes]) => bytes);
        const stream = new FakeBlockStream(blocks, streamOptions);
        streams.push(stream);
        return stream;
      };
      return streams;
    }

    /** Every event the ledger yields until the peer has sent all its blocks; then aborts. */
    async function eventsUntilIdle(
      fake: FakeFabric,
      after: EventCheckpoint | undefined,
      options: (request: FakeBlockRequest) => FakeBlockStreamOptions & { upTo?: bigint } = () => ({}),
    ): Promise<{ events: LedgerEvent[]; streams: FakeBlockStream[] }> {
      const controller = new AbortController();
      const streams = serveBlocks(fake, (req) => ({
        onIdle: () => {
          controller.abort();
        },
        ...options(req),
      }));
      const events: LedgerEvent[] = [];
      for await (const event of openLedger(fake).events(after, controller.signal)) events.push(event);
      return { events, streams };
    }

    const summary = (events: LedgerEvent[]) =>
      events.map((e) => ({
        position: [e.blockNumber, e.transactionIndex],
        transactionId: e.transactionId,
        eventName: e.eventName,
        payload: JSON.parse(Buffer.from(e.payload).toString()) as unknown,
      }));

    const putEvent = (
      blockNumber: bigint,
      transactionIndex: number,
      transactionId: string | undefined,
      key: string,
    ) => ({
      position: [blockNumber, transactionIndex],
      transactionId,
      eventName: 'Put',
      payload: { key, value: `value of ${key}` },
    });

    const expected = () => [
      putEvent(fx.a.number, 0, fx.a.txIds[0], 'a0'),
      putEvent(fx.a.number, 1, fx.a.txIds[1], 'a1'),
      putEvent(fx.a.number, 2, fx.a.txIds[2], 'a2'),
      putEvent(fx.c.number, 0, fx.c.txIds[0], 'c0'),
      putEvent(fx.c.number, 3, fx.c.txIds[3], 'c3'),
    ];

    it("yields the chaincode's events of valid transactions with their block and transaction index", async () => {
      const fake = new FakeFabric();
      const { events, streams } = await eventsUntilIdle(fake, undefined);
      expect(summary(events)).toEqual(expected());
      // Neither the invalid transaction nor the other chaincode's event got through.
      expect(events.map((e) => e.transactionId)).not.toContain(fx.c.txIds[2]);
      expect(events.map((e) => e.transactionId)).not.toContain(fx.c.txIds[1]);
      expect(fake.blockRequests).toEqual([{ endpoint: ECOMMERCE_PEER, mspId: 'EcommerceMSP', startBlock: 0n }]);
      expect(streams[0]!.closeCount).toBeGreaterThan(0);
    });

    it.each([
      ['inside block A', () => ({ blockNumber: fx.a.number, transactionIndex: 1 }), () => expected().slice(2)],
      ['at the end of block A', () => ({ blockNumber: fx.a.number, transactionIndex: 2 }), () => expected().slice(3)],
      [
        'in block B, which has no events',
        () => ({ blockNumber: fx.b.number, transactionIndex: 7 }),
        () => expected().slice(3),
      ],
      [
        'on the skipped transaction of C',
        () => ({ blockNumber: fx.c.number, transactionIndex: 2 }),
        () => expected().slice(4),
      ],
      ['at the last event', () => ({ blockNumber: fx.c.number, transactionIndex: 3 }), () => []],
    ])('resumes strictly after a checkpoint %s, reading from its block', async (_name, checkpoint, events) => {
      const fake = new FakeFabric();
      const after = checkpoint();
      const result = await eventsUntilIdle(fake, after);
      expect(summary(result.events)).toEqual(events());
      expect(fake.blockRequests.map((r) => r.startBlock)).toEqual([after.blockNumber]);
    });

    it('stops at once when the signal aborts, even inside a block, and closes the stream', async () => {
      const fake = new FakeFabric();
      const streams = serveBlocks(fake);
      const controller = new AbortController();
      const events: LedgerEvent[] = [];
      for await (const event of openLedger(fake).events(undefined, controller.signal)) {
        events.push(event);
        controller.abort();
      }
      expect(events.map((e) => e.transactionId)).toEqual([fx.a.txIds[0]]);
      expect(streams[0]!.closeCount).toBeGreaterThan(0);
    });

    it('ends a stream that is waiting for the next block when the signal aborts', async () => {
      const fake = new FakeFabric();
      let idle: () => void = () => undefined;
      const waiting = new Promise<void>((resolve) => {
        idle = resolve;
      });
      const streams = serveBlocks(fake, () => ({ onIdle: idle }));
      const controller = new AbortController();
      const iterator = openLedger(fake)
        .events({ blockNumber: fx.c.number, transactionIndex: 3 }, controller.signal)
        [Symbol.asyncIterator]();
      const next = iterator.next();
      await waiting;
      controller.abort();
      await expect(next).resolves.toEqual({ done: true, value: undefined });
      expect(streams[0]!.closeCount).toBeGreaterThan(0);
    });

    it('opens no stream for a signal that is already aborted', async () => {
      const fake = new FakeFabric();
      serveBlocks(fake);
      const events: LedgerEvent[] = [];
      for await (const event of openLedger(fake).events(undefined, AbortSignal.abort())) events.push(event);
      expect(events).toEqual([]);
      expect(fake.blockRequests).toEqual([]);
    });

    it('moves to another peer when its peer becomes unreachable, without repeating or losing events', async () => {
      const fake = new FakeFabric();
      const { events } = await eventsUntilIdle(fake, undefined, (req) =>
        req.endpoint === ECOMMERCE_PEER
          ? { upTo: fx.a.number, then: gatewayError(grpc.status.UNAVAILABLE, 'Connection dropped') }
          : {},
      );
      expect(summary(events)).toEqual(expected());
      expect(fake.blockRequests.map((r) => [r.endpoint, r.startBlock])).toEqual([
        [ECOMMERCE_PEER, 0n],
        [FINANCE_PEER, fx.a.number + 1n],
      ]);
    });

    it('fails with LedgerUnavailable when no peer can be reached', async () => {
      const fake = new FakeFabric();
      serveBlocks(fake, () => ({
        upTo: -1n,
        then: gatewayError(grpc.status.UNAVAILABLE, 'No connection established'),
      }));
      const events: LedgerEvent[] = [];
      const iterate = async () => {
        for await (const event of openLedger(fake).events(undefined, new AbortController().signal)) events.push(event);
      };
      await expect(iterate()).rejects.toThrow(LedgerUnavailable);
      expect(events).toEqual([]);
      expect(fake.blockRequests.map((r) => r.endpoint)).toEqual([ECOMMERCE_PEER, FINANCE_PEER]);
    });

    it('passes any other stream failure through', async () => {
      const fake = new FakeFabric();
      const denied = gatewayError(grpc.status.PERMISSION_DENIED, 'access denied');
      serveBlocks(fake, () => ({ then: denied }));
      const events: LedgerEvent[] = [];
      const iterate = async () => {
        for await (const event of openLedger(fake).events(undefined, new AbortController().signal)) events.push(event);
      };
      await expect(iterate()).rejects.toBe(denied);
      expect(events).toHaveLength(5);
      expect(fake.blockRequests).toHaveLength(1);
    });
  });

  describe('transactions', () => {
    it('evaluates on the chaincode as the signer, with arguments and transient data', async () => {
      const fake = new FakeFabric();
      fake.behaviour.evaluate = () => Promise.resolve(Buffer.from('value of a0'));
      const ledger = openLedger(fake);
      const transient = { secret: Buffer.from('s') };
      const result = await ledger.evaluate(request({ signer: fx.bank1, transientData: transient }));
      expect(Buffer.from(result).toString()).toBe('value of a0');
      expect(fake.calls).toEqual([
        {
          endpoint: FINANCE_PEER,
          mspId: 'FinanceMSP',
          channelName: CHANNEL,
          chaincodeName: CHAINCODE,
          transactionName: 'kv:Get',
          options: { arguments: ['a0'], transientData: transient },
          callOptions: undefined,
        },
      ]);
      expect(fake.connections[0]!.options.identity).toBe(fx.bank1.identity);
    });

    it("evaluates on another organisation's peer when the signer's own is UNAVAILABLE", async () => {
      const fake = new FakeFabric();
      fake.behaviour.evaluate = (call) =>
        call.endpoint === ECOMMERCE_PEER
          ? Promise.reject(gatewayError(grpc.status.UNAVAILABLE, 'No connection established'))
          : Promise.resolve(Buffer.from('from finance'));
      const result = await openLedger(fake).evaluate(request());
      expect(Buffer.from(result).toString()).toBe('from finance');
      expect(fake.endpointsCalled()).toEqual([ECOMMERCE_PEER, FINANCE_PEER]);
      expect(fake.calls.map((c) => c.mspId)).toEqual(['EcommerceMSP', 'EcommerceMSP']);
    });

    /** A fabric-gateway SubmittedTransaction whose commit status is the devnet's for `txId`. */
    function submittedAs(txId: string): SubmittedTransaction {
      const s = fx.statuses.get(txId)!;
      const status = { transactionId: txId, blockNumber: s.blockNumber, code: s.code, successful: s.successful };
      return {
        getTransactionId: () => txId,
        getResult: () => Buffer.from('1'),
        getStatus: () => Promise.resolve(status as Status),
      } as unknown as SubmittedTransaction;
    }

    it('submits and maps the commit status: VALID and MVCC_READ_CONFLICT', async () => {
      const fake = new FakeFabric();
      const queue = [fx.b.winner, fx.b.loser];
      fake.behaviour.submitAsync = () => Promise.resolve(submittedAs(queue.shift()!));
      const ledger = openLedger(fake);

      const winner = await ledger.submit(request({ transaction: 'kv:Increment', arguments: ['counter'] }));
      const loser = await ledger.submit(request({ transaction: 'kv:Increment', arguments: ['counter'] }));
      expect(winner.transactionId).toBe(fx.b.winner);
      expect(Buffer.from(winner.result).toString()).toBe('1');
      await expect(winner.status()).resolves.toEqual({
        transactionId: fx.b.winner,
        blockNumber: fx.b.number,
        validationCode: 'VALID',
        valid: true,
      });
      await expect(loser.status()).resolves.toEqual({
        transactionId: fx.b.loser,
        blockNumber: fx.b.number,
        validationCode: 'MVCC_READ_CONFLICT',
        valid: false,
      });
      expect(fake.calls.map((c) => [c.chaincodeName, c.transactionName, c.options])).toEqual([
        [CHAINCODE, 'kv:Increment', { arguments: ['counter'] }],
        [CHAINCODE, 'kv:Increment', { arguments: ['counter'] }],
      ]);
    });

    it('submits through another peer when endorsement could not reach the first', async () => {
      const fake = new FakeFabric();
      fake.behaviour.submitAsync = (call) =>
        call.endpoint === ECOMMERCE_PEER
          ? Promise.reject(endorseError(grpc.status.UNAVAILABLE, 'No connection established', 'tx-lost'))
          : Promise.resolve(submittedAs(fx.b.winner));
      const submitted = await openLedger(fake).submit(request({ transaction: 'kv:Increment' }));
      expect(submitted.transactionId).toBe(fx.b.winner);
      expect(fake.endpointsCalled()).toEqual([ECOMMERCE_PEER, FINANCE_PEER]);
    });
  });

  describe('error translation', () => {
    const chaincodeJson = JSON.stringify({
      code: 'INSUFFICIENT_FUNDS',
      message: 'wallet w1 holds 100, needs 250',
      details: { walletId: 'w1' },
    });

    async function failure(
      stage: 'evaluate' | 'submit' | 'status',
      error: Error,
    ): Promise<{ error: unknown; calls: number }> {
      const fake = new FakeFabric();
      fake.behaviour.evaluate = () => Promise.reject(error);
      fake.behaviour.submitAsync = () =>
        stage === 'status'
          ? Promise.resolve({
              getTransactionId: () => 'tx-status',
              getResult: () => new Uint8Array(),
              getStatus: () => Promise.reject(error),
            } as unknown as SubmittedTransaction)
          : Promise.reject(error);
      const ledger = openLedger(fake);
      const run = async (): Promise<unknown> => {
        if (stage === 'evaluate') return ledger.evaluate(request());
        const submitted = await ledger.submit(request());
        return stage === 'status' ? submitted.status() : submitted;
      };
      return { error: await run().catch((e: unknown) => e), calls: fake.calls.length };
    }

    it("turns the chaincode's JSON error in an evaluate into a ChaincodeRejection", async () => {
      const { error } = await failure(
        'evaluate',
        gatewayError(
          grpc.status.UNKNOWN,
          `evaluate call to endorser returned error: chaincode response 500, ${chaincodeJson}`,
        ),
      );
      expect(error).toBeInstanceOf(ChaincodeRejection);
      expect(error).toMatchObject({
        code: 'INSUFFICIENT_FUNDS',
        message: 'wallet w1 holds 100, needs 250',
        details: { walletId: 'w1' },
        transactionId: undefined,
      });
    });

    it("finds the chaincode's JSON error in the peers' details of an endorsement, without peer internals", async () => {
      const { error } = await failure(
        'submit',
        endorseError(grpc.status.ABORTED, 'failed to endorse transaction, see attached details for more info', 'tx1', [
          { address: ECOMMERCE_PEER, mspId: 'EcommerceMSP', message: `chaincode response 500, ${chaincodeJson}` },
          { address: FINANCE_PEER, mspId: 'FinanceMSP', message: `chaincode response 500, ${chaincodeJson}` },
        ]),
      );
      expect(error).toBeInstanceOf(ChaincodeRejection);
      expect(error).toMatchObject({ code: 'INSUFFICIENT_FUNDS', transactionId: 'tx1', details: { walletId: 'w1' } });
      expect((error as Error).message).toBe('wallet w1 holds 100, needs 250');
      expect(JSON.stringify(error)).not.toMatch(/peer0|MSP|7051/);
    });

    it('turns endorsements that disagree into a retryable EndorsementMismatch', async () => {
      const { error } = await failure(
        'submit',
        endorseError(grpc.status.ABORTED, 'failed to collect enough transaction endorsements', 'tx2', [
          { address: FINANCE_PEER, mspId: 'FinanceMSP', message: 'ProposalResponsePayloads do not match' },
        ]),
      );
      expect(error).toBeInstanceOf(EndorsementMismatch);
      expect(error).toMatchObject({ transactionId: 'tx2' });
      expect((error as Error).message).not.toMatch(/peer0|MSP/);
    });

    it.each([
      [
        'an unreachable endorsement on every peer',
        'submit',
        endorseError(grpc.status.UNAVAILABLE, 'down', 'tx3'),
        'tx3',
        2,
      ],
      [
        'an endorsement past its deadline',
        'submit',
        endorseError(grpc.status.DEADLINE_EXCEEDED, 'late', 'tx4'),
        'tx4',
        1,
      ],
      ['an unreachable orderer', 'submit', submitError(grpc.status.UNAVAILABLE, 'no orderer', 'tx5'), 'tx5', 1],
      ['an orderer that refused', 'submit', submitError(grpc.status.ABORTED, 'SERVICE_UNAVAILABLE', 'tx6'), 'tx6', 1],
      [
        'a commit status past its deadline',
        'status',
        commitStatusError(grpc.status.DEADLINE_EXCEEDED, 'late', 'tx-status'),
        'tx-status',
        1,
      ],
      ['an evaluate past its deadline', 'evaluate', gatewayError(grpc.status.DEADLINE_EXCEEDED, 'late'), undefined, 1],
      ['an evaluate no peer answers', 'evaluate', gatewayError(grpc.status.UNAVAILABLE, 'down'), undefined, 2],
    ] as const)(
      'turns %s into LedgerUnavailable, with the transaction ID once there is one',
      async (_name, stage, cause, txId, calls) => {
        const result = await failure(stage, cause);
        expect(result.error).toBeInstanceOf(LedgerUnavailable);
        expect(result.error).toMatchObject({ transactionId: txId, cause });
        expect(result.calls).toBe(calls);
      },
    );

    it('turns a gateway error of another kind (discovery not ready yet) into LedgerUnavailable', async () => {
      const cause = gatewayError(grpc.status.FAILED_PRECONDITION, 'no combination of peers can be derived');
      const { error } = await failure('evaluate', cause);
      expect(error).toBeInstanceOf(LedgerUnavailable);
      expect(error).toMatchObject({ cause });
    });

    it("turns a chaincode's non-JSON refusal (contract-api's own) into a final INTERNAL rejection, at either stage", async () => {
      const text = 'chaincode response 500, Expected 1 parameters, but 0 have been supplied';
      for (const [stage, cause] of [
        ['evaluate', gatewayError(grpc.status.UNKNOWN, `evaluate call to endorser returned error: ${text}`)],
        [
          'submit',
          endorseError(
            grpc.status.ABORTED,
            'failed to endorse transaction, see attached details for more info',
            'tx-9',
            [{ address: ECOMMERCE_PEER, mspId: 'EcommerceMSP', message: text }],
          ),
        ],
      ] as const) {
        const { error, calls } = await failure(stage, cause);
        expect(error).toBeInstanceOf(ChaincodeRejection);
        expect(error).toMatchObject({ code: 'INTERNAL' });
        // Not retried on another peer: a refusal is not a fault of the peer.
        expect(calls).toBe(1);
      }
    });

    it('turns a creator the channel refuses (a revoked certificate) into a final FORBIDDEN rejection', async () => {
      const cause = endorseError(
        grpc.status.ABORTED,
        'failed to endorse transaction, see attached details for more info',
        'tx-r',
        [
          {
            address: ECOMMERCE_PEER,
            mspId: 'EcommerceMSP',
            message:
              'error validating proposal: access denied: channel [alliance] creator org unknown, creator is malformed',
          },
        ],
      );
      const { error } = await failure('submit', cause);
      expect(error).toBeInstanceOf(ChaincodeRejection);
      expect(error).toMatchObject({ code: 'FORBIDDEN', transactionId: 'tx-r' });
      expect((error as Error).message).not.toContain('EcommerceMSP');
    });

    it('passes a programming error through unchanged', async () => {
      const cause = new TypeError('x is not a function');
      const { error } = await failure('evaluate', cause);
      expect(error).toBe(cause);
    });
  });

  describe('chain queries', () => {
    function serveQscc(fake: FakeFabric, answer: (fn: string, args: readonly string[]) => Uint8Array | Error): void {
      fake.behaviour.evaluate = (call) => {
        expect(call.chaincodeName).toBe('qscc');
        const args = (call.options?.arguments ?? []).map(String);
        expect(args[0]).toBe(CHANNEL);
        const result = answer(call.transactionName, args.slice(1));
        return result instanceof Error ? Promise.reject(result) : Promise.resolve(result);
      };
    }

    const notInIndex = (what: string) =>
      gatewayError(
        grpc.status.UNKNOWN,
        `evaluate call to endorser returned error: chaincode response 500, Failed to get ${what}, error no such ${what} in index`,
      );

    it('reads a transaction status from the block that holds it', async () => {
      const fake = new FakeFabric();
      const blockByTxId = new Map([
        [fx.b.winner, fx.peerBlocks.get(fx.b.number)!],
        [fx.b.loser, fx.peerBlocks.get(fx.b.number)!],
        [fx.c.txIds[2]!, fx.peerBlocks.get(fx.c.number)!],
      ]);
      serveQscc(fake, (fn, [txId]) => {
        expect(fn).toBe('GetBlockByTxID');
        return blockByTxId.get(txId!) ?? notInIndex(`transaction ID [${txId}]`);
      });
      const ledger = openLedger(fake);
      await expect(ledger.transactionStatus(fx.b.winner)).resolves.toEqual({
        transactionId: fx.b.winner,
        blockNumber: fx.b.number,
        validationCode: 'VALID',
        valid: true,
      });
      await expect(ledger.transactionStatus(fx.b.loser)).resolves.toEqual({
        transactionId: fx.b.loser,
        blockNumber: fx.b.number,
        validationCode: 'MVCC_READ_CONFLICT',
        valid: false,
      });
      await expect(ledger.transactionStatus(fx.c.txIds[2]!)).resolves.toMatchObject({
        blockNumber: fx.c.number,
        validationCode: 'MVCC_READ_CONFLICT',
      });
      await expect(ledger.transactionStatus('f'.repeat(64))).resolves.toBeUndefined();
      await expect(ledger.transactionStatus('')).resolves.toBeUndefined();
      expect(fake.calls).toHaveLength(4);
      expect(fake.calls.every((c) => c.mspId === 'EcommerceMSP')).toBe(true);
    });

    it('reads chain info from qscc', async () => {
      const fake = new FakeFabric();
      const expectedInfo = fx.devnet.chainInfo();
      const info = new common.BlockchainInfo();
      info.setHeight(Number(expectedInfo.height));
      info.setCurrentblockhash(Buffer.from(expectedInfo.currentBlockHash, 'hex'));
      info.setPreviousblockhash(Buffer.from(expectedInfo.previousBlockHash, 'hex'));
      serveQscc(fake, (fn) => (fn === 'GetChainInfo' ? info.serializeBinary() : new Error(fn)));
      await expect(openLedger(fake).chainInfo()).resolves.toEqual(expectedInfo);
    });

    it('reads and decodes a block by number; a block past the end is undefined', async () => {
      const fake = new FakeFabric();
      serveQscc(fake, (fn, [n]) => {
        expect(fn).toBe('GetBlockByNumber');
        return fx.peerBlocks.get(BigInt(n!)) ?? notInIndex(`block number [${n}]`);
      });
      const ledger = openLedger(fake);
      const block = await ledger.block(fx.a.number);
      expect(block).toEqual(await fx.devnet.getDecodedBlock(fx.a.number));
      expect(block?.transactions.map((t) => t.txId)).toEqual(fx.a.txIds);
      await expect(ledger.block(999n)).resolves.toBeUndefined();
      await expect(ledger.block(-1n)).resolves.toBeUndefined();
      expect(fake.calls.map((c) => c.options?.arguments?.[1])).toEqual([String(fx.a.number), '999']);
    });

    it("finds a block by its hash; a miss is undefined, in devnet's words and in a Fabric peer's", async () => {
      const fake = new FakeFabric();
      const block = (await fx.devnet.getDecodedBlock(fx.a.number))!;
      const asked: string[] = [];
      let miss: () => Error = () => notInIndex('block hash [00]');
      fake.behaviour.evaluate = (call) => {
        expect([call.chaincodeName, call.transactionName]).toEqual(['qscc', 'GetBlockByHash']);
        const hash = Buffer.from(call.options?.arguments?.[1] as Uint8Array).toString('hex');
        asked.push(hash);
        return hash === block.hash ? Promise.resolve(fx.peerBlocks.get(fx.a.number)!) : Promise.reject(miss());
      };
      const ledger = openLedger(fake);
      await expect(ledger.blockByHash(block.hash)).resolves.toEqual(block);
      await expect(ledger.blockByHash('ab'.repeat(32))).resolves.toBeUndefined();
      // A Fabric peer's qscc refusal carries the raw hash bytes: the peers cannot marshal it (Fabric 2.5's words).
      const unmarshallable = {
        address: '127.0.0.1:7051',
        mspId: 'EcommerceMSP',
        message:
          'error in simulation: transaction returned with failure: failed to marshal response: string field contains invalid UTF-8',
      };
      miss = () =>
        gatewayError(grpc.status.ABORTED, 'failed to evaluate transaction, see attached details for more info', [
          unmarshallable,
          { ...unmarshallable, address: '127.0.0.1:8051', mspId: 'FinanceMSP' },
        ]);
      await expect(ledger.blockByHash('cd'.repeat(32))).resolves.toBeUndefined();
      await expect(ledger.blockByHash('not hex')).resolves.toBeUndefined();
      expect(asked).toEqual([block.hash, 'ab'.repeat(32), 'cd'.repeat(32)]);
      miss = () => gatewayError(grpc.status.UNAVAILABLE, 'No connection established');
      await expect(ledger.blockByHash('ef'.repeat(32))).rejects.toThrow(LedgerUnavailable);
    });

    it('reports an unreachable ledger for queries instead of "not found"', async () => {
      const fake = new FakeFabric();
      serveQscc(fake, () => gatewayError(grpc.status.UNAVAILABLE, 'No connection established'));
      await expect(openLedger(fake).block(1n)).rejects.toThrow(LedgerUnavailable);
    });

    describe('ready', () => {
      const now = 1_700_000_000_000;
      beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(now));
      afterEach(() => jest.restoreAllMocks());

      it('asks qscc for chain info under its own short deadline', async () => {
        const fake = new FakeFabric();
        serveQscc(fake, (fn) =>
          fn === 'GetChainInfo' ? new common.BlockchainInfo().serializeBinary() : new Error(fn),
        );
        await expect(openLedger(fake, { readyTimeoutMs: 1500 }).ready()).resolves.toBe(true);
        expect(fake.calls[0]!.callOptions).toEqual({ deadline: now + 1500 });
      });

      it('is false when no peer answers', async () => {
        const fake = new FakeFabric();
        serveQscc(fake, () => gatewayError(grpc.status.DEADLINE_EXCEEDED, 'Deadline exceeded'));
        await expect(openLedger(fake).ready()).resolves.toBe(false);
      });
    });
  });

  it('closes its connection: gateways, then clients; later calls are LedgerUnavailable', async () => {
    const fake = new FakeFabric();
    fake.behaviour.evaluate = () => Promise.resolve(new Uint8Array());
    const ledger = openLedger(fake);
    await ledger.evaluate(request());
    await ledger.evaluate(request({ signer: fx.bank1 }));
    await ledger.close();
    expect(fake.closed).toEqual([
      `gateway ${ECOMMERCE_PEER} EcommerceMSP`,
      `gateway ${FINANCE_PEER} FinanceMSP`,
      `client ${ECOMMERCE_PEER}`,
      `client ${FINANCE_PEER}`,
    ]);
    await expect(ledger.evaluate(request())).rejects.toThrow(LedgerUnavailable);
  });

  it('is the fabric kind', () => {
    expect(openLedger(new FakeFabric()).kind).toBe('fabric');
  });
});
