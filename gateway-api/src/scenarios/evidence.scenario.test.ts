import { createHash, randomBytes } from 'node:crypto';
import { verifyMerkleProof, type MerkleStep } from '@allianceledger/chaincode';
import { Alliance, expectProblem, expectStatus, listAll } from './alliance-bootstrap';

const sha256 = (data: Buffer | string): string => createHash('sha256').update(data).digest('hex');

/** DOMAIN.md §5 over REST: documents uploaded, verified, tampered with; Merkle batches checked offline. */
describe('evidence scenarios', () => {
  let alliance: Alliance;
  beforeAll(async () => {
    alliance = await Alliance.open();
  }, 120_000);
  afterAll(() => alliance.close());

  it('upload → verify → a tampered file fails; the original downloads for its owner and auditors', async () => {
    const store = alliance.as('EcommerceMSP:store1');
    const content = Buffer.concat([
      Buffer.from(`Supply contract ${alliance.uniqueId('contract')}\r\n`),
      randomBytes(4096),
    ]);
    const hash = sha256(content);

    const uploaded = await expectStatus(
      store.upload(
        '/evidence/files',
        { content, filename: 'contract-42.pdf', contentType: 'application/pdf' },
        { category: 'contract', description: 'Supply contract 42' },
      ),
      201,
    );
    expect(uploaded.headers.location).toBe(`/api/v1/evidence/${hash}`);
    expect(uploaded.body).toMatchObject({
      transactionId: expect.stringMatching(/^[0-9a-f]{64}$/),
      blockNumber: expect.stringMatching(/^[1-9][0-9]*$/),
      data: {
        hash,
        owner: alliance.party('EcommerceMSP:store1'),
        category: 'contract',
        description: 'Supply contract 42',
        size: content.length,
        filename: 'contract-42.pdf',
        mediaType: 'application/pdf',
        location: `gateway:evidence/${hash}`,
        ownerHandle: 'EcommerceMSP:store1',
      },
    });
    const { transactionId, blockNumber } = uploaded.body as { transactionId: string; blockNumber: string };

    // Anyone in the consortium re-hashes the file and learns who registered it, when, where on the chain.
    const verified = await expectStatus(
      alliance.as('EnergyMSP:consumer1').upload('/evidence/file-verifications', { content, filename: 'copy.pdf' }),
      200,
    );
    expect(verified.body).toEqual({
      hash,
      registered: true,
      owner: alliance.party('EcommerceMSP:store1'),
      ownerHandle: 'EcommerceMSP:store1',
      registeredAt: (uploaded.body as { data: { registeredAt: string } }).data.registeredAt,
      txId: transactionId,
      blockNumber,
      size: content.length,
    });
    const byHash = await expectStatus(alliance.as('FinanceMSP:bank1').get(`/evidence/${hash}/verification`), 200);
    expect(byHash.body).toMatchObject({ registered: true, txId: transactionId, blockNumber });

    // One changed byte is another document.
    const tampered = Buffer.from(content);
    tampered[tampered.length - 1] = (tampered[tampered.length - 1]! + 1) % 256;
    const failed = await expectStatus(
      alliance.as('EnergyMSP:consumer1').upload('/evidence/file-verifications', { content: tampered, filename: 'x' }),
      200,
    );
    expect(failed.body).toEqual({ hash: sha256(tampered), registered: false, size: content.length });

    // The same document again, by anyone: a conflict naming the original.
    const again = await expectProblem(
      alliance
        .as('EcommerceMSP:buyer1')
        .upload('/evidence/files', { content, filename: 'mine.pdf' }, { category: 'contract' }),
      409,
      'CONFLICT',
    );
    expect(again.details).toMatchObject({ hash, txId: transactionId, owner: alliance.party('EcommerceMSP:store1') });

    // The original, stored off chain under its hash: for the owner and auditors only.
    for (const reader of ['EcommerceMSP:store1', 'FinanceMSP:auditor1'] as const) {
      const file = await expectStatus(
        alliance
          .as(reader)
          .get(`/evidence/${hash}/file`)
          .buffer(true)
          .parse((res, done) => {
            const parts: Buffer[] = [];
            res.on('data', (c: Buffer) => {
              parts.push(c);
            });
            res.on('end', () => {
              done(null, Buffer.concat(parts));
            });
          }),
        200,
      );
      expect(Buffer.compare(file.body as Buffer, content)).toBe(0);
      expect(file.headers['content-type']).toBe('application/pdf');
    }
    await expectProblem(alliance.as('EcommerceMSP:buyer1').get(`/evidence/${hash}/file`), 403, 'FORBIDDEN');
    await expectProblem(alliance.as('EcommerceMSP:buyer1').get(`/evidence/${hash}`), 403, 'FORBIDDEN');
  });

  it('refuses uploads without a file, of another media type, or over the size limit', async () => {
    const store = alliance.as('EcommerceMSP:store1');
    const missing = await expectProblem(
      store.post('/evidence/files').field('category', 'contract'),
      400,
      'VALIDATION_FAILED',
    );
    expect(missing.errors).toEqual([{ path: 'body.file', message: 'required' }]);
    const badCategory = await expectProblem(
      store.upload('/evidence/files', { content: Buffer.from('x'), filename: 'x' }, { category: 'Not Valid' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(badCategory.errors).toEqual([{ path: 'body.category', message: expect.any(String) }]);
    await expectProblem(store.post('/evidence/files', { category: 'contract' }), 415, 'UNSUPPORTED_MEDIA_TYPE');
    await expectProblem(
      store.upload(
        '/evidence/files',
        { content: Buffer.alloc(10 * 1024 * 1024 + 1, 7), filename: 'big.bin' },
        { category: 'x' },
      ),
      413,
      'PAYLOAD_TOO_LARGE',
    );
    await expectProblem(
      alliance.anonymous().upload('/evidence/files', { content: Buffer.from('x'), filename: 'x' }, { category: 'x' }),
      401,
      'UNAUTHENTICATED',
    );
  });

  it('anchors a Merkle batch; each proof verifies offline against the root on chain, a tampered one does not', async () => {
    const leaves = Array.from({ length: 5 }, (_, i) => sha256(`meter report ${i} ${alliance.target.runId}`));
    const producer = alliance.as('EnergyMSP:producer1');
    const anchored = await expectStatus(
      producer.post('/evidence-batches', { leaves, category: 'meter-report', description: 'June readings' }),
      201,
    );
    const batch = (anchored.body as { data: { batchId: string; root: string; leafCount: number } }).data;
    expect(batch).toMatchObject({ batchId: anchored.body.transactionId, leafCount: 5 });
    expect(anchored.headers.location).toBe(`/api/v1/evidence-batches/${batch.batchId}`);

    for (const [index, leaf] of leaves.entries()) {
      // What a third party does: the root from the chain (any member may verify), the proof from the owner.
      const verified = await expectStatus(alliance.as('FinanceMSP:bank2').get(`/evidence/${leaf}/verification`), 200);
      const root = (verified.body as { batch: { root: string } }).batch.root;
      expect(root).toBe(batch.root);
      const proof = await expectStatus(producer.get(`/evidence/${leaf}/proof`), 200);
      const { steps } = proof.body as { steps: MerkleStep[] };
      expect(proof.body).toMatchObject({ leaf, index, leafCount: 5, root, batchId: batch.batchId });
      expect(verifyMerkleProof(leaf, steps, root)).toBe(true);
      expect(verifyMerkleProof(leaves[(index + 1) % 5]!, steps, root)).toBe(false);
      const forged = steps.map((s, i) => (i === 0 ? { ...s, hash: sha256(s.hash) } : s));
      expect(verifyMerkleProof(leaf, forged, root)).toBe(false);
    }
    await expectProblem(alliance.as('EcommerceMSP:buyer1').get(`/evidence/${leaves[0]!}/proof`), 403, 'FORBIDDEN');
    const conflict = await expectProblem(
      producer.post('/evidence-batches', { leaves: [sha256(alliance.uniqueId('fresh')), leaves[2]], category: 'x' }),
      409,
      'CONFLICT',
    );
    expect(conflict.details).toMatchObject({ hash: leaves[2], batchId: batch.batchId });
  });

  it('takes digests in either case and keeps them lower-case', async () => {
    const hash = sha256(alliance.uniqueId('upper-case digest'));
    const registered = await expectStatus(
      alliance.as('EcommerceMSP:buyer2').post('/evidence', { hash: hash.toUpperCase(), category: 'invoice' }),
      201,
    );
    expect((registered.body as { data: { hash: string } }).data.hash).toBe(hash);
    const verified = await expectStatus(
      alliance.as('EcommerceMSP:store2').get(`/evidence/${hash.toUpperCase()}/verification`),
      200,
    );
    expect(verified.body).toMatchObject({ hash, registered: true });
    const bad = await expectProblem(
      alliance.as('EcommerceMSP:buyer2').post('/evidence', { hash: 'xyz', category: 'invoice' }),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.errors).toEqual([{ path: 'body.hash', message: '64 hex digits (SHA-256), in either case' }]);
  });

  it("lists an owner's evidence to itself, and every owner's to auditors", async () => {
    const hashes = {
      buyer: sha256(alliance.uniqueId('buyer invoice')),
      store: sha256(alliance.uniqueId('store invoice')),
    };
    await expectStatus(
      alliance.as('EcommerceMSP:buyer2').post('/evidence', { hash: hashes.buyer, category: 'invoice' }),
      201,
    );
    await expectStatus(
      alliance.as('EcommerceMSP:store2').post('/evidence', { hash: hashes.store, category: 'invoice' }),
      201,
    );
    const own = await listAll<{ hash: string }>(alliance.as('EcommerceMSP:buyer2'), '/evidence');
    expect(own.map((e) => e.hash)).toContain(hashes.buyer);
    expect(own.map((e) => e.hash)).not.toContain(hashes.store);
    await expectProblem(
      alliance.as('EcommerceMSP:buyer2').get('/evidence', { owner: alliance.party('EcommerceMSP:store2') }),
      403,
      'FORBIDDEN',
    );
    await expectProblem(alliance.as('EcommerceMSP:buyer2').get('/evidence', { scope: 'all' }), 403, 'FORBIDDEN');
    const all = await listAll<{ hash: string }>(
      alliance.as('FinanceMSP:auditor1'),
      '/evidence',
      { scope: 'all' },
      1000,
    );
    expect(all.map((e) => e.hash)).toEqual(expect.arrayContaining([hashes.buyer, hashes.store]));
  });
});
