import * as path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { DeployedChaincode } from '../ledger/deployed-chaincode';
import type { LedgerPort, SigningIdentity } from '../ledger/ledger-port';
import { parseChaincodeResult } from '../transactions/transaction-service';
import { expectStatus, type Alliance, type Identity } from './alliance-bootstrap';
import { PurchaseLoad, type LoadReport } from './purchase-load';

/**
 * The chaincode upgrade nobody notices (issue 17), on any ledger: our chaincode v1 (today's) is upgraded
 * to v2 — the fixture that adds `memo` to settlements (schema version 2) and the transaction
 * `memo:SetSettlementMemo` — while clients keep paying and confirming through the REST gateway. The
 * ledger-specific part is how the upgrade is done: devnet's API, or `network.sh upgrade` on Fabric.
 */

/** The v2 chaincode: the real chaincode's modules plus one field and one transaction. */
export const CHAINCODE_V2_MODULE = path.join(__dirname, '..', 'fabric-suite', 'fixtures', 'chaincode-v2');

/** How one ledger is upgraded, and the calls REST does not offer (v2's transaction, the migration). */
export interface ChaincodeUpgrade {
  /** Upgrades the chaincode to v2, the whole consortium procedure; resolves once it is committed. */
  run(): Promise<void>;
  readonly ledger: Pick<LedgerPort, 'evaluate' | 'submit'>;
  signer(identity: string): Promise<SigningIdentity>;
  /** What the gateway learns of the deployed definition, over this ledger. */
  readonly deployed: DeployedChaincode;
  /**
   * Migrates the settlements to the current schema version, the operator's way (e.g. `network.sh
   * migrate`); without it the scenario pages through schema:ListStaleRecords / MigrateRecords itself.
   */
  migrate?(): Promise<{ readonly pages: number; readonly upgraded: number }>;
}

export interface UpgradeOptions {
  /** Purchases running at once during the upgrade, each from its own account. */
  readonly workers: number;
  /** How long the load runs before the upgrade starts, and after it committed (ms). */
  readonly settleMs: number;
  /** Page size of the migration. */
  readonly pageSize: number;
}

/** The chaincode definition /readyz reports. */
interface ReportedDefinition {
  readonly version: string;
  readonly sequence: string;
}

/** A purchase left in a state before the upgrade, and how it reads after. */
interface OldRecord {
  readonly settlementNo: string;
  readonly statusBefore: string;
  readonly statusAfter: string;
  readonly memoAfter: unknown;
}

/** Everything the test asserts and the docs quote. */
export interface UpgradeFigures {
  readonly before: ReportedDefinition;
  readonly after: ReportedDefinition;
  readonly upgradeMs: number;
  readonly load: LoadReport;
  readonly oldRecords: readonly OldRecord[];
  /** A settlement v1 left PAID, completed by v2: its history, oldest first (status, memo). */
  readonly completedAcross: readonly (readonly [string, unknown])[];
  /** The events of a v1 transaction, read back after the upgrade. */
  readonly eventsOfV1Transaction: readonly string[];
  /** v2's new transaction on a settlement written by v1, and the settlement as read after it. */
  readonly memo: { readonly set: unknown; readonly readBack: unknown };
  readonly refusedBeforeUpgrade: string;
  readonly migration: {
    readonly pages: number;
    readonly upgraded: number;
    readonly alreadyCurrent: number;
    readonly staleAfter: number;
  };
  /** Σ(available + frozen) of the run's accounts, and the currency's outstanding supply. */
  readonly money: { readonly held: bigint; readonly outstanding: bigint };
}

const BUYER: Identity = 'EcommerceMSP:buyer1';
const STORE: Identity = 'EcommerceMSP:store1';
const ADMIN = 'FinanceMSP:Admin';
const AMOUNT = '100';

