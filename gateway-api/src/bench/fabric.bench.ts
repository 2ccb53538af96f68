/**
 * Load on the real network, over @hyperledger/fabric-gateway directly and over the REST gateway:
 * committed TPS, p50/p95 latency and failures by kind for the baseline (one put, no read), a wallet
 * transfer, a settlement request (pay), a receipt confirmation and reads, then the hot store. Prints
 * figures; asserts nothing. Run by test-network-scripts/bench-fabric.sh (`make bench`).
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';

import * as grpc from '@grpc/grpc-js';
import { connect, hash, type Contract } from '@hyperledger/fabric-gateway';
import { loadSigningIdentity } from '@allianceledger/fabric-protocol';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readFabricNetworkFile } from '../ledger/fabric-network-file';
import { Alliance, expectStatus, type Identity } from '../scenarios/alliance-bootstrap';

interface Result {
  readonly name: string;
  readonly committed: number;
  readonly seconds: number;
  readonly latencies: number[];
  readonly failures: Record<string, number>;
}

const pct = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function line(r: Result): string {
  const s = [...r.latencies].sort((a, b) => a - b);
  const failures =
    Object.entries(r.failures)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ') || 'none';
  return `| ${r.name} | ${(r.committed / r.seconds).toFixed(1)} | ${pct(s, 50).toFixed(0)} ms | ${pct(s, 95).toFixed(0)} ms | ${r.committed} | ${failures} |`;
}

/** `workers` loops of `op(worker, n)` for `seconds` (or until `total` operations), timing each. */
async function measure(
  name: string,
  workers: number,
  /** One operation; resolving `false` means this worker has no more work (not a failure). */
  op: (worker: number, n: number) => Promise<unknown>,
  limit: { seconds?: number; total?: number },
): Promise<Result> {
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  const started = Date.now();
  const until = limit.seconds ? started + limit.seconds * 1000 : Infinity;
  let issued = 0;
  await Promise.all(
    Array.from({ length: workers }, async (_, w) => {
      for (let n = 0; Date.now() < until && issued < (limit.total ?? Infinity); n++) {
        issued++;
        const t0 = performance.now();
        try {
          if ((await op(w, n)) === false) break;
          latencies.push(performance.now() - t0);
        } catch (err) {
          const kind = failureKind(err);
          failures[kind] = (failures[kind] ?? 0) + 1;
        }
      }
    }),
  );
  const r = { name, committed: latencies.length, seconds: (Date.now() - started) / 1000, latencies, failures };
  process.stderr.write(`  ${line(r)}\n`);
  return r;
}

