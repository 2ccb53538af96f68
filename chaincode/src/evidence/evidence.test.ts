import { createHash } from 'node:crypto';
import { Alliance, Client, STANDARD_ROLES, expectCode, pluck } from '../test/alliance';
import { merkleRoot, verifyMerkleProof, type MerkleStep } from './merkle';

const sha = (data: string): string => createHash('sha256').update(data).digest('hex');

describe('evidence hashes', () => {
  let alliance: Alliance;
  let store: Client;
  let buyer: Client;
  let auditor: Client;
  let bank: Client;
  let energyAdmin: Client;
  let unregistered: Client;
  let storeParty: string;

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers(STANDARD_ROLES.filter(([, user]) => user !== 'consumer1'));
    [store, buyer, auditor, bank, energyAdmin, unregistered] = await Promise.all([
      alliance.client('EcommerceMSP', 'store1'),
      alliance.client('EcommerceMSP', 'buyer1'),
      alliance.client('FinanceMSP', 'auditor1'),
      alliance.client('FinanceMSP', 'bank1'),
      alliance.client('EnergyMSP', 'Admin'),
      alliance.client('EnergyMSP', 'consumer1'),
    ]);
    storeParty = await alliance.party('EcommerceMSP', 'store1');
  });
  afterAll(() => alliance.close());

  it('registers a hash once; the same hash again is a CONFLICT naming the original', async () => {
    const hash = sha('contract 42');
    const run = await store.run('evidence:RegisterEvidence', {
      hash,
      category: 'contract',
      description: 'Supply contract 42',
      location: 'gateway:evidence/' + hash,
      size: 1234,
      mediaType: 'application/pdf',
      filename: 'contract-42.pdf',
    });
    expect(run.result).toMatchObject({
      hash,
      owner: storeParty,
      category: 'contract',
      size: 1234,
      txId: run.txId,
      registeredAt: new Date(alliance.now).toISOString(),
    });
    expect(await alliance.event(run.txId)).toMatchObject({ name: 'EvidenceRegistered', payload: { hash } });

    const body = await alliance.expectRefused(
      () => buyer.submit('evidence:RegisterEvidence', { hash, category: 'invoice' }),
      'CONFLICT',
    );
    expect(body.details).toEqual({
      hash,
      txId: run.txId,
      owner: storeParty,
      registeredAt: run.result.registeredAt,
    });

    // Verify: any member (or org admin) learns who registered it, when, and in which transaction and block.
    const verified = await energyAdmin.evaluate('evidence:VerifyEvidence', { hash });
    expect(verified).toEqual({
      hash,
      registered: true,
      owner: storeParty,
      registeredAt: run.result.registeredAt,
      txId: run.txId,
    });
    expect((await alliance.devnet.getTransactionStatus(String(verified.txId)))?.blockNumber).toBe(run.blockNumber);
    expect(await buyer.evaluate('evidence:VerifyEvidence', { hash: sha('contract 43') })).toEqual({
      hash: sha('contract 43'),
      registered: false,
    });
    await expectCode(unregistered.evaluate('evidence:VerifyEvidence', { hash }), 'FORBIDDEN');

    // The full record (description, location) is the owner's and the auditors'.
    expect(await auditor.evaluate('evidence:GetEvidence', { hash })).toEqual(run.result);
    await expectCode(buyer.evaluate('evidence:GetEvidence', { hash }), 'FORBIDDEN');
    await expectCode(store.evaluate('evidence:GetEvidence', { hash: sha('none') }), 'NOT_FOUND');
  });

  it('refuses malformed hashes and metadata before reading anything', async () => {
    for (const bad of [
      { hash: sha('x').toUpperCase(), category: 'contract' },
      { hash: sha('x').slice(1), category: 'contract' },
      { hash: sha('x'), category: 'Contract' },
      { hash: sha('x'), category: 'contract', size: -1 },
      { hash: sha('x'), category: 'contract', size: '10' },
      { hash: sha('x'), category: 'contract', owner: storeParty },
      { hash: sha('x') },
    ]) {
      await alliance.expectRefused(() => store.submit('evidence:RegisterEvidence', bad), 'INVALID_ARGUMENT');
    }
  });

  it('anchors a batch under one Merkle root; each item verifies and has a proof checked offline', async () => {
    const leaves = Array.from({ length: 7 }, (_, i) => sha(`meter report ${i}`));
    const run = await store.run('evidence:AnchorBatch', { leaves, category: 'meter-report' });
    const root = merkleRoot(leaves);
    expect(run.result).toEqual({
      batchId: run.txId,
      owner: storeParty,
      category: 'meter-report',
      root,
      leafCount: 7,
      anchoredAt: new Date(alliance.now).toISOString(),
    });
    expect((await alliance.event(run.txId))?.name).toBe('EvidenceBatchAnchored');

    for (const [index, leaf] of leaves.entries()) {
      const verified = await bank.evaluate('evidence:VerifyEvidence', { hash: leaf });
      expect(verified).toMatchObject({
        registered: true,
        txId: run.txId,
        batch: { batchId: run.txId, index, leafCount: 7, root },
      });
      const proof = await store.evaluate('evidence:GetEvidenceProof', { hash: leaf });
      expect(proof).toMatchObject({ batchId: run.txId, leaf, index, leafCount: 7, root });
      // Offline: only the root from the chain, the leaf and the proof.
      const steps = proof.steps as MerkleStep[];
      const chainRoot = String(verified.batch.root);
      expect(verifyMerkleProof(leaf, steps, chainRoot)).toBe(true);
      expect(verifyMerkleProof(sha('forged'), steps, chainRoot)).toBe(false);
    }
    const batch = await auditor.evaluate('evidence:GetBatch', { batchId: run.txId });
    expect(batch.leaves).toEqual(leaves);
    await expectCode(buyer.evaluate('evidence:GetBatch', { batchId: run.txId }), 'FORBIDDEN');
    await expectCode(buyer.evaluate('evidence:GetEvidenceProof', { hash: leaves[0] }), 'FORBIDDEN');
    await expectCode(store.evaluate('evidence:GetEvidenceProof', { hash: sha('contract 42') }), 'ILLEGAL_STATE');

    // Nothing is anchored twice: a registered hash in a batch, or a hash repeated within one.
    const conflict = await alliance.expectRefused(
      () => buyer.submit('evidence:AnchorBatch', { leaves: [sha('new'), leaves[3]], category: 'x' }),
      'CONFLICT',
    );
    expect(conflict.details).toMatchObject({ hash: leaves[3], txId: run.txId, batchId: run.txId });
    await alliance.expectRefused(
      () => buyer.submit('evidence:AnchorBatch', { leaves: [sha('a'), sha('a')], category: 'x' }),
      'INVALID_ARGUMENT',
    );
    await alliance.expectRefused(
      () => buyer.submit('evidence:AnchorBatch', { leaves: [], category: 'x' }),
      'INVALID_ARGUMENT',
    );
    expect(await buyer.evaluate('evidence:VerifyEvidence', { hash: sha('new') })).toMatchObject({ registered: false });
  });

  it('lists an owner its own evidence, and auditors everyone’s', async () => {
    await buyer.submit('evidence:RegisterEvidence', { hash: sha('buyer invoice'), category: 'invoice' });
    const own = await buyer.evaluate('evidence:ListEvidence', {});
    expect(pluck(own.items, 'hash')).toEqual([sha('buyer invoice')]);
    await expectCode(buyer.evaluate('evidence:ListEvidence', { owner: storeParty }), 'FORBIDDEN');
    const byAuditor = await auditor.evaluate('evidence:ListEvidence', { owner: storeParty, pageSize: 100 });
    expect(byAuditor.items).toHaveLength(8);
    await expectCode(store.evaluate('evidence:ListAllEvidence', {}), 'FORBIDDEN');
    const all: string[] = [];
    let bookmark = '';
    do {
      const p = await auditor.evaluate('evidence:ListAllEvidence', { pageSize: 3, bookmark });
      all.push(...(pluck(p.items, 'hash') as string[]));
      bookmark = p.bookmark;
    } while (bookmark !== '');
    expect(all).toHaveLength(9);
    expect(all).toEqual([...all].sort());
  });
});
