/**
 * Load on the real network, over @hyperledger/fabric-gateway directly and over the REST gateway:
 * committed TPS, p50/p95 latency and failures by kind for the baseline (one put, no read), a wallet
 * transfer, a settlement request (pay), a receipt confirmation and reads, at each `--concurrency`
 * level; the CPU each network process (peers, orderers, chaincode servers, gateway, CAs — the PID
 * files of `RUN_DIR/pids`) and the load generator spent per committed transaction of each flow; the
 * listings' latency at growing numbers of orders (`--listing-orders`, loaded for the purpose); the hot
 * store; and the gateway's RSS, sampled every second, through a final `--soak-seconds` REST run at the
 * highest concurrency. Prints figures and, with `--out`, writes them as
 * JSON for `make bench`'s report (report.ts); asserts nothing. Run by test-network-scripts/bench-fabric.sh.
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';

import * as grpc from '@grpc/grpc-js';
import { connect, hash, type Contract } from '@hyperledger/fabric-gateway';
import { loadSigningIdentity } from '@allianceledger/fabric-protocol';
import { readFile, writeFile } from 'node:fs/promises';
import { cpus, loadavg } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { readFabricNetworkFile } from '../ledger/fabric-network-file';
import { setTimeout as sleep } from 'node:timers/promises';
import { Alliance, ISSUER, expectStatus, type Identity } from '../scenarios/alliance-bootstrap';
import { CpuMeter, RssSampler, networkProcesses } from './processes';

interface Result {
  readonly flow: string;
  readonly via: 'direct' | 'rest' | 'rest-new-connection';
  readonly concurrency: number;
  readonly name: string;
  readonly committed: number;
  readonly seconds: number;
  readonly latencies: number[];
  readonly failures: Record<string, number>;
  /** CPU milliseconds per committed transaction, by process. */
  readonly cpuMsPerTx: Record<string, number>;
}

const pct = (sorted: readonly number[], p: number): number =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;

function line(r: Result): string {
  const s = [...r.latencies].sort((a, b) => a - b);
  const failures =
    Object.entries(r.failures)
      .map(([k, v]) => `${k}=${v}`)
      .join(' ') || 'none';
  return `| ${r.name} | ${r.concurrency} | ${(r.committed / r.seconds).toFixed(1)} | ${pct(s, 50).toFixed(0)} ms | ${pct(s, 95).toFixed(0)} ms | ${r.committed} | ${failures} |`;
}

/** Where a measurement runs, and the meter of the processes' CPU. */
interface Bench {
  readonly concurrency: number;
  /** Whether a flow is to run (`--flows`); a flow not run is not measured. */
  readonly runs: (flow: string) => boolean;
  readonly cpu: CpuMeter;
  readonly results: Result[];
}

/**
 * `bench.concurrency` loops of `op(worker, n)` for `seconds` (or until `total` operations), timing each
 * and metering every process's CPU over the run.
 */
async function measure(
  bench: Bench,
  flow: string,
  via: Result['via'],
  name: string,
  /** One operation; resolving `false` means this worker has no more work (not a failure). */
  op: (worker: number, n: number) => Promise<unknown>,
  limit: { seconds?: number; total?: number },
): Promise<Result | undefined> {
  if (!bench.runs(flow)) return undefined;
  const latencies: number[] = [];
  const failures: Record<string, number> = {};
  bench.cpu.start();
  const started = Date.now();
  const until = limit.seconds ? started + limit.seconds * 1000 : Infinity;
  let issued = 0;
  await Promise.all(
    Array.from({ length: bench.concurrency }, async (_, w) => {
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
  const seconds = (Date.now() - started) / 1000;
  const cpu = bench.cpu.stop();
  const committed = latencies.length;
  const cpuMsPerTx = Object.fromEntries(Object.entries(cpu).map(([k, v]) => [k, v / Math.max(1, committed)]));
  const r: Result = {
    flow,
    via,
    concurrency: bench.concurrency,
    name,
    committed,
    seconds,
    latencies,
    failures,
    cpuMsPerTx,
  };
  bench.results.push(r);
  process.stderr.write(`  ${line(r)}\n`);
  return r;
}

function failureKind(err: unknown): string {
  const e = err as { name?: string; code?: unknown; status?: number; body?: { code?: string }; message?: string };
  if (e.status !== undefined) return `HTTP ${e.status} ${e.body?.code ?? ''}`.trim();
  if (e.name === 'CommitError') return `CommitError ${String(e.code)}`;
  return e.name ?? 'Error';
}

/** Runs `fn` for every item, `concurrency` at a time. */
async function forEachLimited<T>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      for (let i = next++; i < items.length; i = next++) {
        const item = items[i];
        if (item !== undefined) await fn(item);
      }
    }),
  );
}

