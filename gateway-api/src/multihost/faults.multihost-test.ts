import { TIME_LIMIT } from '@allianceledger/chaincode';
import { writeFile } from 'node:fs/promises';
import { Alliance, awaitResource, expectStatus, type Identity } from '../scenarios/alliance-bootstrap';
import { runFaultSchedule } from './fault-schedule';
import { describeFigures, figures, History } from './history';
import { checkAcknowledged, checkTransferStream, convergedHeights, heldIn, type TransferStream } from './ledger-checks';
import { openMultihostTarget, orgGateways } from './multihost-env';
import { purchaseWorker, transferWorker, type PurchaseRecord, type WorkerContext } from './workload';

const FUNDS = 1_000_000n;

/**
 * issue 15: clients on three organisations' gateways (each org on its own host) pay, confirm and transfer
 * with idempotency keys while the test cuts an org's link, cuts the Raft leader off from the other
 * orderers, kills a peer and a gateway, and heals each. The history of every request and answer, then the
 * ledger, must show every acknowledged transaction exactly once, conservation per currency, every peer on
 * the same block, and the keeper caught up.
 */
describe('multihost: partitions and crashes under load, nothing acknowledged lost', () => {
  let alliance: Alliance;
  const streams: TransferStream[] = [
    {
      worker: 'ecommerce-transfers',
      gateway: 'ecommerce',
      payer: 'EcommerceMSP:buyer1',
      payee: 'EcommerceMSP:store1',
      from: '',
      to: '',
    },
    {
      worker: 'finance-transfers',
      gateway: 'finance',
      payer: 'FinanceMSP:bank1',
      payee: 'FinanceMSP:bank2',
      from: '',
      to: '',
    },
    {
      worker: 'energy-transfers',
      gateway: 'energy',
      payer: 'EnergyMSP:producer1',
      payee: 'EnergyMSP:consumer1',
      from: '',
      to: '',
    },
  ];
  const buyer: Identity = 'EcommerceMSP:buyer2';
  const store: Identity = 'EcommerceMSP:store2';
  let buyerAccount = '';
  let storeAccount = '';
  let issued = 0n;
  const owners = new Map<string, Identity>();
  let keeperCase: { settlementNo: string; releaseDeadline: string } | undefined;

  const open = async (owner: Identity, label: string, amount?: bigint): Promise<string> => {
    const id = await alliance.openAccount(owner, label, amount?.toString());
    owners.set(id, owner);
    issued += amount ?? 0n;
    return id;
  };

  beforeAll(async () => {
    alliance = await Alliance.open(await openMultihostTarget(await orgGateways()));
    for (const s of streams) {
      s.from = await open(s.payer, `${s.worker}-from`, FUNDS);
      s.to = await open(s.payee, `${s.worker}-to`);
    }
    buyerAccount = await open(buyer, 'purchases-buyer', FUNDS);
    storeAccount = await open(store, 'purchases-store');
    // A purchase nobody confirms: the keeper (in FinanceMSP's gateway) must release it after its time limit,
    // which passes while the faults run.
    const keeperBuyer = await open('EcommerceMSP:buyer1', 'keeper-buyer', 1000n);
    const keeperStore = await open('EcommerceMSP:store1', 'keeper-store');
    const p = await alliance.purchase('EcommerceMSP:buyer1', keeperBuyer, keeperStore, '700', {
      timeLimitSeconds: TIME_LIMIT.MIN_SECONDS,
    });
    await expectStatus(alliance.as('EcommerceMSP:store1').post(`${p.orderPath}/payment-acknowledgement`), 200);
    const shipped = await expectStatus(
      alliance.as('EcommerceMSP:store1').post(`${p.orderPath}/shipment`, { carrier: 'EMS', trackingNo: 'K1' }),
      200,
    );
    keeperCase = {
      settlementNo: p.settlementNo,
      releaseDeadline: (shipped.body as { data: { releaseDeadline: string } }).data.releaseDeadline,
    };
  }, 300_000);
  afterAll(async () => {
    await alliance.close();
  });

  /** Payments and confirmations: the store holds exactly the confirmed purchases, the escrow the rest. */
  const checkPurchases = async (purchases: readonly PurchaseRecord[]): Promise<string> => {
    const paid = purchases.filter((p) => p.settlementNo !== undefined);
    const confirmed = paid.filter((p) => p.confirmed);
    const sum = (list: readonly PurchaseRecord[]): bigint => list.reduce((total, p) => total + p.amount, 0n);
    expect(BigInt((await alliance.balance(store, storeAccount)).available)).toBe(sum(confirmed));
    expect(BigInt((await alliance.balance(buyer, buyerAccount)).frozen)).toBe(sum(paid.filter((p) => !p.confirmed)));
    for (const p of confirmed) {
      const s = await expectStatus(alliance.as(buyer).get(`/settlements/${p.settlementNo ?? ''}`), 200);
      expect(s.body).toMatchObject({ status: 'COMPLETED', paidAmount: p.amount.toString() });
    }
    return `purchases paid ${paid.length}, confirmed ${confirmed.length}`;
  };

  /** The keeper released the unconfirmed purchase after its deadline; answers how long after, in seconds. */
  const checkKeeper = async (): Promise<number> => {
    const released = await awaitResource<{ status: string; paidAmount: string; closedAt?: string }>(
      alliance.as('EcommerceMSP:buyer1'),
      `/settlements/${keeperCase?.settlementNo ?? ''}`,
      (s) => s.status !== 'PAID',
      120_000,
    );
    expect(released).toMatchObject({ status: 'COMPLETED', paidAmount: '700' });
    const ready = await expectStatus(alliance.target.http('FinanceMSP:auditor1').get('/readyz'), 200);
    expect(ready.body).toMatchObject({ keeper: { enabled: true, status: 'ok' } });
    return (Date.parse(released.closedAt ?? '') - Date.parse(keeperCase?.releaseDeadline ?? '')) / 1000;
  };

  it('acknowledged exactly once, conserved, converged, caught up', async () => {
    const history = new History();
    let stopAt = Number.POSITIVE_INFINITY;
    const purchases: PurchaseRecord[] = [];
    const ctx = (worker: string, gateway: string): WorkerContext => ({ alliance, history, worker, gateway });
    const load = Promise.all([
      ...streams.map((s) => transferWorker(ctx(s.worker, s.gateway), s.payer, s.from, s.to, () => stopAt)),
      purchaseWorker(
        ctx('ecommerce-purchases', 'ecommerce'),
        buyer,
        store,
        buyerAccount,
        storeAccount,
        () => stopAt,
        purchases,
      ),
    ]);
    let schedule: Awaited<ReturnType<typeof runFaultSchedule>>;
    try {
      schedule = await runFaultSchedule(history);
    } finally {
      // Also when the schedule fails: the workers end their operations under way, then stop.
      stopAt = Date.now();
      process.stdout.write('load stopped; waiting for every operation under way to reach an outcome\n');
      await load;
    }
    const { leader, newLeader } = schedule;

    const acknowledged = history.operations().filter((o) => o.state === 'acknowledged');
    const { lost, duplicated } = await checkAcknowledged(alliance, acknowledged);
    for (const s of streams) {
      const acked = acknowledged.filter((o) => o.worker === s.worker && o.op === 'transfer').length;
      const found = await checkTransferStream(alliance, s, acked, FUNDS);
      lost.push(...found.lost);
      duplicated.push(...found.duplicated);
      expect(found.paid).toBe(found.received);
    }
    const purchaseFigures = await checkPurchases(purchases);
    // Conservation: every unit issued to this run's accounts is in one of them, available or frozen.
    expect(await heldIn(alliance, owners)).toBe(issued);
    const keeperDelay = await checkKeeper();
    const heights = await convergedHeights();

    const f = figures(history, { lost, duplicated });
    // The whole history, for a look at any run afterwards (test-multihost.sh names the file).
    const historyFile = process.env.MULTIHOST_HISTORY_FILE;
    if (historyFile) {
      await writeFile(
        historyFile,
        JSON.stringify({ attempts: history.attempts, heals: history.heals, figures: f }, null, 1),
      );
    }
    process.stdout.write(
      `\nmultihost fault figures\n${describeFigures(f)}\n` +
        `Raft leader ${leader} → ${newLeader} during its partition; ${purchaseFigures}; ` +
        `keeper release ${keeperDelay.toFixed(1)} s after the deadline; ` +
        `peers ${heights.map((h) => `${h.peer}@${h.height}`).join(' ')} ${heights[0]?.hash ?? ''}\n`,
    );
    expect(new Set(heights.map((h) => `${h.height} ${h.hash}`)).size).toBe(1);
    expect(lost).toEqual([]);
    expect(duplicated).toEqual([]);
    expect(f.indeterminate).toBe(0);
    expect(f.acknowledged).toBeGreaterThan(0);
    for (const r of f.recoveries) expect(r.ms).toBeDefined();
  }, 900_000);
});
