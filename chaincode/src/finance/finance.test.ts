import { createHash } from 'node:crypto';
import { Alliance, Client, STANDARD_ROLES, expectCode, pluck } from '../test/alliance';
import { discountDays, discountedAmount, parseRate } from './discount';

const sha = (data: string): string => createHash('sha256').update(data).digest('hex');
const DAY = 24 * 60 * 60;

describe('financing discount', () => {
  it('is ⌊face × (1 − rate × days / 365)⌋ in exact integers', () => {
    // 1,000,000 × (1 − 0.05 × 90 / 365) = 987,671.23…
    expect(discountedAmount(1_000_000n, parseRate('0.05'), 90)).toBe(987_671n);
    // 0.0525 × 30 / 365 of 12,345,678,901,234,567,890,123 — no floating point anywhere.
    const face = 12_345_678_901_234_567_890_123n;
    expect(discountedAmount(face, parseRate('0.0525'), 30)).toBe((face * (3_650_000n - 525n * 30n)) / 3_650_000n);
    expect(discountedAmount(100n, parseRate('0'), 365)).toBe(100n);
    expect(discountedAmount(100n, parseRate('1'), 365)).toBe(0n);
    expect(discountedAmount(100n, parseRate('1.00000000'), 364)).toBe(0n);
    expect(parseRate('0.00000001')).toEqual({ numerator: 1n, denominator: 100_000_000n });
    expect(discountDays(0, 90 * DAY * 1000)).toBe(90);
    expect(discountDays(0, 89 * DAY * 1000 + 1)).toBe(90);
    expect(discountDays(5, 5)).toBe(0);
  });
});