function failureKind(err: unknown): string {
  const e = err as { name?: string; code?: unknown; status?: number; body?: { code?: string }; message?: string };
  if (e.status !== undefined) return `HTTP ${e.status} ${e.body?.code ?? ''}`.trim();
  if (e.name === 'CommitError') return `CommitError ${String(e.code)}`;
  return e.name ?? 'Error';
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { seconds: { type: 'string', default: '15' }, concurrency: { type: 'string', default: '40' } },
  });
  const seconds = Number(values.seconds);
  const concurrency = Number(values.concurrency);
  const runDir = process.env.FABRIC_RUN_DIR;
  if (!runDir) throw new Error('FABRIC_RUN_DIR is required (run through test-network-scripts/bench-fabric.sh)');

  const alliance = await Alliance.open();
  const network = await readFabricNetworkFile(path.join(runDir, 'gateway-connection.json'));
  const peer = network.peers.find((p) => p.mspId === 'EcommerceMSP') ?? network.peers[0];
  if (!peer) throw new Error('the connection file lists no peer');
  const client = new grpc.Client(peer.endpoint, grpc.credentials.createSsl(await readFile(peer.tlsRootCertPath)));
  const contractAs = async (identity: Identity, chaincode: string): Promise<Contract> => {
    const id = network.identities.find((i) => i.name === identity);
    if (!id) throw new Error(`no identity ${identity}`);
    const signing = await loadSigningIdentity(id.mspDir, id.mspId);
    const gateway = connect({
      client,
      identity: signing.identity,
      signer: signing.signer,
      hash: hash.none,
      evaluateOptions: () => ({ deadline: Date.now() + 5000 }),
      endorseOptions: () => ({ deadline: Date.now() + 15000 }),
      submitOptions: () => ({ deadline: Date.now() + 5000 }),
      commitStatusOptions: () => ({ deadline: Date.now() + 60000 }),
    });
    return gateway.getNetwork(network.channelName).getContract(chaincode);
  };
  const kv = await contractAs('EcommerceMSP:store1', 'kv');
  const buyerDirect = await contractAs('EcommerceMSP:buyer1', network.chaincodeName);
  const storeDirect = await contractAs('EcommerceMSP:store1', network.chaincodeName);
  const buyer = alliance.as('EcommerceMSP:buyer1');
  const currency = alliance.currency;

  process.stderr.write(`preparing ${concurrency} funded payer accounts and a store account\n`);
  const payers: string[] = [];
  for (let i = 0; i < concurrency; i++)
    payers.push(await alliance.openAccount('EcommerceMSP:buyer1', `bench-payer${i}`, '100000000000'));
  const storeAccount = await alliance.openAccount('EcommerceMSP:store1', 'bench-store');
  const json = (v: unknown): string => JSON.stringify(v);
  const rest = async (test: ReturnType<typeof buyer.post>, status: number): Promise<unknown> => {
    const res = await test;
    if (res.status !== status) throw Object.assign(new Error('HTTP'), { status: res.status, body: res.body as object });
    return res.body;
  };

  const results: Result[] = [];
  const run = async (...args: Parameters<typeof measure>): Promise<void> => {
    results.push(await measure(...args));
  };
  const limit = { seconds };
  await run(
    'baseline `kv:Put` (one put, no read) — fabric-gateway',
    concurrency,
    (w, n) => kv.submit('Put', { arguments: [`b-${w}-${n}`, 'v'] }).then(() => undefined),
    limit,
  );
  const transfer = (w: number): unknown => ({
    fromAccountId: payers[w],
    toAccountId: storeAccount,
    currency,
    amount: '1',
  });
  await run(
    'wallet transfer — fabric-gateway',
    concurrency,
    (w) => buyerDirect.submit('wallets:Transfer', { arguments: [json(transfer(w))] }).then(() => undefined),
    limit,
  );
  await run(
    'wallet transfer — REST',
    concurrency,
    (w) => rest(buyer.post('/transfers', transfer(w) as object), 201).then(() => undefined),
    limit,
  );

  const paid: { storeOrderNo: string; settlementNo: string; via: 'direct' | 'rest'; payer: number }[] = [];
  const order = (via: string, w: number, n: number): { body: Record<string, unknown>; storeOrderNo: string } => {
    const storeOrderNo = `${storeAccount}-${via}${w}x${n}`;
    const snapshot = alliance.snapshot(storeOrderNo, '100');
    return {
      storeOrderNo,
      body: {
        storeOrderNo,
        buyerAccountId: payers[w],
        storeAccountId: storeAccount,
        currency,
        amount: '100',
        order: snapshot,
      },
    };
  };
  await run(
    'settlement request (pay) — fabric-gateway',
    concurrency,
    async (w, n) => {
      const { body, storeOrderNo } = order('d', w, n);
      const { order: snapshot, ...input } = body;
      const result = await buyerDirect.submit('settlements:RequestSettlement', {
        arguments: [json(input)],
        transientData: { order: json(snapshot) },
      });
      const settlementNo = (JSON.parse(Buffer.from(result).toString()) as { settlement: { settlementNo: string } })
        .settlement.settlementNo;
      paid.push({ storeOrderNo, settlementNo, via: 'direct', payer: w });
    },
    limit,
  );
  await run(
    'settlement request (pay) — REST',
    concurrency,
    async (w, n) => {
      const { body, storeOrderNo } = order('r', w, n);
      const res = (await rest(buyer.post('/settlements', body), 201)) as {
        data: { settlement: { settlementNo: string } };
      };
      paid.push({ storeOrderNo, settlementNo: res.data.settlement.settlementNo, via: 'rest', payer: w });
    },
    limit,
  );

  process.stderr.write(`preparing ${paid.length} settlements for confirmation (acknowledge, ship)\n`);
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < paid.length; i = next++) {
        const p = paid[i];
        if (!p) continue;
        await storeDirect.submit('settlements:AcknowledgePayment', {
          arguments: [json({ storeOrderNo: p.storeOrderNo })],
        });
        await storeDirect.submit('settlements:Ship', {
          arguments: [json({ storeOrderNo: p.storeOrderNo, carrier: 'bench', trackingNo: `t${i}` })],
        });
      }
    }),
  );
  // Worker w confirms only settlements paid from its own payer account: a confirmation unfreezes the
  // buyer's funds (a read-modify-write of that account), so two workers on one account would conflict.
  const confirmQueue = (via: 'direct' | 'rest', w: number): typeof paid =>
    paid.filter((p) => p.via === via && p.payer === w);
  await run(
    'receipt confirmation — fabric-gateway',
    concurrency,
    async (w, n) => {
      const p = confirmQueue('direct', w)[n];
      if (!p) return false;
      return buyerDirect.submit('settlements:ConfirmReceipt', {
        arguments: [json({ settlementNo: p.settlementNo, amountToPay: '100' })],
      });
    },
    {},
  );
  await run(
    'receipt confirmation — REST',
    concurrency,
    async (w, n) => {
      const p = confirmQueue('rest', w)[n];
      if (!p) return false;
      return rest(buyer.post(`/settlements/${p.settlementNo}/confirmation`, { amountToPay: '100' }), 200);
    },
    {},
  );
  await run(
    'balance read — fabric-gateway (evaluate)',
    concurrency,
    (w) =>
      buyerDirect
        .evaluate('wallets:GetBalance', { arguments: [json({ accountId: payers[w], currency })] })
        .then(() => undefined),
    limit,
  );
  await run(
    'balance read — REST',
    concurrency,
    (w) => rest(buyer.get(`/accounts/${payers[w] ?? ''}/balances/${currency}`), 200).then(() => undefined),
    limit,
  );

  // The hot store: 1,000 payments to one account, from every payer at once; all must commit, exactly.
  const hotStore = await alliance.openAccount('EcommerceMSP:store2', 'bench-hot-store');
  const hot = await measure(
    'hot store: 1,000 payments to one account — REST',
    concurrency,
    (w) =>
      rest(
        buyer.post('/transfers', { fromAccountId: payers[w], toAccountId: hotStore, currency, amount: '3' }),
        201,
      ).then(() => undefined),
    { total: 1000 },
  );
  results.push(hot);
  // store2 owns the hot store account: read it as its owner.
  const owner = alliance.as('EcommerceMSP:store2');
  const hotBalance = (await expectStatus(owner.get(`/accounts/${hotStore}/balances/${currency}`), 200)).body as {
    available: string;
  };

  console.log(
    `\nFabric 2.5.4, 3 orgs × 1 peer (LevelDB), 3 Raft orderers, TLS; BatchTimeout 250 ms, MaxMessageCount 64; ` +
      `${concurrency} concurrent clients, ${seconds} s per run; node ${process.version}\n`,
  );
  console.log('| transaction | committed tx/s | p50 | p95 | committed | failures |');
  console.log('|---|---|---|---|---|---|');
  for (const r of results) console.log(line(r));
  const tps = (name: string): number => {
    const r = results.find((x) => x.name.startsWith(name));
    return r ? r.committed / r.seconds : NaN;
  };
  const p50 = (name: string): number => {
    const r = results.find((x) => x.name.startsWith(name));
    return r
      ? pct(
          [...r.latencies].sort((a, b) => a - b),
          50,
        )
      : NaN;
  };
  console.log(`\npay / baseline TPS: ${(tps('settlement request (pay) — fabric') / tps('baseline')).toFixed(2)}`);
  console.log(
    `REST / direct TPS — transfer ${(tps('wallet transfer — REST') / tps('wallet transfer — fabric')).toFixed(2)}, ` +
      `pay ${(tps('settlement request (pay) — REST') / tps('settlement request (pay) — fabric')).toFixed(2)}`,
  );
  console.log(
    `REST p50 added — transfer ${((p50('wallet transfer — REST') / p50('wallet transfer — fabric') - 1) * 100).toFixed(1)} %, ` +
      `pay ${((p50('settlement request (pay) — REST') / p50('settlement request (pay) — fabric') - 1) * 100).toFixed(1)} %`,
  );
  console.log(
    `hot store: ${hot.committed} of 1000 committed; balance ${hotBalance.available} (expected ${hot.committed * 3})`,
  );
  client.close();
  await alliance.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