/** Runs the scenario and returns its figures; asserts only what it needs to go on. */
export async function upgradeUnderLoad(
  alliance: Alliance,
  upgrade: ChaincodeUpgrade,
  options: UpgradeOptions,
): Promise<UpgradeFigures> {
  const buyerAccountId = await alliance.openAccount(BUYER, 'upgrade-buyer', '100000000');
  const storeAccountId = await alliance.openAccount(STORE, 'upgrade-store');
  const workerAccounts: string[] = [];
  for (let i = 0; i < options.workers; i++) {
    workerAccounts.push(await alliance.openAccount(BUYER, `upgrade-worker${i}`, '100000000'));
  }
  const accounts = [buyerAccountId, storeAccountId, ...workerAccounts];

  // Records v1 writes and leaves in different states.
  const completed = await purchase(alliance, buyerAccountId, storeAccountId, ['acknowledge', 'ship', 'confirm']);
  const paid = await purchase(alliance, buyerAccountId, storeAccountId, []);
  const shipped = await purchase(alliance, buyerAccountId, storeAccountId, ['acknowledge', 'ship']);
  const old = [completed, paid, shipped];
  const statusBefore = await Promise.all(old.map((p) => settlementStatus(alliance, p.settlementNo)));
  const before = await readyDefinition(alliance);

  // While v1 is deployed, the gateway's view of the definition refuses v2's transaction before sending it.
  const refusedBeforeUpgrade = await upgrade.deployed.require('memo:SetSettlementMemo').then(
    () => 'accepted',
    (err: unknown) => (err instanceof Error ? err.message : String(err)),
  );

  const load = new PurchaseLoad(alliance, {
    buyer: BUYER,
    buyerAccountIds: workerAccounts,
    store: STORE,
    storeAccountId,
    amount: AMOUNT,
  });
  load.start();
  let loadReport: LoadReport;
  let upgradeMs: number;
  try {
    await sleep(options.settleMs);
    const started = Date.now();
    await upgrade.run();
    upgradeMs = Date.now() - started;
    await sleep(options.settleMs);
  } finally {
    loadReport = await load.stop();
  }
  const after = await awaitReadyVersion(alliance, before.version);

  const oldRecords = await Promise.all(
    old.map(async (p, i): Promise<OldRecord> => {
      const record = await settlement(alliance, p.settlementNo);
      return {
        settlementNo: p.settlementNo,
        statusBefore: statusBefore[i] ?? '',
        statusAfter: String(record.status),
        memoAfter: record.memo,
      };
    }),
  );

  // v2 completes what v1 left: the settlement is written (upgraded) by v2.
  await step(alliance, paid.settlementNo, 'acknowledge');
  await step(alliance, paid.settlementNo, 'ship');
  await step(alliance, paid.settlementNo, 'confirm');
  const history = await expectStatus(alliance.as(BUYER).get(`/settlements/${paid.settlementNo}/history`), 200);
  const completedAcross = (history.body as { items: { value: { status: string; memo?: unknown } }[] }).items.map(
    (h) => [h.value.status, h.value.memo] as const,
  );
  const v1Transaction = await expectStatus(alliance.as(BUYER).get(`/transactions/${completed.confirmTxId ?? ''}`), 200);
  const eventsOfV1Transaction =
    (v1Transaction.body as { events?: { name: string }[] }).events?.map((e) => e.name) ?? [];

  // v2's new transaction on a record v1 wrote.
  await upgrade.deployed.require('memo:SetSettlementMemo');
  const memoSet = await submit(upgrade, BUYER, 'memo:SetSettlementMemo', {
    settlementNo: shipped.settlementNo,
    memo: 'gift wrap, please',
  });
  const memoRead = await evaluate(upgrade, BUYER, 'settlements:GetSettlement', { settlementNo: shipped.settlementNo });

  const migration = upgrade.migrate
    ? { ...(await upgrade.migrate()), alreadyCurrent: 0, staleAfter: await staleSettlements(upgrade) }
    : await migrate(upgrade, options.pageSize);
  const money = await moneyOf(alliance, accounts);
  return {
    before,
    after,
    upgradeMs,
    load: loadReport,
    oldRecords,
    completedAcross,
    eventsOfV1Transaction,
    memo: { set: memoSet, readBack: (memoRead as { memo?: unknown }).memo },
    refusedBeforeUpgrade,
    migration,
    money,
  };
}

type Step = 'acknowledge' | 'ship' | 'confirm';

/** A purchase of AMOUNT taken through `steps`; the id of its confirmation, if confirmed. */
async function purchase(
  alliance: Alliance,
  buyerAccountId: string,
  storeAccountId: string,
  steps: readonly Step[],
): Promise<{ settlementNo: string; confirmTxId?: string }> {
  const { settlementNo } = await alliance.purchase(BUYER, buyerAccountId, storeAccountId, AMOUNT);
  let confirmTxId: string | undefined;
  for (const s of steps) {
    const res = await step(alliance, settlementNo, s);
    if (s === 'confirm') confirmTxId = (res.body as { transactionId?: string }).transactionId;
  }
  return confirmTxId === undefined ? { settlementNo } : { settlementNo, confirmTxId };
}

async function step(alliance: Alliance, settlementNo: string, s: Step): ReturnType<typeof expectStatus> {
  const path = `/settlements/${settlementNo}`;
  switch (s) {
    case 'acknowledge':
      return expectStatus(alliance.as(STORE).post(`${path}/payment-acknowledgement`), 200);
    case 'ship':
      return expectStatus(alliance.as(STORE).post(`${path}/shipment`, { carrier: 'EMS', trackingNo: 'E1' }), 200);
    case 'confirm':
      return expectStatus(alliance.as(BUYER).post(`${path}/confirmation`, { amountToPay: AMOUNT }), 200);
  }
}

async function settlement(alliance: Alliance, settlementNo: string): Promise<Record<string, unknown>> {
  const res = await expectStatus(alliance.as(BUYER).get(`/settlements/${settlementNo}`), 200);
  return res.body as Record<string, unknown>;
}

async function settlementStatus(alliance: Alliance, settlementNo: string): Promise<string> {
  return String((await settlement(alliance, settlementNo)).status);
}

