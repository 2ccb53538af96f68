import { createHash } from 'node:crypto';
import { Alliance, awaitResource, expectProblem, expectStatus, listAll } from './alliance-bootstrap';

const sha256 = (data: string): string => createHash('sha256').update(data).digest('hex');
const DAY_MS = 86_400_000;

/** DOMAIN.md §4 and §6 over REST: receivables financed by a bank, warehouse receipts, credit lines, credit. */
describe('supply-chain finance and credit scenarios', () => {
  let alliance: Alliance;
  let accounts: Record<'supplier' | 'core' | 'bank' | 'sub' | 'warehouse', string>;

  beforeAll(async () => {
    alliance = await Alliance.open();
    accounts = {
      supplier: await alliance.openAccount('EcommerceMSP:store1', 'supplier'),
      core: await alliance.openAccount('EcommerceMSP:buyer1', 'core', '5000000'),
      bank: await alliance.openAccount('FinanceMSP:bank1', 'bank', '5000000'),
      sub: await alliance.openAccount('EnergyMSP:producer1', 'sub'),
      warehouse: await alliance.openAccount('EcommerceMSP:store2', 'warehouse'),
    };
  }, 120_000);
  afterAll(() => alliance.close());

  const issue = async (faceAmount: string, dueAt: string): Promise<string> => {
    const res = await expectStatus(
      alliance.as('EcommerceMSP:store1').post('/receivables', {
        debtor: alliance.party('EcommerceMSP:buyer1'),
        currency: alliance.currency,
        faceAmount,
        dueAt,
        contractHash: sha256(alliance.uniqueId('purchase contract')),
        accountId: accounts.supplier,
        description: 'Invoice for 12 t of tea',
      }),
      201,
    );
    const id = (res.body as { data: { receivableId: string } }).data.receivableId;
    expect(res.headers.location).toBe(`/api/v1/receivables/${id}`);
    return id;
  };

  it('a bank finances an accepted receivable at a discount and is repaid the face amount', async () => {
    const now = await alliance.ledgerNow();
    const id = await issue('1000000', new Date(now + 30 * DAY_MS).toISOString());
    const supplier = alliance.as('EcommerceMSP:store1');
    const bank = alliance.as('FinanceMSP:bank1');
    const path = `/receivables/${id}`;
    const offer = { bank: alliance.party('FinanceMSP:bank1'), annualRate: '0.05', payoutAccountId: accounts.supplier };

    await expectProblem(supplier.post(`${path}/financing-request`, offer), 409, 'ILLEGAL_STATE');
    await expectProblem(supplier.post(`${path}/acceptance`), 403, 'FORBIDDEN');
    expect(
      (await expectStatus(alliance.as('EcommerceMSP:buyer1').post(`${path}/acceptance`), 200)).body.data,
    ).toMatchObject({
      status: 'ACCEPTED',
    });
    await expectStatus(supplier.post(`${path}/financing-request`, offer), 200);
    await expectProblem(
      alliance.as('FinanceMSP:bank2').post(`${path}/financing`, { fromAccountId: accounts.bank }),
      403,
      'FORBIDDEN',
    );
    const financed = await expectStatus(bank.post(`${path}/financing`, { fromAccountId: accounts.bank }), 200);
    // ⌊1,000,000 × (1 − 0.05 × 30 / 365)⌋
    expect(financed.body.data).toMatchObject({
      status: 'FINANCED',
      holder: alliance.party('FinanceMSP:bank1'),
      financing: { days: 30, discountedAmount: '995890' },
    });
    expect(await alliance.balance('EcommerceMSP:store1', accounts.supplier)).toEqual({
      available: '995890',
      frozen: '0',
    });
    expect(await alliance.balance('FinanceMSP:bank1', accounts.bank)).toEqual({ available: '4004110', frozen: '0' });
    await expectProblem(bank.post(`${path}/financing`, { fromAccountId: accounts.bank }), 409, 'ILLEGAL_STATE');

    const repaid = await expectStatus(
      alliance.as('EcommerceMSP:buyer1').post(`${path}/repayment`, { fromAccountId: accounts.core }),
      200,
    );
    expect(repaid.body.data).toMatchObject({ status: 'SETTLED', repayment: { amount: '1000000', onTime: true } });
    expect(await alliance.balance('FinanceMSP:bank1', accounts.bank)).toEqual({ available: '5004110', frozen: '0' });

    const history = await expectStatus(bank.get(`${path}/history`), 200);
    expect((history.body as { items: { value: { status: string } }[] }).items.map((h) => h.value.status)).toEqual([
      'ISSUED',
      'ACCEPTED',
      'FINANCING_REQUESTED',
      'FINANCED',
      'SETTLED',
    ]);
    const records = await listAll<{ kind: string; reference: string }>(bank, '/credit-records', {
      subject: alliance.party('EcommerceMSP:buyer1'),
    });
    expect(records).toContainEqual(
      expect.objectContaining({ kind: 'REPAYMENT_ON_TIME', reference: `receivable:${id}` }),
    );
  });

  it('transfers and splits receivables; past due and unpaid becomes OVERDUE with a credit record', async () => {
    const now = await alliance.ledgerNow();
    const id = await issue('900', new Date(now + 4000).toISOString());
    await expectStatus(alliance.as('EcommerceMSP:buyer1').post(`/receivables/${id}/acceptance`), 200);
    const split = await expectStatus(
      alliance.as('EcommerceMSP:store1').post(`/receivables/${id}/split`, {
        parts: [
          { toAccountId: accounts.sub, amount: '600' },
          { toAccountId: accounts.supplier, amount: '300' },
        ],
      }),
      200,
    );
    expect(split.body.data).toMatchObject({
      parent: { status: 'SPLIT', parts: [`${id}-1`, `${id}-2`] },
      parts: [
        { receivableId: `${id}-1`, holder: alliance.party('EnergyMSP:producer1'), faceAmount: '600' },
        { receivableId: `${id}-2`, holder: alliance.party('EcommerceMSP:store1'), faceAmount: '300' },
      ],
    });
    const held = await listAll<{ receivableId: string }>(alliance.as('EnergyMSP:producer1'), '/receivables', {
      by: 'holder',
    });
    expect(held.map((r) => r.receivableId)).toContain(`${id}-1`);
    await expectStatus(
      alliance.as('EcommerceMSP:store1').post(`/receivables/${id}-2/transfer`, { toAccountId: accounts.sub }),
      200,
    );

    await expectProblem(alliance.as('FinanceMSP:bank2').post(`/receivables/${id}-1/overdue`), 409, 'ILLEGAL_STATE');
    await alliance.target.elapse(5);
    // Nobody calls: the keeper marks it overdue from the deadline index; calling again is refused.
    const overdue = await awaitResource<{ status: string; overdueAt?: string }>(
      alliance.as('EnergyMSP:producer1'),
      `/receivables/${id}-1`,
      (r) => r.status === 'OVERDUE',
    );
    expect(overdue).toMatchObject({ status: 'OVERDUE', overdueAt: expect.any(String) });
    await expectProblem(alliance.as('FinanceMSP:bank2').post(`/receivables/${id}-1/overdue`), 409, 'ILLEGAL_STATE');
    const late = await expectStatus(
      alliance.as('EcommerceMSP:buyer1').post(`/receivables/${id}-1/repayment`, { fromAccountId: accounts.core }),
      200,
    );
    expect(late.body.data).toMatchObject({
      status: 'SETTLED',
      repayment: { onTime: false, toAccountId: accounts.sub },
    });
    const report = await expectStatus(
      alliance
        .as('FinanceMSP:auditor1')
        .get(`/credit-reports/${encodeURIComponent(alliance.party('EcommerceMSP:buyer1'))}`),
      200,
    );
    expect(report.body).toMatchObject({
      subject: alliance.party('EcommerceMSP:buyer1'),
      score: expect.any(Number),
      grade: expect.stringMatching(/^[A-E]$/),
      byKind: { REPAYMENT_OVERDUE: expect.any(Number), REPAYMENT_LATE: expect.any(Number) },
    });
  }, 60_000);

  it('a warehouse receipt is pledged for a loan and released on repayment, never pledged twice', async () => {
    const warehouse = alliance.as('EcommerceMSP:store2');
    const owner = alliance.as('EcommerceMSP:store1');
    await expectProblem(
      owner.post('/warehouse-receipts', {
        owner: alliance.party('EcommerceMSP:store1'),
        goods: 'x',
        quantity: '1',
        unit: 't',
        location: 'y',
      }),
      403,
      'FORBIDDEN',
    );
    const issued = await expectStatus(
      warehouse.post('/warehouse-receipts', {
        owner: alliance.party('EcommerceMSP:store1'),
        goods: 'Longjing tea, grade A',
        quantity: '12',
        unit: 't',
        location: 'Hangzhou bonded warehouse, bay 7',
      }),
      201,
    );
    const id = (issued.body as { data: { receiptId: string } }).data.receiptId;
    const path = `/warehouse-receipts/${id}`;
    const request = {
      bank: alliance.party('FinanceMSP:bank1'),
      currency: alliance.currency,
      loanAmount: '50000',
      repayAmount: '50500',
      accountId: accounts.supplier,
    };
    await expectStatus(owner.post(`${path}/pledge-request`, request), 200);
    await expectProblem(owner.post(`${path}/pledge-request`, request), 409, 'ILLEGAL_STATE');
    const before = BigInt((await alliance.balance('EcommerceMSP:store1', accounts.supplier)).available);
    const pledged = await expectStatus(
      alliance.as('FinanceMSP:bank1').post(`${path}/pledge`, { fromAccountId: accounts.bank }),
      200,
    );
    expect(pledged.body.data).toMatchObject({ status: 'PLEDGED', pledge: { loanAmount: '50000' } });
    expect(BigInt((await alliance.balance('EcommerceMSP:store1', accounts.supplier)).available) - before).toBe(50000n);
    await expectProblem(warehouse.post(`${path}/closure`), 409, 'ILLEGAL_STATE');
    const released = await expectStatus(owner.post(`${path}/repayment`, { fromAccountId: accounts.supplier }), 200);
    expect(released.body.data).toMatchObject({ status: 'RELEASED', releasedPledges: 1 });
    expect((await expectStatus(warehouse.post(`${path}/closure`), 200)).body.data).toMatchObject({ status: 'CLOSED' });
    await expectProblem(alliance.as('FinanceMSP:bank2').get(path), 403, 'FORBIDDEN');
  });

  it('a credit line funds a settlement shortfall (step 1b) and is repaid', async () => {
    const buyer = alliance.as('EcommerceMSP:buyer2');
    const buyerAccount = await alliance.openAccount('EcommerceMSP:buyer2', 'b2', '100');
    const storeAccount = await alliance.openAccount('EcommerceMSP:store1', 'shop');
    const granted = await expectStatus(
      alliance.as('FinanceMSP:bank1').post('/credit-lines', {
        borrower: alliance.party('EcommerceMSP:buyer2'),
        currency: alliance.currency,
        limit: '1000',
        fundingAccountId: accounts.bank,
      }),
      201,
    );
    const lineId = (granted.body as { data: { lineId: string } }).data.lineId;
    expect(granted.headers.location).toBe(`/api/v1/credit-lines/${lineId}`);
    const purchase = await alliance.purchase('EcommerceMSP:buyer2', buyerAccount, storeAccount, '700', {
      creditLineId: lineId,
    });
    expect(purchase.response.body.data.settlement).toMatchObject({
      frozenAmount: '700',
      creditDraws: [{ creditLineId: lineId, amount: '600' }],
    });
    expect(await alliance.balance('EcommerceMSP:buyer2', buyerAccount)).toEqual({ available: '0', frozen: '700' });
    const over = await expectProblem(
      buyer.post(`/credit-lines/${lineId}/draws`, { accountId: buyerAccount, amount: '401' }),
      422,
      'INSUFFICIENT_FUNDS',
    );
    expect(over.details).toMatchObject({ available: '400', requested: '401' });
    await expectStatus(buyer.post(`/settlements/${purchase.settlementNo}/cancellation`, {}), 200);
    await expectStatus(
      buyer.post(`/credit-lines/${lineId}/repayments`, { accountId: buyerAccount, amount: '600' }),
      201,
    );
    const line = await expectStatus(alliance.as('FinanceMSP:auditor1').get(`/credit-lines/${lineId}`), 200);
    expect(line.body).toMatchObject({ drawn: '0', status: 'ACTIVE' });
    await expectStatus(alliance.as('FinanceMSP:bank1').post(`/credit-lines/${lineId}/closure`), 200);
  });

  it('blacklists by consortium decision: no credit line for the party until delisted', async () => {
    const party = alliance.party('EnergyMSP:consumer1');
    const decide = async (kind: 'BLACKLIST' | 'DELIST'): Promise<Record<string, unknown>> => {
      const created = await expectStatus(
        alliance.as('FinanceMSP:Admin').post('/proposals', { kind, payload: { party, reason: 'scenario' } }),
        201,
      );
      const id = (created.body as { data: { proposalId: string } }).data.proposalId;
      await expectStatus(alliance.as('FinanceMSP:Admin').post(`/proposals/${id}/approvals`), 200);
      await expectStatus(alliance.as('EnergyMSP:Admin').post(`/proposals/${id}/approvals`), 200);
      const executed = await expectStatus(alliance.as('EcommerceMSP:Admin').post(`/proposals/${id}/execution`), 200);
      return (executed.body as { data: { result: Record<string, unknown> } }).data.result;
    };
    const reportPath = `/credit-reports/${encodeURIComponent(party)}`;
    // A run that stopped half-way may have left the party listed: start from no entry.
    const initial = await expectStatus(alliance.as('FinanceMSP:bank1').get(reportPath), 200);
    if ((initial.body as { listStatus: string }).listStatus !== 'NONE') await decide('DELIST');

    expect(await decide('BLACKLIST')).toMatchObject({ party, status: 'BLACKLISTED' });
    try {
      const report = await expectStatus(alliance.as('EnergyMSP:consumer1').get(reportPath), 200);
      expect(report.body).toMatchObject({ listStatus: 'BLACKLISTED', listEntry: { party } });
      const listed = await listAll<{ party: string }>(alliance.as('FinanceMSP:bank2'), '/credit-list-entries', {
        status: 'BLACKLISTED',
      });
      expect(listed.map((e) => e.party)).toContain(party);
      const refused = await expectProblem(
        alliance.as('FinanceMSP:bank1').post('/credit-lines', {
          borrower: party,
          currency: alliance.currency,
          limit: '100',
          fundingAccountId: accounts.bank,
        }),
        403,
        'FORBIDDEN',
      );
      expect(refused.details).toMatchObject({ listStatus: 'BLACKLISTED', party });
      await expectProblem(alliance.as('EcommerceMSP:store1').get(reportPath), 403, 'FORBIDDEN');
    } finally {
      expect(await decide('DELIST')).toMatchObject({ party, status: 'NONE' });
    }
    await expectStatus(
      alliance.as('FinanceMSP:bank1').post('/credit-lines', {
        borrower: party,
        currency: alliance.currency,
        limit: '100',
        fundingAccountId: accounts.bank,
      }),
      201,
    );
  });

  it('banks add credit records backed by registered evidence; reports are for the subject, banks and auditors', async () => {
    const evidenceHash = sha256(alliance.uniqueId('tender report'));
    const body = {
      subject: alliance.party('EnergyMSP:producer1'),
      kind: 'BID_PERFORMANCE_GOOD',
      reference: alliance.uniqueId('tender'),
      evidenceHash,
    };
    await expectProblem(alliance.as('FinanceMSP:bank2').post('/credit-records', body), 404, 'NOT_FOUND');
    await expectStatus(
      alliance.as('FinanceMSP:bank2').post('/evidence', { hash: evidenceHash, category: 'report' }),
      201,
    );
    const added = await expectStatus(alliance.as('FinanceMSP:bank2').post('/credit-records', body), 201);
    expect(added.body.data).toMatchObject({ kind: 'BID_PERFORMANCE_GOOD', weight: 15, source: 'manual' });
    await expectProblem(alliance.as('EcommerceMSP:store1').post('/credit-records', body), 403, 'FORBIDDEN');
    const subject = encodeURIComponent(alliance.party('EnergyMSP:producer1'));
    for (const reader of ['EnergyMSP:producer1', 'FinanceMSP:bank1', 'FinanceMSP:auditor1'] as const) {
      await expectStatus(alliance.as(reader).get(`/credit-reports/${subject}`), 200);
    }
    await expectProblem(alliance.as('EnergyMSP:consumer1').get(`/credit-reports/${subject}`), 403, 'FORBIDDEN');
  });
});
