import { createHash } from 'node:crypto';
import { Alliance, STANDARD_ROLES, expectCode, type Client, type Doc } from '../test/alliance';

const DAY = 86_400;
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/**
 * The deadline index and `keeper:ListDue`: every deadline the chaincode enforces appears once it has
 * passed, in time order, with the transaction that acts on it, and leaves the index when the record
 * leaves the states the deadline applies to.
 */
describe('keeper: the deadline index', () => {
  let alliance: Alliance;
  let buyer: Client;
  let store: Client;
  let keeper: Client;
  let supplier: Client;
  let debtor: Client;
  let seq = 0;

  const listDue = async (input: object = {}): Promise<Doc> => keeper.evaluate('keeper:ListDue', input);
  const refs = async (): Promise<string[]> => ((await listDue()).items as { ref: string }[]).map((i) => i.ref);

  const shipped = async (timeLimitSeconds: number): Promise<{ no: string; settlementNo: string }> => {
    const no = `ks-${String(++seq).padStart(3, '0')}`;
    const r = await buyer.submit('settlements:RequestSettlement', {
      storeOrderNo: no,
      buyerAccountId: 'kb',
      storeAccountId: 'ks',
      currency: 'CNY',
      amount: '10',
      timeLimitSeconds,
    });
    await store.submit('settlements:AcknowledgePayment', { store: 'EcommerceMSP:store1', storeOrderNo: no });
    await store.submit('settlements:Ship', {
      store: 'EcommerceMSP:store1',
      storeOrderNo: no,
      carrier: 'SF',
      trackingNo: no,
    });
    return { no, settlementNo: String(r.settlement.settlementNo) };
  };

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers(STANDARD_ROLES);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    [buyer, store, keeper, supplier, debtor] = await Promise.all([
      alliance.client('EcommerceMSP', 'buyer1'),
      alliance.client('EcommerceMSP', 'store1'),
      // Any identity the channel accepts may read the index: here an org admin, not a member.
      alliance.client('EnergyMSP', 'Admin'),
      alliance.client('EcommerceMSP', 'store2'),
      alliance.client('EcommerceMSP', 'buyer2'),
    ]);
    await Promise.all([
      buyer.submit('wallets:OpenAccount', { accountId: 'kb' }),
      store.submit('wallets:OpenAccount', { accountId: 'ks' }),
      supplier.submit('wallets:OpenAccount', { accountId: 'ksup' }),
      debtor.submit('wallets:OpenAccount', { accountId: 'kdeb' }),
    ]);
    const issuer = await alliance.client('FinanceMSP', 'issuer1');
    await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'kb', amount: '1000' });
    await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'kdeb', amount: '1000' });
  });
  afterAll(() => alliance.close());

  it('lists passed deadlines only, oldest first, each with the transaction that acts on it', async () => {
    expect(await listDue()).toMatchObject({ items: [], bookmark: '' });
    const late = await shipped(3 * 3600);
    const early = await shipped(3600);
    const notYet = await shipped(DAY);
    alliance.advance(3 * 3600 + 1);
    expect(await refs()).toEqual([early.settlementNo, late.settlementNo]);

    const page = await listDue();
    expect(page.items[0]).toEqual({
      kind: 'SETTLEMENT_RELEASE',
      ref: early.settlementNo,
      dueAt: expect.any(String) as unknown,
      transaction: 'settlements:SettleExpired',
      input: { settlementNo: early.settlementNo },
    });
    expect(Date.parse(String(page.asOf))).toBe(alliance.now);
    expect((page.items as { ref: string }[]).map((i) => i.ref)).not.toContain(notYet.settlementNo);

    // Acting on an entry removes it; acting twice (a second keeper) is refused and changes nothing.
    const first = page.items[0] as { transaction: string; input: object };
    await keeper.submit(first.transaction, first.input);
    await expectCode(keeper.submit(first.transaction, first.input), 'ILLEGAL_STATE');
    expect(await refs()).toEqual([late.settlementNo]);
  });

  it('drops a settlement when it completes, is disputed or is confirmed before the deadline', async () => {
    const confirmed = await shipped(3600);
    const disputed = await shipped(3600);
    await buyer.submit('settlements:ConfirmReceipt', { settlementNo: confirmed.settlementNo, amountToPay: '10' });
    await buyer.submit('settlements:Dispute', { settlementNo: disputed.settlementNo, reason: 'broken' });
    alliance.advance(3601);
    const due = await refs();
    expect(due).not.toContain(confirmed.settlementNo);
    expect(due).not.toContain(disputed.settlementNo);
  });

  it('lists accepted receivables past due for MarkOverdue, drops them when repaid, and lists split parts', async () => {
    const issue = async (face: string): Promise<string> =>
      String(
        (
          await supplier.submit('finance:IssueReceivable', {
            debtor: await alliance.party('EcommerceMSP', 'buyer2'),
            currency: 'CNY',
            faceAmount: face,
            dueAt: new Date(alliance.now + 3600 * 1000).toISOString(),
            contractHash: sha(`k ${face}`),
            accountId: 'ksup',
          })
        ).receivableId,
      );
    const repaid = await issue('20');
    const split = await issue('30');
    const overdue = await issue('40');
    for (const id of [repaid, split, overdue]) await debtor.submit('finance:AcceptReceivable', { receivableId: id });
    await debtor.submit('finance:RepayReceivable', { receivableId: repaid, fromAccountId: 'kdeb' });
    await supplier.submit('finance:SplitReceivable', {
      receivableId: split,
      parts: [
        { toAccountId: 'ksup', amount: '10' },
        { toAccountId: 'ks', amount: '20' },
      ],
    });
    alliance.advance(3601);
    const items = (await listDue()).items as { kind: string; ref: string; transaction: string; input: object }[];
    const receivables = items.filter((i) => i.kind === 'RECEIVABLE_DUE');
    expect(receivables.map((i) => i.ref).sort()).toEqual([`${split}-1`, `${split}-2`, overdue].sort());
    expect(receivables.find((i) => i.ref === overdue)).toMatchObject({
      transaction: 'finance:MarkOverdue',
      input: { receivableId: overdue },
    });
    for (const i of receivables) await keeper.submit(i.transaction, i.input);
    expect(((await listDue()).items as { kind: string }[]).filter((i) => i.kind === 'RECEIVABLE_DUE')).toEqual([]);
  });

  it('pages with a bookmark when more are due than one page holds', async () => {
    const made = [await shipped(60), await shipped(60), await shipped(60)];
    alliance.advance(61);
    const all: string[] = [];
    let bookmark = '';
    do {
      const page = await listDue({ pageSize: 1, ...(bookmark ? { bookmark } : {}) });
      all.push(...(page.items as { ref: string }[]).map((i) => i.ref));
      bookmark = String(page.bookmark);
    } while (bookmark !== '');
    expect(all).toEqual(expect.arrayContaining(made.map((m) => m.settlementNo)));
    expect(new Set(all).size).toBe(all.length);
  });
});