/**
 * Preparation steps (untimed) tried again on failure: a peer that has not yet committed the block of
 * the step before answers NOT_FOUND, or the step conflicts with the commit of the one before.
 */
async function retried<T>(step: () => Promise<T>, attempts = 10): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await step();
    } catch (err) {
      if (attempt >= attempts) throw err;
      await sleep(300);
    }
  }
}

const LISTING_WARM_UP = 10;
const LISTING_SAMPLES = 100;

/**
 * Makes `count` orders with `pay(worker)` on `concurrency` workers, each payment tried again on failure
 * (an MVCC conflict or an endorsement timeout under load), printing progress every 1,000.
 */
async function loadOrders(
  count: number,
  concurrency: number,
  pay: (worker: number) => Promise<unknown>,
): Promise<void> {
  if (count <= 0) return;
  process.stderr.write(`loading ${count} orders for the listings\n`);
  const started = performance.now();
  let left = count;
  let done = 0;
  await Promise.all(
    Array.from({ length: concurrency }, async (_, w) => {
      while (left > 0) {
        left--;
        await retried(() => pay(w));
        if (++done % 1000 === 0 || done === count) {
          const rate = done / ((performance.now() - started) / 1000);
          process.stderr.write(`  ${done} of ${count} orders (${rate.toFixed(0)}/s)\n`);
        }
      }
    }),
  );
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      seconds: { type: 'string', default: '15' },
      concurrency: { type: 'string', default: '40,200' },
      'soak-seconds': { type: 'string', default: '0' },
      /**
       * Numbers of orders to list at, loaded by payments over fabric-gateway at the highest concurrency
       * (each size at least the orders the flows before made); '' lists none.
       */
      'listing-orders': { type: 'string', default: '1000,10000' },
      /** Seconds to wait after loading, before the listings are timed (LevelDB compacts the load). */
      'listing-settle-seconds': { type: 'string', default: '10' },
      /** Comma-separated flows to run (baseline, transfer, pay, confirm, read, hot-store, listings, soak); all by default. */
      flows: { type: 'string', default: 'all' },
      out: { type: 'string' },
    },
  });
  const seconds = Number(values.seconds);
  const levels = values.concurrency.split(',').map(Number);
  const maxClients = Math.max(...levels);
  const soakSeconds = Number(values['soak-seconds']);
  const listingSizes = values['listing-orders'] === '' ? [] : values['listing-orders'].split(',').map(Number);
  const listingSettleSeconds = Number(values['listing-settle-seconds']);
  const only = values.flows === 'all' ? undefined : new Set(values.flows.split(','));
  const runs = (flow: string): boolean => only === undefined || only.has(flow);
  const runDir = process.env.FABRIC_RUN_DIR;
  if (!runDir) throw new Error('FABRIC_RUN_DIR is required (run through test-network-scripts/bench-fabric.sh)');
  const load0 = loadavg()[0] ?? NaN;

  const processes = networkProcesses(runDir);
  const gatewayPid = processes.find((p) => p.name === 'gateway')?.pid;
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
  const auditorDirect = await contractAs('FinanceMSP:auditor1', network.chaincodeName);
  const buyer = alliance.as('EcommerceMSP:buyer1');
  const currency = alliance.currency;

  process.stderr.write(`preparing ${maxClients} funded payer accounts and a store account\n`);
  const payers = Array.from({ length: maxClients }, () => '');
  await forEachLimited([...payers.keys()], 40, async (i) => {
    payers[i] = await alliance.openAccount('EcommerceMSP:buyer1', `bench-payer${i}`);
  });
  // Funded once every account is open: an issuance endorsed by a peer that has not yet committed the
  // account's block would not find it, so a NOT_FOUND is tried again.
  const issuer = alliance.as(ISSUER);
  await forEachLimited(payers, 40, async (accountId) => {
    const body = { currency: alliance.currency, accountId, amount: '100000000000', reference: 'bench funds' };
    for (let attempt = 1; ; attempt++) {
      const res = await issuer.post('/issuances', body);
      if (res.status === 201) return;
      if (res.status !== 404 || attempt >= 10) throw new Error(`issuance to ${accountId}: HTTP ${res.status}`);
      await sleep(500);
    }
  });
  const storeAccount = await alliance.openAccount('EcommerceMSP:store1', 'bench-store');
  const hotStore = await alliance.openAccount('EcommerceMSP:store2', 'bench-hot-store');
  const json = (v: unknown): string => JSON.stringify(v);
  const rest = async (test: ReturnType<typeof buyer.post>, status: number): Promise<unknown> => {
    const res = await test;
    if (res.status !== status) throw Object.assign(new Error('HTTP'), { status: res.status, body: res.body as object });
    return res.body;
  };
  // The timed REST calls go through fetch, which keeps its connections open as any real client does;
  // supertest (the scenarios' client, used above to set up) opens a TCP connection per request.
  const gatewayUrl = process.env.SCENARIO_GATEWAY_URL;
  if (!gatewayUrl)
    throw new Error('SCENARIO_GATEWAY_URL is required (run through test-network-scripts/bench-fabric.sh)');
  const buyerKey = alliance.target.key('EcommerceMSP:buyer1');
  const call = async (method: 'GET' | 'POST', route: string, status: number, body?: object): Promise<unknown> => {
    const res = await fetch(`${gatewayUrl}/api/v1${route}`, {
      method,
      headers: { 'x-api-key': buyerKey, ...(body ? { 'content-type': 'application/json' } : {}) },
      ...(body ? { body: JSON.stringify(body) } : {}),
    });
    const answer: unknown = await res.json();
    if (res.status !== status) throw Object.assign(new Error('HTTP'), { status: res.status, body: answer });
    return answer;
  };
  const post = (route: string, body: object, status: number): Promise<unknown> => call('POST', route, status, body);
  const get = (route: string): Promise<unknown> => call('GET', route, 200);
  const transfer = (w: number): unknown => ({
    fromAccountId: payers[w],
    toAccountId: storeAccount,
    currency,
    amount: '1',
  });
  let orderSeq = 0;
  const order = (via: string, w: number): { body: Record<string, unknown>; storeOrderNo: string } => {
    const storeOrderNo = `${storeAccount}-${via}${w}x${++orderSeq}`;
    return {
      storeOrderNo,
      body: {
        storeOrderNo,
        buyerAccountId: payers[w],
        storeAccountId: storeAccount,
        currency,
        amount: '100',
        order: alliance.snapshot(storeOrderNo, '100'),
      },
    };
  };

  /** A settlement request (pay) over fabric-gateway directly; every one adds an order of the bench store. */
  const payDirect = async (via: string, w: number): Promise<{ storeOrderNo: string; settlementNo: string }> => {
    const { body, storeOrderNo } = order(via, w);
    const { order: snapshot, ...input } = body;
    const result = await buyerDirect.submit('settlements:RequestSettlement', {
      arguments: [json(input)],
      transientData: { order: json(snapshot) },
    });
    const settlementNo = (JSON.parse(Buffer.from(result).toString()) as { settlement: { settlementNo: string } })
      .settlement.settlementNo;
    ordersOnLedger++;
    return { storeOrderNo, settlementNo };
  };
  let ordersOnLedger = 0;

  const results: Result[] = [];
  const listings: { orders: number; by: string; p50Ms: number; p95Ms: number; samples: number }[] = [];
  let hot: { committed: number; balance: string } | undefined;
  const rss = gatewayPid === undefined ? undefined : new RssSampler(gatewayPid);
  const limit = { seconds };
  for (const concurrency of levels) {
    const bench: Bench = { concurrency, runs, cpu: new CpuMeter(processes), results };
    await measure(
      bench,
      'baseline',
      'direct',
      'baseline `kv:Put` (one put, no read) — fabric-gateway',
      (w, n) => kv.submit('Put', { arguments: [`b-${concurrency}-${w}-${n}`, 'v'] }).then(() => undefined),
      limit,
    );
    await measure(
      bench,
      'transfer',
      'direct',
      'wallet transfer — fabric-gateway',
      (w) => buyerDirect.submit('wallets:Transfer', { arguments: [json(transfer(w))] }).then(() => undefined),
      limit,
    );
    await measure(
      bench,
      'transfer',
      'rest',
      'wallet transfer — REST',
      (w) => post('/transfers', transfer(w) as object, 201).then(() => undefined),
      limit,
    );

    const paid: { storeOrderNo: string; settlementNo: string; via: 'direct' | 'rest'; payer: number }[] = [];
    await measure(
      bench,
      'pay',
      'direct',
      'settlement request (pay) — fabric-gateway',
      async (w) => paid.push({ ...(await payDirect('d', w)), via: 'direct', payer: w }),
      limit,
    );
    await measure(
      bench,
      'pay',
      'rest',
      'settlement request (pay) — REST',
      async (w) => {
        const { body, storeOrderNo } = order('r', w);
        const res = (await post('/settlements', body, 201)) as {
          data: { settlement: { settlementNo: string } };
        };
        ordersOnLedger++;
        paid.push({ storeOrderNo, settlementNo: res.data.settlement.settlementNo, via: 'rest', payer: w });
      },
      limit,
    );

    process.stderr.write(`preparing ${paid.length} settlements for confirmation (acknowledge, ship)\n`);
    await forEachLimited(paid, concurrency, async (p) => {
      await retried(() =>
        storeDirect.submit('settlements:AcknowledgePayment', { arguments: [json({ settlementNo: p.settlementNo })] }),
      );
      await retried(() =>
        storeDirect.submit('settlements:Ship', {
          arguments: [json({ settlementNo: p.settlementNo, carrier: 'bench', trackingNo: `t${p.storeOrderNo}` })],
        }),
      );
    });
    // Worker w confirms only settlements paid from its own payer account: a confirmation unfreezes the
    // buyer's funds (a read-modify-write of that account), so two workers on one account would conflict.
    const queues = (via: 'direct' | 'rest'): (typeof paid)[] =>
      Array.from({ length: concurrency }, (_, w) => paid.filter((p) => p.via === via && p.payer === w));
    const direct = queues('direct');
    await measure(
      bench,
      'confirm',
      'direct',
      'receipt confirmation — fabric-gateway',
      async (w, n) => {
        const p = direct[w]?.[n];
        if (!p) return false;
        return buyerDirect.submit('settlements:ConfirmReceipt', {
          arguments: [json({ settlementNo: p.settlementNo, amountToPay: '100' })],
        });
      },
      {},
    );
    const viaRest = queues('rest');
    await measure(
      bench,
      'confirm',
      'rest',
      'receipt confirmation — REST',
      async (w, n) => {
        const p = viaRest[w]?.[n];
        if (!p) return false;
        return post(`/settlements/${p.settlementNo}/confirmation`, { amountToPay: '100' }, 200);
      },
      {},
    );
    await measure(
      bench,
      'read',
      'direct',
      'balance read — fabric-gateway (evaluate)',
      (w) =>
        buyerDirect
          .evaluate('wallets:GetBalance', { arguments: [json({ accountId: payers[w], currency })] })
          .then(() => undefined),
      limit,
    );
    await measure(
      bench,
      'read',
      'rest',
      'balance read — REST',
      (w) => get(`/accounts/${payers[w] ?? ''}/balances/${currency}`).then(() => undefined),
      limit,
    );
    await measure(
      bench,
      'read',
      'rest-new-connection',
      'balance read — REST, a new connection per request (supertest)',
      (w) => rest(buyer.get(`/accounts/${payers[w] ?? ''}/balances/${currency}`), 200).then(() => undefined),
      limit,
    );

    if (hot === undefined && runs('hot-store')) {
      // The hot store: 1,000 payments to one account, from every payer at once; all must commit, exactly.
      const r = await measure(
        bench,
        'hot-store',
        'rest',
        'hot store: 1,000 payments to one account — REST',
        (w) =>
          post('/transfers', { fromAccountId: payers[w], toAccountId: hotStore, currency, amount: '3' }, 201).then(
            () => undefined,
          ),
        { total: 1000 },
      );
      // store2 owns the hot store account: read it as its owner.
      const owner = alliance.as('EcommerceMSP:store2');
      const balance = (await expectStatus(owner.get(`/accounts/${hotStore}/balances/${currency}`), 200)).body as {
        available: string;
      };
      hot = { committed: r?.committed ?? 0, balance: balance.available };
    }
  }

  // The listings at growing numbers of the bench store's (and buyer's) orders, loaded for the purpose.
  if (runs('listings')) {
    for (const size of listingSizes) {
      await loadOrders(size - ordersOnLedger, maxClients, (w) => payDirect('l', w));
      await sleep(listingSettleSeconds * 1000);
      const listingsTimed = (
        [
          ['buyer', buyerDirect, { by: 'buyer' }],
          ['store', storeDirect, { by: 'store' }],
          ['status', auditorDirect, { by: 'status', value: 'PLACED' }],
        ] as const
      ).map(([by, contract, input]) => ({
        by,
        page: (): Promise<Uint8Array> =>
          contract.evaluate('settlements:ListOrders', { arguments: [json({ ...input, pageSize: 20 })] }),
        latencies: [] as number[],
      }));
      for (const { page } of listingsTimed) for (let i = 0; i < LISTING_WARM_UP; i++) await page();
      // The three listings take turns, so that the peer's background work (compaction, gossip) while they
      // are timed falls on all three alike rather than on whichever ran at that moment.
      for (let i = 0; i < LISTING_SAMPLES; i++) {
        for (const { page, latencies } of listingsTimed) {
          const t0 = performance.now();
          await page();
          latencies.push(performance.now() - t0);
        }
      }
      for (const { by, latencies } of listingsTimed) {
        latencies.sort((a, b) => a - b);
        const row = { orders: ordersOnLedger, by, p50Ms: pct(latencies, 50), p95Ms: pct(latencies, 95) };
        listings.push({ ...row, samples: LISTING_SAMPLES });
        process.stderr.write(`  ListOrders by ${by} at ${row.orders} orders: p50 ${row.p50Ms.toFixed(1)} ms\n`);
      }
    }
  }

  // The soak: REST transfers and reads at the highest concurrency, the gateway's RSS sampled throughout.
  let soak: { seconds: number; rss: ReturnType<RssSampler['stop']> } | undefined;
  if (soakSeconds > 0 && gatewayPid !== undefined) {
    const sampler = new RssSampler(gatewayPid);
    const bench: Bench = { concurrency: maxClients, runs, cpu: new CpuMeter(processes), results };
    await measure(
      bench,
      'soak',
      'rest',
      `soak: REST transfers and reads for ${soakSeconds} s`,
      (w, n) =>
        n % 2 === 0
          ? post('/transfers', transfer(w) as object, 201).then(() => undefined)
          : get(`/accounts/${payers[w] ?? ''}/balances/${currency}`).then(() => undefined),
      { seconds: soakSeconds },
    );
    soak = { seconds: soakSeconds, rss: sampler.stop() };
  }
  const rssAll = rss?.stop() ?? [];

  console.log(
    `\nFabric 2.5.4, 3 orgs × 1 peer (LevelDB), 3 Raft orderers, TLS; BatchTimeout 250 ms, MaxMessageCount 64; ` +
      `concurrency ${levels.join(', ')}, ${seconds} s per run; node ${process.version}; load ${load0.toFixed(2)} → ` +
      `${(loadavg()[0] ?? NaN).toFixed(2)}\n`,
  );
  console.log('| transaction | clients | committed tx/s | p50 | p95 | committed | failures |');
  console.log('|---|---|---|---|---|---|---|');
  for (const r of results) console.log(line(r));
  const names = [...new Set(results.flatMap((r) => Object.keys(r.cpuMsPerTx)))];
  console.log(`\nCPU ms per committed transaction, by process\n`);
  console.log(`| transaction | clients | ${names.join(' | ')} | total |`);
  console.log(`|---|---|${names.map(() => '---|').join('')}---|`);
  for (const r of results) {
    const cells = names.map((n) => (r.cpuMsPerTx[n] ?? 0).toFixed(2));
    const total = Object.values(r.cpuMsPerTx).reduce((a, b) => a + b, 0);
    console.log(`| ${r.name} | ${r.concurrency} | ${cells.join(' | ')} | ${total.toFixed(2)} |`);
  }
  if (hot)
    console.log(
      `\nhot store: ${hot.committed} of 1000 committed; balance ${hot.balance} (expected ${hot.committed * 3})`,
    );
  for (const l of listings) {
    console.log(
      `ListOrders by ${l.by} at ${l.orders} orders: p50 ${l.p50Ms.toFixed(1)} ms, p95 ${l.p95Ms.toFixed(1)} ms`,
    );
  }
  if (soak) {
    const first = soak.rss[0]?.rssMiB ?? NaN;
    const last = soak.rss[soak.rss.length - 1]?.rssMiB ?? NaN;
    const max = Math.max(...soak.rss.map((s) => s.rssMiB));
    console.log(
      `gateway RSS over the ${soak.seconds} s soak: ${first.toFixed(0)} → ${last.toFixed(0)} MiB (max ${max.toFixed(0)})`,
    );
  }

  if (values.out !== undefined) {
    const report = {
      source: 'fabric',
      node: process.version,
      cpus: cpus().length,
      loadAverage: { before: load0, after: loadavg()[0] ?? NaN },
      settings: { seconds, concurrency: levels, soakSeconds },
      flows: results.map((r) => {
        const sorted = [...r.latencies].sort((a, b) => a - b);
        return {
          flow: r.flow,
          via: r.via,
          concurrency: r.concurrency,
          committed: r.committed,
          seconds: r.seconds,
          txPerSecond: r.committed / r.seconds,
          p50Ms: pct(sorted, 50),
          p95Ms: pct(sorted, 95),
          failures: r.failures,
          cpuMsPerTx: r.cpuMsPerTx,
        };
      }),
      listings,
      hotStore: hot,
      gatewayRss: { whole: rssAll, soak },
    };
    await writeFile(values.out, `${JSON.stringify(report, null, 2)}\n`);
  }
  client.close();
  await alliance.close();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