async function readyDefinition(alliance: Alliance): Promise<ReportedDefinition> {
  const res = await alliance.target.http().get('/readyz');
  const chaincode = (res.body as { chaincode?: ReportedDefinition }).chaincode;
  if (!chaincode?.version) throw new Error(`/readyz reports no chaincode definition: ${JSON.stringify(res.body)}`);
  return { version: chaincode.version, sequence: chaincode.sequence };
}

/** /readyz once it reports a version other than `previous` (the gateway learns it within seconds). */
async function awaitReadyVersion(alliance: Alliance, previous: string): Promise<ReportedDefinition> {
  const deadline = Date.now() + 15_000;
  for (;;) {
    const reported = await readyDefinition(alliance);
    if (reported.version !== previous || Date.now() > deadline) return reported;
    await sleep(250);
  }
}

async function evaluate(
  upgrade: ChaincodeUpgrade,
  identity: string,
  transaction: string,
  input: object,
): Promise<unknown> {
  const bytes = await upgrade.ledger.evaluate({
    signer: await upgrade.signer(identity),
    transaction,
    arguments: [JSON.stringify(input)],
  });
  return parseChaincodeResult(bytes);
}

/** Submits and waits for a valid commit; the chaincode's result. */
async function submit(
  upgrade: ChaincodeUpgrade,
  identity: string,
  transaction: string,
  input: object,
): Promise<unknown> {
  const submitted = await upgrade.ledger.submit({
    signer: await upgrade.signer(identity),
    transaction,
    arguments: [JSON.stringify(input)],
  });
  const status = await submitted.status();
  if (!status.valid) throw new Error(`${transaction} ${status.transactionId} invalid: ${status.validationCode}`);
  return parseChaincodeResult(submitted.result);
}

/** schema:ListStaleRecords then schema:MigrateRecords, a page at a time, until no settlement is stale. */
async function migrate(upgrade: ChaincodeUpgrade, pageSize: number): Promise<UpgradeFigures['migration']> {
  const figures = { pages: 0, upgraded: 0, alreadyCurrent: 0, staleAfter: 0 };
  let bookmark = '';
  do {
    const page = (await evaluate(upgrade, ADMIN, 'schema:ListStaleRecords', {
      recordType: 'settlement',
      pageSize,
      bookmark,
    })) as { items: { key: string[] }[]; bookmark: string };
    if (page.items.length > 0) {
      const result = (await submit(upgrade, ADMIN, 'schema:MigrateRecords', {
        recordType: 'settlement',
        keys: page.items.map((i) => i.key),
      })) as { upgraded: number; alreadyCurrent: number };
      figures.upgraded += result.upgraded;
      figures.alreadyCurrent += result.alreadyCurrent;
      figures.pages++;
    }
    bookmark = page.bookmark;
  } while (bookmark !== '');
  figures.staleAfter = await staleSettlements(upgrade);
  return figures;
}

/** Settlements still stored in an older schema version, over the whole type. */
async function staleSettlements(upgrade: ChaincodeUpgrade): Promise<number> {
  let stale = 0;
  let bookmark = '';
  do {
    const page = (await evaluate(upgrade, ADMIN, 'schema:ListStaleRecords', {
      recordType: 'settlement',
      pageSize: 100,
      bookmark,
    })) as { items: unknown[]; bookmark: string };
    stale += page.items.length;
    bookmark = page.bookmark;
  } while (bookmark !== '');
  return stale;
}

/** What the run's accounts hold together, and what the run's currency has outstanding. */
async function moneyOf(alliance: Alliance, accounts: readonly string[]): Promise<UpgradeFigures['money']> {
  let held = 0n;
  for (const accountId of accounts) {
    const b = await alliance.balance('FinanceMSP:auditor1', accountId);
    held += BigInt(b.available) + BigInt(b.frozen);
  }
  const currency = await expectStatus(alliance.as('FinanceMSP:auditor1').get(`/currencies/${alliance.currency}`), 200);
  return { held, outstanding: BigInt((currency.body as { outstanding: string }).outstanding) };
}

/** The figures in a few lines, as the test prints them and docs/operations.md quotes them. */
export function describeFigures(f: UpgradeFigures): string {
  const { load, migration } = f;
  return [
    `chaincode ${f.before.version} (sequence ${f.before.sequence}) → ${f.after.version} (sequence ${f.after.sequence}) ` +
      `in ${(f.upgradeMs / 1000).toFixed(1)} s`,
    `REST requests during the upgrade: ${load.requests}, failed ${load.failed}, retried to success ${load.recovered}, ` +
      `never succeeded ${load.unrecovered}; purchases completed ${load.completed}` +
      (load.errors.length > 0 ? ` (errors: ${load.errors.join(', ')})` : ''),
    `migration: ${migration.upgraded} settlements upgraded in ${migration.pages} page(s), ` +
      `${migration.alreadyCurrent} already current, ${migration.staleAfter} stale after`,
    `money: accounts hold ${f.money.held}, outstanding supply ${f.money.outstanding}`,
  ].join('\n');
}
