import { createHash } from 'node:crypto';
import type { Response } from 'supertest';
import { Alliance, expectProblem, expectStatus, listAll, type Identity } from './alliance-bootstrap';

const sha256 = (data: string): string => createHash('sha256').update(data).digest('hex');

interface Token {
  readonly tokenId: string;
  readonly owner: string;
  readonly status: string;
  readonly mintTxId: string;
}

interface TransactionView {
  readonly events?: readonly { readonly name: string; readonly payload?: Record<string, unknown> }[];
}

/**
 * DOMAIN.md §7 over REST (the walkthrough docs/walkthrough-commodity-rights.md tells the same story): a
 * store lists a limited edition of three in its trading space; two buyers bind their wallets and pay,
 * concurrently for the last units; one resells from its own space with the store's royalty; the other
 * redeems its right for the goods, which burns the token. Owner and provenance reach holders, the store
 * and auditors only.
 */
describe('commodity rights scenario: a limited edition, two buyers, a resale, a redemption', () => {
  const STORE: Identity = 'EcommerceMSP:store1';
  const BUYER1: Identity = 'EcommerceMSP:buyer1';
  const BUYER2: Identity = 'EcommerceMSP:buyer2';
  const AUDITOR: Identity = 'FinanceMSP:auditor1';
  const OUTSIDER: Identity = 'EnergyMSP:producer1';
  let alliance: Alliance;
  let accounts: Record<'store' | 'buyer1' | 'buyer1Resales' | 'buyer2' | 'buyer2b', string>;
  let space: { spaceId: string; entryToken: string };
  let classId: string;
  let first: Token;

  const data = (res: Response): unknown => (res.body as { data: unknown }).data;

  beforeAll(async () => {
    alliance = await Alliance.open();
    accounts = {
      store: await alliance.openAccount(STORE, 'tea-shop'),
      buyer1: await alliance.openAccount(BUYER1, 'wallet', '100000'),
      buyer1Resales: await alliance.openAccount(BUYER1, 'resales'),
      buyer2: await alliance.openAccount(BUYER2, 'wallet', '100000'),
      buyer2b: await alliance.openAccount(BUYER2, 'wallet-b', '100000'),
    };
  }, 120_000);
  afterAll(() => alliance.close());

  it('the store opens a space and lists a limited edition of three; its link opens it for any member', async () => {
    const spaceId = alliance.uniqueId('west-lake');
    const opened = await expectStatus(
      alliance.as(STORE).post('/spaces', { spaceId, name: 'West Lake Tea', payoutAccountId: accounts.store }),
      201,
    );
    expect(opened.headers.location).toBe(`/api/v1/spaces/${spaceId}`);
    space = data(opened) as { spaceId: string; entryToken: string };
    expect(space.entryToken).toBe((opened.body as { transactionId: string }).transactionId);

    classId = alliance.uniqueId('longjing');
    const limitedEdition = {
      classId,
      spaceId,
      category: 'tea',
      sku: 'LJ-2024-250',
      name: 'Longjing green tea, spring 2024',
      specification: '250 g tin',
      production: { producer: 'Hangzhou West Lake Tea Co.', origin: 'Hangzhou', producedOn: '2024-04-17' },
      price: '12800',
      currency: alliance.currency,
      supply: 3,
      redeemable: ['DELIVERY', 'PICKUP'],
      royaltyBps: 250,
    };
    // Only the space's owner, a store, lists classes in it.
    await expectProblem(alliance.as(BUYER1).post('/right-classes', limitedEdition), 403, 'FORBIDDEN');
    const registered = await expectStatus(alliance.as(STORE).post('/right-classes', limitedEdition), 201);
    expect(registered.headers.location).toBe(`/api/v1/right-classes/${classId}`);
    expect(data(registered)).toMatchObject({ tokenIds: { first: `${classId}.00001`, last: `${classId}.00003` } });

    const entry = await expectStatus(alliance.as(OUTSIDER).get(`/space-entries/${space.entryToken}`), 200);
    expect(entry.body).toMatchObject({
      space: { spaceId, owner: alliance.party(STORE) },
      offers: { items: [{ kind: 'PRIMARY', classId, price: '12800', category: 'tea' }], bookmark: '' },
    });
    const none = await expectStatus(
      alliance.as(OUTSIDER).get(`/space-entries/${space.entryToken}`, { category: 'porcelain' }),
      200,
    );
    expect(none.body).toMatchObject({ offers: { items: [] } });
  });

  it('buyers bind their wallets and pay: each purchase mints a token; the last units go to exactly as many buyers', async () => {
    const buyer1 = alliance.as(BUYER1);
    await expectProblem(
      buyer1.post(`/right-classes/${classId}/purchases`, { accountId: accounts.buyer1 }),
      409,
      'ILLEGAL_STATE',
    );
    await expectStatus(buyer1.post(`/spaces/${space.spaceId}/wallet-bindings`, { accountId: accounts.buyer1 }), 200);
    const bought = await expectStatus(
      buyer1.post(`/right-classes/${classId}/purchases`, { accountId: accounts.buyer1 }),
      201,
    );
    const sale = data(bought) as { token: Token; payment: Record<string, string> };
    first = sale.token;
    expect(bought.headers.location).toBe(`/api/v1/tokens/${first.tokenId}`);
    expect(first).toMatchObject({ owner: alliance.party(BUYER1), status: 'HELD' });
    expect(sale.payment).toMatchObject({
      amount: '12800',
      fromAccountId: accounts.buyer1,
      toAccountId: accounts.store,
    });
    expect(await alliance.balance(BUYER1, accounts.buyer1)).toEqual({ available: '87200', frozen: '0' });

    // Buyer2 tries for both last units at once, from three accounts: two purchases mint, one is told it is sold out.
    const buyer2 = alliance.as(BUYER2);
    const wallets = [accounts.buyer2, accounts.buyer2b, accounts.buyer2];
    for (const accountId of new Set(wallets)) {
      await expectStatus(buyer2.post(`/spaces/${space.spaceId}/wallet-bindings`, { accountId }), 200);
    }
    const answers = await Promise.all(wallets.map((accountId) => purchaseUntilFinal(BUYER2, accountId)));
    expect(answers.map((a) => a.status).sort()).toEqual([201, 201, 409]);
    const soldOut = answers.find((a) => a.status === 409)!;
    expect(soldOut.body).toMatchObject({ code: 'ILLEGAL_STATE', details: { classId, supply: 3 } });
    const tokens = answers.filter((a) => a.status === 201).map((a) => (data(a) as { token: Token }).token.tokenId);
    expect(new Set([first.tokenId, ...tokens]).size).toBe(3);
    const cls = await expectStatus(alliance.as(OUTSIDER).get(`/right-classes/${classId}`), 200);
    expect((cls.body as { counts: unknown }).counts).toEqual({ minted: 3, burned: 0, outstanding: 3, available: 0 });
    expect(await alliance.balance(STORE, accounts.store)).toEqual({ available: '38400', frozen: '0' });
  });

  it('owner and balance, ERC-721 style: the holder, the store and auditors see them; nobody else', async () => {
    for (const reader of [BUYER1, STORE, AUDITOR]) {
      const owner = await expectStatus(alliance.as(reader).get(`/tokens/${first.tokenId}/owner`), 200);
      expect(owner.body).toEqual({
        tokenId: first.tokenId,
        owner: alliance.party(BUYER1),
        ownerHandle: BUYER1,
        status: 'HELD',
      });
    }
    await expectProblem(alliance.as(OUTSIDER).get(`/tokens/${first.tokenId}/owner`), 403, 'FORBIDDEN');
    await expectProblem(alliance.as(BUYER2).get(`/tokens/${first.tokenId}`), 403, 'FORBIDDEN');
    const balancePath = `/token-balances/${encodeURIComponent(alliance.party(BUYER2))}`;
    expect((await expectStatus(alliance.as(BUYER2).get(balancePath), 200)).body).toEqual({
      owner: alliance.party(BUYER2),
      ownerHandle: BUYER2,
      balance: 2,
    });
    // The owner may be named by its handle too (here the same text as the identity's name).
    const byHandle = await expectStatus(alliance.as(AUDITOR).get(`/token-balances/${encodeURIComponent(BUYER2)}`), 200);
    expect(byHandle.body).toMatchObject({ owner: alliance.party(BUYER2), balance: 2 });
    await expectProblem(alliance.as(BUYER1).get(balancePath), 403, 'FORBIDDEN');
    const held = await listAll<Token>(alliance.as(BUYER1), '/tokens');
    expect(held.map((t) => t.tokenId)).toContain(first.tokenId);
  });

  it('buyer1 resells from its own space: buyer2 pays, the store gets its royalty, the token moves (DvP)', async () => {
    const buyer1 = alliance.as(BUYER1);
    const resalesId = alliance.uniqueId('buyer1-resales');
    await expectStatus(
      buyer1.post('/spaces', { spaceId: resalesId, name: 'Resales', payoutAccountId: accounts.buyer1Resales }),
      201,
    );
    await expectProblem(
      buyer1.post(`/tokens/${first.tokenId}/resale-listing`, { spaceId: space.spaceId, price: '15000' }),
      400,
      'INVALID_ARGUMENT',
    );
    await expectStatus(
      buyer1.post(`/tokens/${first.tokenId}/resale-listing`, { spaceId: resalesId, price: '15000' }),
      200,
    );
    const offers = await listAll<{ kind: string; tokenId?: string; price: string }>(
      alliance.as(OUTSIDER),
      `/spaces/${resalesId}/offers`,
    );
    expect(offers).toEqual([expect.objectContaining({ kind: 'RESALE', tokenId: first.tokenId, price: '15000' })]);

    const buyer2 = alliance.as(BUYER2);
    await expectStatus(buyer2.post(`/spaces/${resalesId}/wallet-bindings`, { accountId: accounts.buyer2 }), 200);
    const before = await alliance.balance(BUYER2, accounts.buyer2);
    const resale = await expectStatus(
      buyer2.post(`/tokens/${first.tokenId}/resale-purchase`, { accountId: accounts.buyer2 }),
      200,
    );
    // ⌊15000 × 250 / 10000⌋ = 375 to the store, 14625 to the seller.
    expect(data(resale)).toMatchObject({
      token: { owner: alliance.party(BUYER2), status: 'HELD' },
      payment: { amount: '15000', royalty: '375', proceeds: '14625', toAccountId: accounts.buyer1Resales },
    });
    expect(BigInt((await alliance.balance(BUYER2, accounts.buyer2)).available)).toBe(BigInt(before.available) - 15000n);
    expect(await alliance.balance(BUYER1, accounts.buyer1Resales)).toEqual({ available: '14625', frozen: '0' });
    expect(await alliance.balance(STORE, accounts.store)).toEqual({ available: '38775', frozen: '0' });
    await expectProblem(
      buyer2.post(`/tokens/${first.tokenId}/resale-purchase`, { accountId: accounts.buyer2 }),
      409,
      'ILLEGAL_STATE',
    );
  });

  it('buyer2 redeems it for delivery: locked while the store fulfils, burned when buyer2 confirms', async () => {
    const buyer2 = alliance.as(BUYER2);
    const store = alliance.as(STORE);
    const path = `/tokens/${first.tokenId}`;
    await expectProblem(buyer2.post(`${path}/redemption-request`, { method: 'DELIVERY' }), 400, 'VALIDATION_FAILED');
    const requested = await expectStatus(
      buyer2.post(`${path}/redemption-request`, {
        method: 'DELIVERY',
        addressHash: sha256('9 Nanjing Road, Shanghai'),
      }),
      200,
    );
    expect(data(requested)).toMatchObject({ status: 'REDEEMING', redemption: { method: 'DELIVERY' } });
    await expectProblem(buyer2.post(`${path}/transfer`, { to: alliance.party(BUYER1) }), 409, 'ILLEGAL_STATE');
    const queue = await listAll<Token>(store, `/right-classes/${classId}/tokens`, { status: 'REDEEMING' });
    expect(queue.map((t) => t.tokenId)).toEqual([first.tokenId]);
    await expectProblem(buyer2.post(`${path}/redemption-fulfilment`, {}), 403, 'FORBIDDEN');
    await expectStatus(store.post(`${path}/redemption-fulfilment`, { carrier: 'SF Express', trackingNo: 'SF77' }), 200);
    const burned = await expectStatus(buyer2.post(`${path}/redemption-confirmation`, {}), 200);
    expect(data(burned)).toMatchObject({ status: 'BURNED', burn: { by: alliance.party(BUYER2) } });
    expect((await expectStatus(store.get(`${path}/owner`), 200)).body).toEqual({
      tokenId: first.tokenId,
      status: 'BURNED',
    });
    const cls = await expectStatus(alliance.as(OUTSIDER).get(`/right-classes/${classId}`), 200);
    expect((cls.body as { counts: unknown }).counts).toEqual({ minted: 3, burned: 1, outstanding: 2, available: 0 });
    await expectProblem(buyer2.post(`${path}/transfer`, { to: alliance.party(BUYER1) }), 409, 'ILLEGAL_STATE');
  });

  it('provenance: every owner with its transaction and block, for past holders too; events show no balances', async () => {
    const provenance = await expectStatus(alliance.as(BUYER1).get(`/tokens/${first.tokenId}/provenance`), 200);
    const items = (provenance.body as { items: { txId: string; blockNumber: string; value: Token }[] }).items;
    expect(items.map((i) => [i.value.owner, i.value.status])).toEqual([
      [alliance.party(BUYER1), 'HELD'],
      [alliance.party(BUYER1), 'LISTED'],
      [alliance.party(BUYER2), 'HELD'],
      [alliance.party(BUYER2), 'REDEEMING'],
      [alliance.party(BUYER2), 'FULFILLED'],
      [alliance.party(BUYER2), 'BURNED'],
    ]);
    expect(items[0]!.txId).toBe(first.mintTxId);
    for (const item of items) expect(item.blockNumber).toMatch(/^[1-9][0-9]*$/);
    await expectProblem(alliance.as(OUTSIDER).get(`/tokens/${first.tokenId}/provenance`), 403, 'FORBIDDEN');

    const view = async (identity: Identity): Promise<TransactionView> =>
      (await expectStatus(alliance.as(identity).get(`/transactions/${first.mintTxId}`), 200)).body as TransactionView;
    for (const reader of [BUYER1, STORE, AUDITOR]) {
      const seen = await view(reader);
      expect(seen.events?.[0]).toMatchObject({
        name: 'RightMinted',
        payload: { tokenId: first.tokenId, price: '12800' },
      });
      expect(JSON.stringify(seen.events)).not.toMatch(/available|frozen|balance/);
    }
    for (const outsider of [OUTSIDER, BUYER2]) expect((await view(outsider)).events).toEqual([{ name: 'RightMinted' }]);
  });

  /**
   * A purchase, submitted again while it loses MVCC races beyond the gateway's own retries (409
   * TRANSACTION_INVALIDATED, retryable): answers the final 201 or 409 ILLEGAL_STATE.
   */
  async function purchaseUntilFinal(buyer: Identity, accountId: string): Promise<Response> {
    for (let attempt = 0; attempt < 10; attempt++) {
      const res = await alliance.as(buyer).post(`/right-classes/${classId}/purchases`, { accountId });
      if ((res.body as { code?: string }).code !== 'TRANSACTION_INVALIDATED') return res;
    }
    throw new Error('a purchase was invalidated ten times in a row');
  }
});