describe('supply-chain finance', () => {
  let alliance: Alliance;
  let supplier: Client; // store1: issues receivables
  let core: Client; // buyer1: the core enterprise, debtor
  let subSupplier: Client; // store2: a supplier of the supplier; also a warehouse
  let bank: Client;
  let bank2: Client;
  let auditor: Client;
  let issuer: Client;
  let energy: Client;
  let p: Record<'supplier' | 'core' | 'subSupplier' | 'bank' | 'bank2' | 'energy', string>;

  const balance = async (accountId: string): Promise<string> =>
    String((await auditor.evaluate('wallets:GetBalance', { accountId, currency: 'CNY' })).available);
  const dueIn = (days: number): string => new Date(alliance.now + days * DAY * 1000).toISOString();

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers(STANDARD_ROLES);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    [supplier, core, subSupplier, bank, bank2, auditor, issuer, energy] = await Promise.all([
      alliance.client('EcommerceMSP', 'store1'),
      alliance.client('EcommerceMSP', 'buyer1'),
      alliance.client('EcommerceMSP', 'store2'),
      alliance.client('FinanceMSP', 'bank1'),
      alliance.client('FinanceMSP', 'bank2'),
      alliance.client('FinanceMSP', 'auditor1'),
      alliance.client('FinanceMSP', 'issuer1'),
      alliance.client('EnergyMSP', 'producer1'),
    ]);
    p = {
      supplier: await alliance.party('EcommerceMSP', 'store1'),
      core: await alliance.party('EcommerceMSP', 'buyer1'),
      subSupplier: await alliance.party('EcommerceMSP', 'store2'),
      bank: await alliance.party('FinanceMSP', 'bank1'),
      bank2: await alliance.party('FinanceMSP', 'bank2'),
      energy: await alliance.party('EnergyMSP', 'producer1'),
    };
    await Promise.all([
      supplier.submit('wallets:OpenAccount', { accountId: 'sup' }),
      core.submit('wallets:OpenAccount', { accountId: 'core' }),
      subSupplier.submit('wallets:OpenAccount', { accountId: 'sub' }),
      bank.submit('wallets:OpenAccount', { accountId: 'bank' }),
      energy.submit('wallets:OpenAccount', { accountId: 'nrg' }),
    ]);
    await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'core', amount: '10000000' });
    await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'bank', amount: '10000000' });
  });
  afterAll(() => alliance.close());

  const issue = async (face: string, days = 90, extra: object = {}): Promise<string> => {
    const r = await supplier.submit('finance:IssueReceivable', {
      debtor: p.core,
      currency: 'CNY',
      faceAmount: face,
      dueAt: dueIn(days),
      contractHash: sha(`contract ${face} ${days}`),
      accountId: 'sup',
      ...extra,
    });
    return String(r.receivableId);
  };

  describe('receivables', () => {
    it('issue → accept → finance with a bank (discounted, rounded down) → repay the face to the bank', async () => {
      const id = await issue('1000000');
      const issued = await auditor.evaluate('finance:GetReceivable', { receivableId: id });
      expect(issued).toMatchObject({
        receivableId: id,
        creditor: p.supplier,
        debtor: p.core,
        holder: p.supplier,
        holderAccountId: 'sup',
        faceAmount: '1000000',
        status: 'ISSUED',
      });
      // An issued, unaccepted receivable has no value: it cannot be offered for financing.
      const offer = { receivableId: id, bank: p.bank, annualRate: '0.05', payoutAccountId: 'sup' };
      await alliance.expectRefused(() => supplier.submit('finance:RequestFinancing', offer), 'ILLEGAL_STATE');
      await alliance.expectRefused(
        () => supplier.submit('finance:AcceptReceivable', { receivableId: id }),
        'FORBIDDEN',
      );
      const accepted = await core.run('finance:AcceptReceivable', { receivableId: id });
      expect(accepted.result.status).toBe('ACCEPTED');
      expect((await alliance.event(accepted.txId))?.name).toBe('ReceivableAccepted');

      // Before the holder asks, no bank may finance it, and a bank's refusal does not reveal its state.
      for (const b of [bank, bank2]) {
        const early = await alliance.expectRefused(
          () => b.submit('finance:FinanceReceivable', { receivableId: id, fromAccountId: 'bank' }),
          'FORBIDDEN',
        );
        expect(JSON.stringify(early)).not.toContain('ACCEPTED');
      }

      const requested = await supplier.submit('finance:RequestFinancing', offer);
      expect(requested).toMatchObject({
        status: 'FINANCING_REQUESTED',
        financing: { bank: p.bank, annualRate: '0.05' },
      });
      await alliance.expectRefused(
        () => bank2.submit('finance:FinanceReceivable', { receivableId: id, fromAccountId: 'bank' }),
        'FORBIDDEN',
      );
      const supplierBefore = await balance('sup');
      const financed = await bank.run('finance:FinanceReceivable', { receivableId: id, fromAccountId: 'bank' });
      expect(financed.result).toMatchObject({
        status: 'FINANCED',
        holder: p.bank,
        holderAccountId: 'bank',
        financing: { days: 90, discountedAmount: '987671', bankAccountId: 'bank', txId: financed.txId },
      });
      expect(BigInt(await balance('sup')) - BigInt(supplierBefore)).toBe(987_671n);
      expect(await balance('bank')).toBe(String(10_000_000n - 987_671n));
      expect((await alliance.event(financed.txId))?.payload).toMatchObject({ previousHolder: p.supplier });

      // Nothing is financed twice.
      await alliance.expectRefused(
        () => bank.submit('finance:RequestFinancing', { ...offer, payoutAccountId: 'bank' }),
        'ILLEGAL_STATE',
      );
      await alliance.expectRefused(
        () => bank.submit('finance:FinanceReceivable', { receivableId: id, fromAccountId: 'bank' }),
        'ILLEGAL_STATE',
      );
      await alliance.expectRefused(
        () => bank.submit('finance:TransferReceivable', { receivableId: id, toAccountId: 'sub' }),
        'ILLEGAL_STATE',
      );

      alliance.advance(90 * DAY);
      const repaid = await core.run('finance:RepayReceivable', { receivableId: id, fromAccountId: 'core' });
      expect(repaid.result).toMatchObject({
        status: 'SETTLED',
        repayment: { amount: '1000000', toAccountId: 'bank', onTime: true, txId: repaid.txId },
      });
      expect(await balance('bank')).toBe(String(10_000_000n - 987_671n + 1_000_000n));
      const records = await core.evaluate('credit:ListCreditRecords', { subject: p.core });
      expect(records.items).toContainEqual(
        expect.objectContaining({ kind: 'REPAYMENT_ON_TIME', reference: `receivable:${id}`, txId: repaid.txId }),
      );
      const history = (await bank.evaluate('finance:GetReceivableHistory', { receivableId: id })) as {
        value: { status: string };
      }[];
      expect(history.map((h) => h.value.status)).toEqual([
        'ISSUED',
        'ACCEPTED',
        'FINANCING_REQUESTED',
        'FINANCED',
        'SETTLED',
      ]);
    });

    it('transfers whole, splits into parts that sum exactly (parent closed), and parts are repaid to their holders', async () => {
      const id = await issue('1000', 30);
      await core.submit('finance:AcceptReceivable', { receivableId: id });
      await alliance.expectRefused(
        () => supplier.submit('finance:TransferReceivable', { receivableId: id, toAccountId: 'core' }),
        'INVALID_ARGUMENT',
      );
      await alliance.expectRefused(
        () => supplier.submit('finance:TransferReceivable', { receivableId: id, toAccountId: 'sup' }),
        'INVALID_ARGUMENT',
      );
      const moved = await supplier.submit('finance:TransferReceivable', { receivableId: id, toAccountId: 'nrg' });
      expect(moved).toMatchObject({ holder: p.energy, holderAccountId: 'nrg', status: 'ACCEPTED' });
      await alliance.expectRefused(
        () => supplier.submit('finance:TransferReceivable', { receivableId: id, toAccountId: 'sub' }),
        'FORBIDDEN',
      );

      const split = (parts: { toAccountId: string; amount: string }[]) =>
        energy.submit('finance:SplitReceivable', { receivableId: id, parts });
      await alliance.expectRefused(
        () =>
          split([
            { toAccountId: 'sub', amount: '600' },
            { toAccountId: 'nrg', amount: '399' },
          ]),
        'INVALID_ARGUMENT',
      );
      await alliance.expectRefused(() => split([{ toAccountId: 'sub', amount: '1000' }]), 'INVALID_ARGUMENT');
      const result = await split([
        { toAccountId: 'sub', amount: '600' },
        { toAccountId: 'nrg', amount: '400' },
      ]);
      expect(result.parent).toMatchObject({ status: 'SPLIT', parts: [`${id}-1`, `${id}-2`] });
      expect(result.parts).toEqual([
        expect.objectContaining({
          receivableId: `${id}-1`,
          parentId: id,
          holder: p.subSupplier,
          faceAmount: '600',
          status: 'ACCEPTED',
          debtor: p.core,
        }),
        expect.objectContaining({
          receivableId: `${id}-2`,
          parentId: id,
          holder: p.energy,
          faceAmount: '400',
          status: 'ACCEPTED',
        }),
      ]);
      await alliance.expectRefused(
        () => core.submit('finance:RepayReceivable', { receivableId: id, fromAccountId: 'core' }),
        'ILLEGAL_STATE',
      );
      const sub = await balance('sub');
      await core.submit('finance:RepayReceivable', { receivableId: `${id}-1`, fromAccountId: 'core' });
      expect(BigInt(await balance('sub')) - BigInt(sub)).toBe(600n);
      // Listings: the holder's own, the debtor's own, auditors by status.
      const held = await subSupplier.evaluate('finance:ListReceivables', { by: 'holder' });
      expect(pluck(held.items, 'receivableId')).toEqual([`${id}-1`]);
      await expectCode(subSupplier.evaluate('finance:ListReceivables', { by: 'holder', value: p.energy }), 'FORBIDDEN');
      const splitOnes = await auditor.evaluate('finance:ListReceivables', { by: 'status', value: 'SPLIT' });
      expect(pluck(splitOnes.items, 'receivableId')).toEqual([id]);
    });

    it('past due and unpaid becomes OVERDUE by transaction time, with a credit record; a late repayment is recorded', async () => {
      const id = await issue('500', 2);
      await core.submit('finance:AcceptReceivable', { receivableId: id });
      await supplier.submit('finance:RequestFinancing', {
        receivableId: id,
        bank: p.bank,
        annualRate: '0.1',
        payoutAccountId: 'sup',
      });
      // The debtor reads its receivable: the refusal names the due time.
      const early = await alliance.expectRefused(
        () => core.submit('finance:MarkOverdue', { receivableId: id }),
        'ILLEGAL_STATE',
      );
      expect(early.details).toMatchObject({ dueAt: dueIn(2) });
      // Anyone may mark it, but an outsider learns neither its state nor its due time.
      const outsider = await alliance.expectRefused(
        () => energy.submit('finance:MarkOverdue', { receivableId: id }),
        'ILLEGAL_STATE',
      );
      expect(outsider.details).toEqual({ entity: 'receivable', receivableId: id });
      expect(JSON.stringify(outsider)).not.toContain(dueIn(2));
      alliance.advance(2 * DAY);
      // At the due time exactly, neither financing (no days left) nor overdue yet.
      await alliance.expectRefused(
        () => bank.submit('finance:FinanceReceivable', { receivableId: id, fromAccountId: 'bank' }),
        'ILLEGAL_STATE',
      );
      await alliance.expectRefused(() => energy.submit('finance:MarkOverdue', { receivableId: id }), 'ILLEGAL_STATE');
      alliance.advance(1);
      const overdue = await energy.run('finance:MarkOverdue', { receivableId: id });
      // …and its answer is the id and OVERDUE only: not the parties or the amounts.
      expect(overdue.result).toEqual({ receivableId: id, status: 'OVERDUE' });
      const marked = await core.evaluate('finance:GetReceivable', { receivableId: id });
      expect(marked).toMatchObject({ status: 'OVERDUE', overdueAt: new Date(alliance.now).toISOString() });
      expect(marked.financing).toBeUndefined();
      const late = await core.submit('finance:RepayReceivable', { receivableId: id, fromAccountId: 'core' });
      expect(late).toMatchObject({ status: 'SETTLED', repayment: { onTime: false } });
      const kinds = pluck((await bank.evaluate('credit:ListCreditRecords', { subject: p.core })).items, 'kind');
      expect(kinds).toEqual(expect.arrayContaining(['REPAYMENT_OVERDUE', 'REPAYMENT_LATE']));
    });

    it('answers a party that marks its receivable overdue with the receivable', async () => {
      const id = await issue('250', 1);
      await core.submit('finance:AcceptReceivable', { receivableId: id });
      alliance.advance(DAY + 1);
      const overdue = await supplier.submit('finance:MarkOverdue', { receivableId: id });
      expect(overdue).toMatchObject({ receivableId: id, status: 'OVERDUE', faceAmount: '250', debtor: p.core });
    });

    it('past due, can no longer be accepted, transferred or split (ILLEGAL_STATE naming the due time)', async () => {
      const unaccepted = await issue('300', 1);
      const accepted = await issue('400', 1);
      await core.submit('finance:AcceptReceivable', { receivableId: accepted });
      const read = (id: string) => () => auditor.evaluate('finance:GetReceivable', { receivableId: id });
      const { dueAt } = await read(accepted)();
      alliance.advance(DAY + 1);
      const refusals = [
        await alliance.expectRefused(
          () => core.submit('finance:AcceptReceivable', { receivableId: unaccepted }),
          'ILLEGAL_STATE',
          [read(unaccepted)],
        ),
        await alliance.expectRefused(
          () => supplier.submit('finance:TransferReceivable', { receivableId: accepted, toAccountId: 'sub' }),
          'ILLEGAL_STATE',
          [read(accepted)],
        ),
        await alliance.expectRefused(
          () =>
            supplier.submit('finance:SplitReceivable', {
              receivableId: accepted,
              parts: [
                { toAccountId: 'sub', amount: '100' },
                { toAccountId: 'sup', amount: '300' },
              ],
            }),
          'ILLEGAL_STATE',
          [read(accepted)],
        ),
      ];
      for (const body of refusals) {
        expect(body.details).toMatchObject({ entity: 'receivable', dueAt });
        expect(body.message).toContain(dueAt);
      }
      // Repaying late is still possible.
      const late = await core.submit('finance:RepayReceivable', { receivableId: accepted, fromAccountId: 'core' });
      expect(late).toMatchObject({ status: 'SETTLED', repayment: { onTime: false } });
    });

    it('refuses bad issues, rates and foreign accounts before writing', async () => {
      const base = {
        debtor: p.core,
        currency: 'CNY',
        faceAmount: '10',
        dueAt: dueIn(10),
        contractHash: sha('x'),
        accountId: 'sup',
      };
      for (const bad of [
        { ...base, dueAt: new Date(alliance.now - 1000).toISOString() },
        { ...base, dueAt: dueIn(3651) },
        { ...base, dueAt: '2030-02-30T00:00:00Z' },
        { ...base, dueAt: '2030-01-01' },
        { ...base, debtor: p.supplier },
        { ...base, faceAmount: '0' },
      ]) {
        await alliance.expectRefused(() => supplier.submit('finance:IssueReceivable', bad), 'INVALID_ARGUMENT');
      }
      await alliance.expectRefused(
        () => supplier.submit('finance:IssueReceivable', { ...base, accountId: 'core' }),
        'FORBIDDEN',
      );
      const id = await issue('10', 10);
      await core.submit('finance:AcceptReceivable', { receivableId: id });
      const offer = { receivableId: id, bank: p.bank, annualRate: '0.05', payoutAccountId: 'sup' };
      for (const annualRate of ['5%', '1.5', '0.123456789', '.5', 0.05]) {
        await alliance.expectRefused(
          () => supplier.submit('finance:RequestFinancing', { ...offer, annualRate }),
          'INVALID_ARGUMENT',
        );
      }
      await alliance.expectRefused(
        () => supplier.submit('finance:RequestFinancing', { ...offer, payoutAccountId: 'core' }),
        'INVALID_ARGUMENT',
      );
      await alliance.expectRefused(
        () => supplier.submit('finance:RequestFinancing', { ...offer, bank: p.energy }),
        'ILLEGAL_STATE',
      );
      await supplier.submit('finance:RequestFinancing', { ...offer, annualRate: '1' });
      // 100 % over 10 days leaves something; the bank pays ⌊10 × (365 − 10) / 365⌋ = 9.
      const financed = await bank.submit('finance:FinanceReceivable', { receivableId: id, fromAccountId: 'bank' });
      expect(financed.financing.discountedAmount).toBe('9');
      await alliance.expectRefused(
        () => core.submit('finance:RepayReceivable', { receivableId: id, fromAccountId: 'bank' }),
        'FORBIDDEN',
      );
    });
  });

  describe('warehouse receipts', () => {
    it('issue by a warehouse → pledge to a bank → loan paid → repay → released; never pledged twice', async () => {
      await alliance.expectRefused(
        () =>
          supplier.submit('finance:IssueReceipt', {
            owner: p.supplier,
            goods: 'tea',
            quantity: '10',
            unit: 't',
            location: 'WH-1',
          }),
        'FORBIDDEN',
      );
      const receipt = await subSupplier.submit('finance:IssueReceipt', {
        owner: p.supplier,
        goods: 'Longjing tea, grade A',
        quantity: '12',
        unit: 't',
        location: 'Hangzhou bonded warehouse, bay 7',
      });
      expect(receipt).toMatchObject({
        warehouse: p.subSupplier,
        owner: p.supplier,
        status: 'ISSUED',
        releasedPledges: 0,
      });
      const id = String(receipt.receiptId);
      const pledge = {
        receiptId: id,
        bank: p.bank,
        currency: 'CNY',
        loanAmount: '50000',
        repayAmount: '51000',
        accountId: 'sup',
      };
      await alliance.expectRefused(
        () => supplier.submit('finance:RequestPledge', { ...pledge, repayAmount: '49999' }),
        'INVALID_ARGUMENT',
      );
      // Before the owner asks, no bank may fund a pledge, and the refusal does not reveal the receipt's state.
      const early = await alliance.expectRefused(
        () => bank.submit('finance:FundPledge', { receiptId: id, fromAccountId: 'bank' }),
        'FORBIDDEN',
      );
      expect(JSON.stringify(early)).not.toContain('ISSUED');
      await supplier.submit('finance:RequestPledge', pledge);
      await alliance.expectRefused(() => supplier.submit('finance:RequestPledge', pledge), 'ILLEGAL_STATE');
      await alliance.expectRefused(
        () => bank2.submit('finance:FundPledge', { receiptId: id, fromAccountId: 'bank' }),
        'FORBIDDEN',
      );
      const sup = await balance('sup');
      const funded = await bank.submit('finance:FundPledge', { receiptId: id, fromAccountId: 'bank' });
      expect(funded).toMatchObject({ status: 'PLEDGED', pledge: { bankAccountId: 'bank', loanAmount: '50000' } });
      expect(BigInt(await balance('sup')) - BigInt(sup)).toBe(50000n);
      await alliance.expectRefused(() => supplier.submit('finance:RequestPledge', pledge), 'ILLEGAL_STATE');
      await alliance.expectRefused(
        () => subSupplier.submit('finance:CloseReceipt', { receiptId: id }),
        'ILLEGAL_STATE',
      );
      expect(await bank.evaluate('finance:GetReceipt', { receiptId: id })).toMatchObject({ status: 'PLEDGED' });
      await expectCode(bank2.evaluate('finance:GetReceipt', { receiptId: id }), 'FORBIDDEN');

      const bankBefore = await balance('bank');
      const released = await supplier.run('finance:RepayPledge', { receiptId: id, fromAccountId: 'sup' });
      expect(released.result).toMatchObject({ status: 'RELEASED', releasedPledges: 1 });
      expect(released.result.pledge).toBeUndefined();
      expect(BigInt(await balance('bank')) - BigInt(bankBefore)).toBe(51000n);
      expect((await alliance.event(released.txId))?.name).toBe('ReceiptReleased');
      const kinds = pluck((await supplier.evaluate('credit:ListCreditRecords', { subject: p.supplier })).items, 'kind');
      expect(kinds).toContain('LOAN_REPAID');

      // Pledged again, declined by the bank, then the goods leave.
      await supplier.submit('finance:RequestPledge', { ...pledge, bank: p.bank2 });
      expect((await bank2.submit('finance:CancelPledge', { receiptId: id, reason: 'no' })).status).toBe('ISSUED');
      expect((await subSupplier.submit('finance:CloseReceipt', { receiptId: id })).status).toBe('CLOSED');
      const listed = await subSupplier.evaluate('finance:ListReceipts', { by: 'warehouse' });
      expect(pluck(listed.items, 'receiptId')).toEqual([id]);
    });
  });

  describe('credit lines', () => {
    it('grant → draw into the wallet → repay restores the line; limit, ownership and closing', async () => {
      await alliance.expectRefused(
        () =>
          supplier.submit('finance:GrantCreditLine', {
            borrower: p.core,
            currency: 'CNY',
            limit: '10',
            fundingAccountId: 'sup',
          }),
        'FORBIDDEN',
      );
      await alliance.expectRefused(
        () =>
          bank.submit('finance:GrantCreditLine', {
            borrower: p.core,
            currency: 'CNY',
            limit: '10',
            fundingAccountId: 'core',
          }),
        'FORBIDDEN',
      );
      const line = await bank.submit('finance:GrantCreditLine', {
        borrower: p.supplier,
        currency: 'CNY',
        limit: '3000',
        fundingAccountId: 'bank',
      });
      expect(line).toMatchObject({ status: 'ACTIVE', limit: '3000', drawn: '0', bank: p.bank, borrower: p.supplier });
      const lineId = String(line.lineId);
      const sup = BigInt(await balance('sup'));
      const drawn = await supplier.run('finance:DrawCreditLine', { lineId, accountId: 'sup', amount: '2000' });
      expect(drawn.result).toMatchObject({ line: { drawn: '2000' }, amount: '2000' });
      expect(BigInt(await balance('sup')) - sup).toBe(2000n);
      const over = await alliance.expectRefused(
        () => supplier.submit('finance:DrawCreditLine', { lineId, accountId: 'sup', amount: '1001' }),
        'INSUFFICIENT_FUNDS',
      );
      expect(over.details).toMatchObject({ available: '1000', requested: '1001' });
      await alliance.expectRefused(
        () => core.submit('finance:DrawCreditLine', { lineId, accountId: 'core', amount: '1' }),
        'FORBIDDEN',
      );
      await alliance.expectRefused(() => bank.submit('finance:CloseCreditLine', { lineId }), 'ILLEGAL_STATE');
      await alliance.expectRefused(
        () => supplier.submit('finance:RepayCreditLine', { lineId, accountId: 'sup', amount: '2001' }),
        'INVALID_ARGUMENT',
      );
      const repaid = await supplier.submit('finance:RepayCreditLine', { lineId, accountId: 'sup', amount: '2000' });
      expect(repaid.line.drawn).toBe('0');
      expect(BigInt(await balance('sup'))).toBe(sup);
      expect((await bank.submit('finance:CloseCreditLine', { lineId })).status).toBe('CLOSED');
      await alliance.expectRefused(
        () => supplier.submit('finance:DrawCreditLine', { lineId, accountId: 'sup', amount: '1' }),
        'ILLEGAL_STATE',
      );
      const lines = await bank.evaluate('finance:ListCreditLines', { by: 'bank' });
      expect(pluck(lines.items, 'lineId')).toContain(lineId);
      await expectCode(bank2.evaluate('finance:GetCreditLine', { lineId }), 'FORBIDDEN');
    });
  });
});
