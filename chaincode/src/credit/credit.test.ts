import { createHash } from 'node:crypto';
import { Alliance, Client, STANDARD_ROLES, expectCode, orderSnapshot, pluck } from '../test/alliance';
import { CREDIT_KINDS } from './credit.kinds';
import { scoreOf } from './credit-score';

const sha = (data: string): string => createHash('sha256').update(data).digest('hex');
const DAY = 24 * 60 * 60;

describe('credit score', () => {
  it('is ⌊1000 × (P + 100) / (P + N + 200)⌋, bounded, order-free', () => {
    expect(scoreOf([])).toEqual({ positive: 0, negative: 0, score: 500, grade: 'C' });
    expect(scoreOf([30, -60, 10])).toEqual({ positive: 40, negative: 60, score: 466, grade: 'C' });
    expect(scoreOf([10, -60, 30]).score).toBe(466);
    expect(scoreOf(Array<number>(1000).fill(100)).score).toBe(999);
    expect(scoreOf(Array<number>(1000).fill(-100)).score).toBe(0);
    expect(scoreOf([100, 100])).toMatchObject({ score: 750, grade: 'B' });
    expect(scoreOf([100, 100, 100, 100])).toMatchObject({ score: 833, grade: 'A' });
    for (const weight of Object.values(CREDIT_KINDS).map((k) => k.weight)) {
      expect(Math.abs(weight)).toBeLessThanOrEqual(100);
    }
  });
});

