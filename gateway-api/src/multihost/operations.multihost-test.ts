import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Alliance, expectStatus } from '../scenarios/alliance-bootstrap';
import { networkSh } from '../fabric-suite/fabric-env';
import { convergedHeights } from './ledger-checks';
import { openMultihostTarget, orgGateways } from './multihost-env';

const sha256 = (b: Buffer): string => createHash('sha256').update(b).digest('hex');

/**
 * issue 15, the operations a bank needs once it runs this for real: a new peer of an existing org joining
 * from a ledger snapshot, and a gateway's data directory backed up and restored with nothing lost. (The
 * gateways serve HTTPS throughout: every request of this suite goes over TLS to gateway.<domain>.)
 */
describe('multihost: operations', () => {
  let alliance: Alliance;

  beforeAll(async () => {
    alliance = await Alliance.open(await openMultihostTarget(await orgGateways()));
  }, 300_000);
  afterAll(async () => {
    await alliance.close();
  });

  it('joins a new FinanceMSP peer from a snapshot of peer0’s ledger; it catches up to the same block', async () => {
    const from = await alliance.openAccount('FinanceMSP:bank1', 'snapshot-from', '100');
    const to = await alliance.openAccount('FinanceMSP:bank2', 'snapshot-to');
    const started = Date.now();
    const out = await networkSh(['join-from-snapshot', 'finance']);
    const joinSeconds = (Date.now() - started) / 1000;
    // Blocks after the snapshot reach the new peer too.
    await expectStatus(
      alliance
        .as('FinanceMSP:bank1')
        .post('/transfers', { fromAccountId: from, toAccountId: to, currency: alliance.currency, amount: '5' }),
      201,
    );
    const heights = await convergedHeights();
    process.stdout.write(
      `${out
        .split('\n')
        .filter((l) => l.includes('snapshot'))
        .join('\n')}\n` +
        `snapshot join took ${joinSeconds.toFixed(1)} s; peers ${heights.map((h) => `${h.peer}@${h.height}`).join(' ')}\n`,
    );
    expect(heights.map((h) => h.peer)).toContain('peer1.finance');
    expect(new Set(heights.map((h) => `${h.height} ${h.hash}`)).size).toBe(1);
  }, 300_000);

  it('restores a gateway’s data directory from a backup: API keys, idempotency records and evidence originals', async () => {
    const admin = alliance.as('FinanceMSP:Admin');
    const bank = alliance.as('FinanceMSP:bank1');
    // State the gateway keeps off chain: a key issued now, an idempotency record, an evidence original.
    const issued = await expectStatus(
      admin.post('/api-keys', { identity: 'FinanceMSP:auditor1', label: `backup check ${alliance.target.runId}` }),
      201,
    );
    const newKey = (issued.body as { key: string }).key;
    const from = await alliance.openAccount('FinanceMSP:bank1', 'backup-from', '100');
    const to = await alliance.openAccount('FinanceMSP:bank2', 'backup-to');
    const key = alliance.uniqueId('backup-transfer');
    const body = { fromAccountId: from, toAccountId: to, currency: alliance.currency, amount: '9' };
    const paid = await expectStatus(bank.post('/transfers', body).set('idempotency-key', key), 201);
    const content = Buffer.concat([Buffer.from(`Loan agreement ${alliance.target.runId}\n`), randomBytes(2048)]);
    const hash = sha256(content);
    await expectStatus(
      bank.upload('/evidence/files', { content, filename: 'loan.pdf' }, { category: 'contract' }),
      201,
    );

    const dir = await mkdtemp(path.join(tmpdir(), 'gateway-backup-'));
    try {
      const archive = path.join(dir, 'finance-gateway.tar.gz');
      await networkSh(['gateway', 'backup', 'finance', archive]);
      // The host's disk is lost: restore wipes the data directory and unpacks the archive.
      await networkSh(['gateway', 'restore', 'finance', archive]);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }

    // The key issued before the backup still authenticates.
    const me = await alliance.target.http('FinanceMSP:auditor1').get('/api/v1/me').set('x-api-key', newKey);
    expect(me.status).toBe(200);
    // The same request with the same key is answered from the restored record: no second transfer.
    const replay = await expectStatus(bank.post('/transfers', body).set('idempotency-key', key), 201);
    expect(replay.headers['idempotent-replayed']).toBe('true');
    expect(replay.body).toEqual(paid.body);
    expect((await alliance.balance('FinanceMSP:bank2', to)).available).toBe('9');
    // The evidence original is served from the restored store, byte for byte.
    const file = await bank.get(`/evidence/${hash}/file`).buffer(true);
    expect(file.status).toBe(200);
    expect(sha256(file.body as Buffer)).toBe(hash);
    process.stdout.write(
      `gateway backup/restore: API key, idempotency record (transfer ${(paid.body as { transactionId: string }).transactionId} replayed) and evidence original ${hash} kept\n`,
    );
  }, 300_000);
});