describe('credit records, reports and lists', () => {
  let alliance: Alliance;
  let buyer: Client;
  let store: Client;
  let bank: Client;
  let auditor: Client;
  let arbitrator: Client;
  let issuer: Client;
  let buyer2: Client;
  let parties: Record<'buyer' | 'store' | 'bank' | 'buyer2', string>;
  let seq = 0;

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers(STANDARD_ROLES);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    [buyer, store, bank, auditor, arbitrator, issuer, buyer2] = await Promise.all([
      alliance.client('EcommerceMSP', 'buyer1'),
      alliance.client('EcommerceMSP', 'store1'),
      alliance.client('FinanceMSP', 'bank1'),
      alliance.client('FinanceMSP', 'auditor1'),
      alliance.client('EcommerceMSP', 'arbitrator1'),
      alliance.client('FinanceMSP', 'issuer1'),
      alliance.client('EcommerceMSP', 'buyer2'),
    ]);
    parties = {
      buyer: await alliance.party('EcommerceMSP', 'buyer1'),
      store: await alliance.party('EcommerceMSP', 'store1'),
      bank: await alliance.party('FinanceMSP', 'bank1'),
      buyer2: await alliance.party('EcommerceMSP', 'buyer2'),
    };
    await Promise.all([
      buyer.submit('wallets:OpenAccount', { accountId: 'cb' }),
      store.submit('wallets:OpenAccount', { accountId: 'cs' }),
      bank.submit('wallets:OpenAccount', { accountId: 'cbank' }),
      buyer2.submit('wallets:OpenAccount', { accountId: 'cb2' }),
    ]);
    await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'cb', amount: '100000' });
    await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'cbank', amount: '100000' });
  });
  afterAll(() => alliance.close());

  const shipped = async (amount: string) => {
    const no = `cs-${++seq}`;
    const r = await buyer.submit(
      'settlements:RequestSettlement',
      { storeOrderNo: no, buyerAccountId: 'cb', storeAccountId: 'cs', currency: 'CNY', amount, timeLimitSeconds: 60 },
      { transient: { order: orderSnapshot(no, amount) } },
    );
    await store.submit('settlements:AcknowledgePayment', { store: 'EcommerceMSP:store1', storeOrderNo: no });
    await store.submit('settlements:Ship', {
      store: 'EcommerceMSP:store1',
      storeOrderNo: no,
      carrier: 'SF',
      trackingNo: 'T',
    });
    return String(r.settlement.settlementNo);
  };
  const kinds = async (subject: string): Promise<unknown[]> =>
    pluck((await auditor.evaluate('credit:ListCreditRecords', { subject, pageSize: 100 })).items, 'kind');

  it('settlements write records: delivered and paid on confirmation, delivered on expiry, disputes lost', async () => {
    const confirmed = await shipped('100');
    await buyer.submit('settlements:ConfirmReceipt', { settlementNo: confirmed, amountToPay: '100' });
    const expired = await shipped('100');
    alliance.advance(61);
    await bank.submit('settlements:SettleExpired', { settlementNo: expired });
    const lostByStore = await shipped('100');
    await buyer.submit('settlements:Dispute', { settlementNo: lostByStore, reason: 'broken' });
    await arbitrator.submit('settlements:Arbitrate', { settlementNo: lostByStore, storeAmount: '40', ruling: 'r' });
    const lostByBuyer = await shipped('100');
    await buyer.submit('settlements:Dispute', { settlementNo: lostByBuyer, reason: 'late' });
    const arbitrated = await arbitrator.run('settlements:Arbitrate', {
      settlementNo: lostByBuyer,
      storeAmount: '100',
      ruling: 'unfounded',
    });

    expect((await kinds(parties.store)).sort()).toEqual(['DELIVERED_ON_TIME', 'DELIVERED_ON_TIME', 'DISPUTE_LOST']);
    expect((await kinds(parties.buyer)).sort()).toEqual(['DISPUTE_LOST', 'PAYMENT_ON_TIME']);
    const buyerRecords = await buyer.evaluate('credit:ListCreditRecords', { subject: parties.buyer });
    expect(buyerRecords.items).toContainEqual({
      recordId: `${arbitrated.txId}.0`,
      subject: parties.buyer,
      kind: 'DISPUTE_LOST',
      weight: -30,
      reference: `settlement:${lostByBuyer}`,
      source: 'auto',
      issuedBy: await alliance.party('EcommerceMSP', 'arbitrator1'),
      issuerMsp: 'EcommerceMSP',
      txId: arbitrated.txId,
      recordedAt: new Date(alliance.now).toISOString(),
    });

    const report = await bank.evaluate('credit:GetCreditReport', { subject: parties.store });
    // P = 10 + 10, N = 30: ⌊1000 × 120 / 250⌋.
    expect(report).toMatchObject({
      subject: parties.store,
      score: 480,
      grade: 'C',
      positive: 20,
      negative: 30,
      recordCount: 3,
      byKind: { DELIVERED_ON_TIME: 2, DISPUTE_LOST: 1 },
      listStatus: 'NONE',
    });
  });

  it('a confirmation with a deduction earns the store no delivery record; paying nothing earns the buyer none', async () => {
    const count = async (subject: string, kind: string): Promise<number> =>
      (await kinds(subject)).filter((k) => k === kind).length;
    const [delivered, paid] = [
      await count(parties.store, 'DELIVERED_ON_TIME'),
      await count(parties.buyer, 'PAYMENT_ON_TIME'),
    ];
    await buyer.submit('settlements:ConfirmReceipt', { settlementNo: await shipped('100'), amountToPay: '60' });
    expect(await count(parties.store, 'DELIVERED_ON_TIME')).toBe(delivered);
    expect(await count(parties.buyer, 'PAYMENT_ON_TIME')).toBe(paid + 1);
    await buyer.submit('settlements:ConfirmReceipt', { settlementNo: await shipped('100'), amountToPay: '0' });
    expect(await count(parties.store, 'DELIVERED_ON_TIME')).toBe(delivered);
    expect(await count(parties.buyer, 'PAYMENT_ON_TIME')).toBe(paid + 1);
  });

  it('banks and arbitrators add records of manual kinds with registered evidence, never about themselves', async () => {
    const evidence = sha('bid performance report');
    const add = (by: Client, extra: object = {}) =>
      by.submit('credit:AddCreditRecord', {
        subject: parties.buyer2,
        kind: 'BID_PERFORMANCE_GOOD',
        reference: 'tender-7',
        evidenceHash: evidence,
        ...extra,
      });
    await alliance.expectRefused(() => add(bank), 'NOT_FOUND');
    await bank.submit('evidence:RegisterEvidence', { hash: evidence, category: 'report' });
    const added = await bank.run('credit:AddCreditRecord', {
      subject: parties.buyer2,
      kind: 'CONTRACT_FULFILLED',
      reference: 'contract-9',
      evidenceHash: evidence,
      note: 'delivered all lots',
    });
    expect(added.result).toMatchObject({
      kind: 'CONTRACT_FULFILLED',
      weight: 20,
      source: 'manual',
      issuerMsp: 'FinanceMSP',
    });
    expect((await alliance.event(added.txId))?.name).toBe('CreditRecordAdded');
    await add(arbitrator);
    await alliance.expectRefused(() => add(store), 'FORBIDDEN');
    await alliance.expectRefused(() => add(auditor), 'FORBIDDEN');
    await alliance.expectRefused(() => add(bank, { subject: parties.bank }), 'FORBIDDEN');
    await alliance.expectRefused(() => add(bank, { kind: 'REPAYMENT_ON_TIME' }), 'INVALID_ARGUMENT');
    await alliance.expectRefused(() => add(bank, { weight: 100 }), 'INVALID_ARGUMENT');
    await alliance.expectRefused(() => add(bank, { evidenceHash: undefined }), 'INVALID_ARGUMENT');

    // Readable by the subject, banks and auditors only.
    expect((await buyer2.evaluate('credit:GetCreditReport', { subject: parties.buyer2 })).recordCount).toBe(2);
    await expectCode(buyer.evaluate('credit:GetCreditReport', { subject: parties.buyer2 }), 'FORBIDDEN');
    await expectCode(store.evaluate('credit:ListCreditRecords', { subject: parties.buyer2 }), 'FORBIDDEN');
  });

  async function decide(kind: string, party: string, reason = 'consortium decision'): Promise<unknown> {
    const finance = await alliance.client('FinanceMSP', 'Admin');
    const energy = await alliance.client('EnergyMSP', 'Admin');
    const { proposalId } = await finance.submit('consortium:CreateProposal', { kind, payload: { party, reason } });
    await finance.submit('consortium:ApproveProposal', { proposalId });
    await energy.submit('consortium:ApproveProposal', { proposalId });
    return (await energy.submit('consortium:ExecuteProposal', { proposalId })).result;
  }

  it('blacklists by consortium decision: no new financing, no credit line, no draw; delisting restores', async () => {
    const line = await bank.submit('finance:GrantCreditLine', {
      borrower: parties.buyer,
      currency: 'CNY',
      limit: '1000',
      fundingAccountId: 'cbank',
    });
    const due = new Date(alliance.now + 30 * DAY * 1000).toISOString();
    const receivable = await store.submit('finance:IssueReceivable', {
      debtor: parties.buyer2,
      currency: 'CNY',
      faceAmount: '1000',
      dueAt: due,
      contractHash: sha('c'),
      accountId: 'cs',
    });
    await buyer2.submit('finance:AcceptReceivable', { receivableId: receivable.receivableId });

    const entry = await decide('BLACKLIST', parties.buyer, 'payment default on contract 12');
    expect(entry).toMatchObject({
      party: parties.buyer,
      status: 'BLACKLISTED',
      reason: 'payment default on contract 12',
    });
    const finance = await alliance.client('FinanceMSP', 'Admin');
    await alliance.expectRefused(
      () =>
        finance.submit('consortium:CreateProposal', {
          kind: 'BLACKLIST',
          payload: { party: parties.buyer, reason: 'again' },
        }),
      'CONFLICT',
    );
    expect(await auditor.evaluate('credit:GetCreditReport', { subject: parties.buyer })).toMatchObject({
      listStatus: 'BLACKLISTED',
      listEntry: { party: parties.buyer },
    });
    const listed = await bank.evaluate('credit:ListCreditListEntries', { status: 'BLACKLISTED' });
    expect(pluck(listed.items, 'party')).toEqual([parties.buyer]);
    await expectCode(buyer.evaluate('credit:ListCreditListEntries', { status: 'BLACKLISTED' }), 'FORBIDDEN');

    const refused = await alliance.expectRefused(
      () => buyer.submit('finance:DrawCreditLine', { lineId: line.lineId, accountId: 'cb', amount: '10' }),
      'FORBIDDEN',
    );
    expect(refused.details).toMatchObject({ listStatus: 'BLACKLISTED', party: parties.buyer });
    await alliance.expectRefused(
      () =>
        bank.submit('finance:GrantCreditLine', {
          borrower: parties.buyer,
          currency: 'CNY',
          limit: '5',
          fundingAccountId: 'cbank',
        }),
      'FORBIDDEN',
    );
    // A receivable transferred to the blacklisted party cannot be offered for financing by it.
    await store.submit('finance:TransferReceivable', { receivableId: receivable.receivableId, toAccountId: 'cb' });
    await alliance.expectRefused(
      () =>
        buyer.submit('finance:RequestFinancing', {
          receivableId: receivable.receivableId,
          bank: parties.bank,
          annualRate: '0.05',
          payoutAccountId: 'cb',
        }),
      'FORBIDDEN',
    );
    // Step 1b refuses the draw too.
    const no = `cs-${++seq}`;
    await alliance.expectRefused(
      () =>
        buyer.submit(
          'settlements:RequestSettlement',
          {
            storeOrderNo: no,
            buyerAccountId: 'cb',
            storeAccountId: 'cs',
            currency: 'CNY',
            amount: '1000000',
            creditLineId: line.lineId,
          },
          { transient: { order: orderSnapshot(no, '1000000') } },
        ),
      'FORBIDDEN',
    );

    // Whitelisting replaces the blacklist entry; delisting removes it.
    expect(await decide('WHITELIST', parties.buyer)).toMatchObject({ status: 'WHITELISTED' });
    expect(
      pluck((await bank.evaluate('credit:ListCreditListEntries', { status: 'BLACKLISTED' })).items, 'party'),
    ).toEqual([]);
    await buyer.submit('finance:DrawCreditLine', { lineId: line.lineId, accountId: 'cb', amount: '10' });
    expect(await decide('DELIST', parties.buyer)).toMatchObject({ status: 'NONE', removed: { status: 'WHITELISTED' } });
    await alliance.expectRefused(
      () =>
        finance.submit('consortium:CreateProposal', { kind: 'DELIST', payload: { party: parties.buyer, reason: 'r' } }),
      'NOT_FOUND',
    );
    expect((await buyer.evaluate('credit:GetCreditReport', { subject: parties.buyer })).listStatus).toBe('NONE');
  });
});
