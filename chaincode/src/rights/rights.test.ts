import { createHash } from 'node:crypto';
import { Alliance, Client, STANDARD_ROLES, expectCode, pluck, type Doc } from '../test/alliance';
import { resaleShares } from './royalty';

const DAY = 24 * 60 * 60;
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** A class's registration input, with overrides. */
function classInput(classId: string, spaceId: string, extra: object = {}): Record<string, unknown> {
  return {
    classId,
    spaceId,
    category: 'tea',
    sku: 'LJ-2024-250',
    name: 'Longjing green tea, spring 2024',
    specification: '250 g tin',
    production: {
      producer: 'Hangzhou West Lake Tea Co.',
      origin: 'Hangzhou',
      batchNo: 'B-0417',
      producedOn: '2024-04-17',
    },
    price: '12800',
    currency: 'CNY',
    supply: 3,
    redeemable: ['DELIVERY', 'PICKUP'],
    royaltyBps: 250,
    ...extra,
  };
}

/**
 * Commodity rights as NFTs (DOMAIN.md §7): trading spaces, classes bound to token ids, pay-and-mint,
 * gifts and resales with a royalty, redemption for the goods, and who may read what.
 */
describe('commodity rights', () => {
  let alliance: Alliance;
  let store: Client;
  let store2: Client;
  let buyer1: Client;
  let buyer2: Client;
  let oracle: Client;
  let auditor: Client;
  let issuer: Client;
  let producer: Client;
  let parties: Record<'store' | 'store2' | 'buyer1' | 'buyer2' | 'oracle' | 'producer', string>;
  let seq = 0;
  const next = (label: string): string => `${label}-${String(++seq)}`;

  const balance = async (accountId: string): Promise<string> =>
    String((await auditor.evaluate('wallets:GetBalance', { accountId, currency: 'CNY' })).available);
  const token = (tokenId: string): Promise<Doc> => auditor.evaluate('rights:GetToken', { tokenId });

  /** A class of `supply` units in the store's space `shop`, its units bought by nobody yet. */
  const register = async (extra: object = {}): Promise<string> => {
    const classId = next('tea');
    await store.submit('rights:RegisterRightClass', classInput(classId, 'shop', extra));
    return classId;
  };
  const buy = async (client: Client, classId: string, accountId: string): Promise<Doc> =>
    client.submit('rights:PurchaseRight', { classId, accountId });

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers(STANDARD_ROLES);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    // The logistics feed: oracle1 and meter1 report on it, and one report makes a value.
    await alliance.registerLogisticsFeed([
      ['EcommerceMSP', 'oracle1'],
      ['EnergyMSP', 'meter1'],
    ]);
    [store, store2, buyer1, buyer2, oracle, auditor, issuer, producer] = await Promise.all([
      alliance.client('EcommerceMSP', 'store1'),
      alliance.client('EcommerceMSP', 'store2'),
      alliance.client('EcommerceMSP', 'buyer1'),
      alliance.client('EcommerceMSP', 'buyer2'),
      alliance.client('EcommerceMSP', 'oracle1'),
      alliance.client('FinanceMSP', 'auditor1'),
      alliance.client('FinanceMSP', 'issuer1'),
      alliance.client('EnergyMSP', 'producer1'),
    ]);
    parties = {
      store: await alliance.party('EcommerceMSP', 'store1'),
      store2: await alliance.party('EcommerceMSP', 'store2'),
      buyer1: await alliance.party('EcommerceMSP', 'buyer1'),
      buyer2: await alliance.party('EcommerceMSP', 'buyer2'),
      oracle: await alliance.party('EcommerceMSP', 'oracle1'),
      producer: await alliance.party('EnergyMSP', 'producer1'),
    };
    await Promise.all([
      store.submit('wallets:OpenAccount', { accountId: 'shop-pay' }),
      buyer1.submit('wallets:OpenAccount', { accountId: 'b1' }),
      buyer1.submit('wallets:OpenAccount', { accountId: 'b1-resale' }),
      buyer2.submit('wallets:OpenAccount', { accountId: 'b2' }),
      producer.submit('wallets:OpenAccount', { accountId: 'p1' }),
    ]);
    for (const accountId of ['b1', 'b2', 'p1']) {
      await issuer.submit('wallets:Issue', { currency: 'CNY', accountId, amount: '1000000' });
    }
    await store.submit('rights:OpenSpace', { spaceId: 'shop', name: 'West Lake Tea', payoutAccountId: 'shop-pay' });
    await buyer1.submit('rights:OpenSpace', {
      spaceId: 'b1-space',
      name: "buyer1's resales",
      payoutAccountId: 'b1-resale',
    });
    await buyer1.submit('rights:BindWallet', { spaceId: 'shop', accountId: 'b1' });
    await buyer2.submit('rights:BindWallet', { spaceId: 'shop', accountId: 'b2' });
    await buyer2.submit('rights:BindWallet', { spaceId: 'b1-space', accountId: 'b2' });
    await producer.submit('rights:BindWallet', { spaceId: 'shop', accountId: 'p1' });
  });
  afterAll(() => alliance.close());

  describe('trading spaces', () => {
    it('opens a space whose entry token resolves to it and its offers; the catalogue is public to members', async () => {
      const opened = await store2
        .submit('wallets:OpenAccount', { accountId: 's2-pay' })
        .then(() =>
          store2.run('rights:OpenSpace', { spaceId: 'porcelain', name: 'Jingdezhen', payoutAccountId: 's2-pay' }),
        );
      expect(opened.result).toMatchObject({
        spaceId: 'porcelain',
        owner: parties.store2,
        payoutAccountId: 's2-pay',
        entryToken: opened.txId,
      });
      const event = await alliance.event(opened.txId);
      expect(event).toMatchObject({ name: 'SpaceOpened', payload: { audience: { parties: [], consortium: true } } });
      await store2.submit(
        'rights:RegisterRightClass',
        classInput('cups-a', 'porcelain', { category: 'cups', supply: 2, redeemable: ['PICKUP'] }),
      );
      await store2.submit('rights:RegisterRightClass', classInput('bowl-a', 'porcelain', { category: 'bowls' }));
      // Any member reads the catalogue, an energy producer included; the entry token opens it.
      const entry = await producer.evaluate('rights:ResolveEntry', { entryToken: opened.txId });
      expect(entry.space.spaceId).toBe('porcelain');
      expect(pluck(entry.offers.items, 'classId')).toEqual(['bowl-a', 'cups-a']);
      const cups = await producer.evaluate('rights:ResolveEntry', { entryToken: opened.txId, category: 'cups' });
      expect(cups.offers.items).toEqual([
        expect.objectContaining({ kind: 'PRIMARY', classId: 'cups-a', seller: parties.store2, redeemable: ['PICKUP'] }),
      ]);
      expect(
        (await producer.evaluate('rights:ListOffers', { spaceId: 'porcelain', category: 'bowls' })).items,
      ).toHaveLength(1);
      await expectCode(producer.evaluate('rights:ResolveEntry', { entryToken: sha('nope') }), 'NOT_FOUND');
    });

    it('refuses a taken space id, and a payout account of someone else', async () => {
      await alliance.expectRefused(
        () => store.submit('rights:OpenSpace', { spaceId: 'shop', name: 'again', payoutAccountId: 'shop-pay' }),
        'CONFLICT',
      );
      await alliance.expectRefused(
        () => buyer2.submit('rights:OpenSpace', { spaceId: next('x'), name: 'x', payoutAccountId: 'shop-pay' }),
        'FORBIDDEN',
      );
    });
  });

  describe('classes (DA-Tie)', () => {
    it('registers a class with its commodity data, each unit bound to a token id; public to members', async () => {
      const reg = await store.run(
        'rights:RegisterRightClass',
        classInput('longjing-2024', 'shop', { supply: 10, description: 'picked before Qingming' }),
      );
      expect(reg.result).toMatchObject({
        classId: 'longjing-2024',
        store: parties.store,
        sku: 'LJ-2024-250',
        production: { producer: 'Hangzhou West Lake Tea Co.', batchNo: 'B-0417' },
        price: '12800',
        supply: 10,
        royaltyBps: 250,
        tokenIds: { first: 'longjing-2024.00001', last: 'longjing-2024.00010' },
        txId: reg.txId,
      });
      expect(reg.result.description).toBe('picked before Qingming');
      // Events sit in every org's blocks: ids, parties and terms, no free text.
      const event = await alliance.event(reg.txId);
      expect(event?.payload).toMatchObject({ classId: 'longjing-2024', audience: { parties: [], consortium: true } });
      expect(event?.payload.description).toBeUndefined();
      expect((await producer.evaluate('rights:GetRightClass', { classId: 'longjing-2024' })).counts).toEqual({
        minted: 0,
        burned: 0,
        outstanding: 0,
        available: 10,
      });
    });

    it('refuses a class from anyone but the space owner with the store role, a taken id, an unknown currency', async () => {
      await alliance.expectRefused(
        () => store2.submit('rights:RegisterRightClass', classInput(next('c'), 'shop')),
        'FORBIDDEN',
      );
      await alliance.expectRefused(
        () => buyer1.submit('rights:RegisterRightClass', classInput(next('c'), 'b1-space')),
        'FORBIDDEN',
      );
      await alliance.expectRefused(
        () => store.submit('rights:RegisterRightClass', classInput('longjing-2024', 'shop')),
        'CONFLICT',
      );
      await alliance.expectRefused(
        () => store.submit('rights:RegisterRightClass', classInput(next('c'), 'shop', { currency: 'USD' })),
        'NOT_FOUND',
      );
    });

    it.each([
      [{ supply: 0 }, 'input.supply'],
      [{ supply: 10_001 }, 'input.supply'],
      [{ redeemable: [] }, 'input.redeemable'],
      [{ redeemable: ['PICKUP', 'PICKUP'] }, 'input.redeemable'],
      [{ royaltyBps: 10_001 }, 'input.royaltyBps'],
      [{ price: '0' }, 'input.price'],
      [{ price: 12800 }, 'input.price'],
      [{ classId: 'x'.repeat(49) }, 'input.classId'],
      [{ production: { origin: 'Hangzhou' } }, 'input.production.producer'],
    ])('refuses %j with INVALID_ARGUMENT naming %s', async (extra, field) => {
      const body = await expectCode(
        store.submit('rights:RegisterRightClass', classInput(next('v'), 'shop', extra)),
        'INVALID_ARGUMENT',
      );
      expect(body.details).toEqual({ field });
    });
  });

  describe('pay and mint', () => {
    it('debits the buyer, credits the store and mints the token of a free unit, in one transaction', async () => {
      const classId = await register();
      const [buyerBefore, storeBefore] = [await balance('b1'), await balance('shop-pay')];
      const run = await buyer1.run('rights:PurchaseRight', { classId, accountId: 'b1' });
      const { token: minted, payment } = run.result;
      expect(minted).toMatchObject({
        classId,
        owner: parties.buyer1,
        store: parties.store,
        status: 'HELD',
        mintTxId: run.txId,
        category: 'tea',
      });
      expect(minted.tokenId).toBe(`${classId}.${String(minted.serial).padStart(5, '0')}`);
      expect(minted.serial).toBeGreaterThanOrEqual(1);
      expect(minted.serial).toBeLessThanOrEqual(3);
      expect(payment).toEqual({
        txId: run.txId,
        currency: 'CNY',
        amount: '12800',
        fromAccountId: 'b1',
        toAccountId: 'shop-pay',
      });
      expect(BigInt(await balance('b1'))).toBe(BigInt(buyerBefore) - 12800n);
      expect(BigInt(await balance('shop-pay'))).toBe(BigInt(storeBefore) + 12800n);
      const event = await alliance.event(run.txId);
      expect(event).toMatchObject({
        name: 'RightMinted',
        payload: {
          tokenId: minted.tokenId,
          to: parties.buyer1,
          price: '12800',
          audience: { parties: [parties.buyer1, parties.store] },
        },
      });
      expect(event?.payload.from).toBeUndefined();
      expect(JSON.stringify(event)).not.toMatch(/available|frozen|balance/);
      expect(await buyer1.evaluate('rights:OwnerOf', { tokenId: minted.tokenId })).toEqual({
        tokenId: minted.tokenId,
        owner: parties.buyer1,
        status: 'HELD',
      });
    });

    it('sells exactly the supply: distinct units, then sold out with nothing paid', async () => {
      const classId = await register();
      const minted = [
        await buy(buyer1, classId, 'b1'),
        await buy(buyer2, classId, 'b2'),
        await buy(buyer1, classId, 'b1'),
      ].map((r) => r.token.tokenId as string);
      expect([...minted].sort()).toEqual([`${classId}.00001`, `${classId}.00002`, `${classId}.00003`]);
      const before = await balance('b2');
      const body = await alliance.expectRefused(() => buy(buyer2, classId, 'b2'), 'ILLEGAL_STATE', [
        () => balance('b2'),
        () => auditor.evaluate('rights:GetRightClass', { classId }),
      ]);
      expect(body).toMatchObject({ message: 'the class is sold out', details: { classId, supply: 3 } });
      expect(await balance('b2')).toBe(before);
      expect((await auditor.evaluate('rights:GetRightClass', { classId })).counts).toEqual({
        minted: 3,
        burned: 0,
        outstanding: 3,
        available: 0,
      });
    });

    it('refuses an unbound wallet, an account of someone else, short funds and a suspended store; nothing is written', async () => {
      const classId = await register();
      await buyer1.submit('wallets:OpenAccount', { accountId: 'b1-unbound' });
      await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'b1-unbound', amount: '50000' });
      const probes = [
        () => auditor.evaluate('rights:GetRightClass', { classId }),
        () => balance('b1-unbound'),
        () => balance('shop-pay'),
      ];
      const unbound = await alliance.expectRefused(() => buy(buyer1, classId, 'b1-unbound'), 'ILLEGAL_STATE', probes);
      expect(unbound.details).toEqual({ spaceId: 'shop', accountId: 'b1-unbound' });
      await alliance.expectRefused(() => buy(buyer1, classId, 'b2'), 'FORBIDDEN', probes);
      await store.submit('rights:BindWallet', { spaceId: 'shop', accountId: 'shop-pay' });
      await alliance.expectRefused(() => buy(store, classId, 'shop-pay'), 'INVALID_ARGUMENT', probes);
      await buyer2.submit('wallets:OpenAccount', { accountId: 'b2-poor' });
      await buyer2.submit('rights:BindWallet', { spaceId: 'shop', accountId: 'b2-poor' });
      await alliance.expectRefused(() => buy(buyer2, classId, 'b2-poor'), 'INSUFFICIENT_FUNDS', probes);
      const admin = await alliance.client('EcommerceMSP', 'Admin');
      await admin.submit('members:SuspendMember', { member: parties.store, reason: 'audit' });
      try {
        await alliance.expectRefused(() => buy(buyer1, classId, 'b1'), 'ILLEGAL_STATE', probes);
      } finally {
        await admin.submit('members:ReinstateMember', { member: parties.store, reason: 'cleared' });
      }
    });
  });

  describe('transfer to a third party', () => {
    it('gives a token to another member; the new owner reads it, the old one keeps reading its provenance', async () => {
      const classId = await register();
      const { token: t } = await buy(buyer1, classId, 'b1');
      await alliance.expectRefused(
        () => buyer1.submit('rights:TransferRight', { tokenId: t.tokenId, to: parties.buyer1 }),
        'INVALID_ARGUMENT',
      );
      // An org admin administers the registry; it is no member and holds no rights.
      const notAMember = await alliance.party('EnergyMSP', 'Admin');
      await alliance.expectRefused(
        () => buyer1.submit('rights:TransferRight', { tokenId: t.tokenId, to: notAMember }),
        'NOT_FOUND',
      );
      await expectCode(buyer2.submit('rights:TransferRight', { tokenId: t.tokenId, to: parties.buyer2 }), 'FORBIDDEN');
      const gift = await buyer1.run('rights:TransferRight', {
        tokenId: t.tokenId,
        to: parties.producer,
        memo: 'for you',
      });
      expect(gift.result).toMatchObject({ owner: parties.producer, status: 'HELD' });
      expect(await alliance.event(gift.txId)).toMatchObject({
        name: 'RightTransferred',
        payload: {
          from: parties.buyer1,
          to: parties.producer,
          kind: 'GIFT',
          memo: 'for you',
          audience: { parties: [parties.producer, parties.store, parties.buyer1] },
        },
      });
      expect(await buyer1.evaluate('rights:BalanceOf', {})).toMatchObject({ owner: parties.buyer1 });
      expect(await producer.evaluate('rights:BalanceOf', {})).toEqual({ owner: parties.producer, balance: 1 });
      expect(pluck((await producer.evaluate('rights:ListTokens', {})).items, 'tokenId')).toEqual([t.tokenId]);
      // A past holder still reads the token and its provenance; a stranger does not.
      const provenance = await buyer1.evaluate('rights:GetProvenance', { tokenId: t.tokenId });
      expect(pluck(pluck(provenance, 'value'), 'owner')).toEqual([parties.buyer1, parties.producer]);
      expect(pluck(provenance, 'txId')).toEqual([t.mintTxId, gift.txId]);
      await expectCode(buyer2.evaluate('rights:GetProvenance', { tokenId: t.tokenId }), 'FORBIDDEN');
      await expectCode(buyer2.evaluate('rights:OwnerOf', { tokenId: t.tokenId }), 'FORBIDDEN');
    });

    it('resells from the holder’s own space, delivery versus payment, with the store’s royalty rounded down', async () => {
      const classId = await register({ royaltyBps: 250 });
      const { token: t } = await buy(buyer1, classId, 'b1');
      await alliance.expectRefused(
        () => buyer1.submit('rights:ListForResale', { tokenId: t.tokenId, spaceId: 'shop', price: '999' }),
        'INVALID_ARGUMENT',
      );
      const listed = await buyer1.run('rights:ListForResale', {
        tokenId: t.tokenId,
        spaceId: 'b1-space',
        price: '999',
      });
      expect(listed.result).toMatchObject({
        status: 'LISTED',
        listing: { spaceId: 'b1-space', price: '999', currency: 'CNY' },
      });
      expect((await alliance.event(listed.txId))?.payload.audience).toEqual({ parties: [], consortium: true });
      const offers = await producer.evaluate('rights:ListOffers', { spaceId: 'b1-space' });
      expect(offers.items).toContainEqual(
        expect.objectContaining({ kind: 'RESALE', tokenId: t.tokenId, price: '999', seller: parties.buyer1 }),
      );
      // Listed: neither given away nor redeemed meanwhile.
      await alliance.expectRefused(
        () => buyer1.submit('rights:TransferRight', { tokenId: t.tokenId, to: parties.buyer2 }),
        'ILLEGAL_STATE',
      );
      await alliance.expectRefused(
        () => buyer1.submit('rights:BuyResale', { tokenId: t.tokenId, accountId: 'b1' }),
        'INVALID_ARGUMENT',
      );
      await alliance.expectRefused(
        () => producer.submit('rights:BuyResale', { tokenId: t.tokenId, accountId: 'p1' }),
        'ILLEGAL_STATE',
      );

      const before = { b2: await balance('b2'), seller: await balance('b1-resale'), store: await balance('shop-pay') };
      const sale = await buyer2.run('rights:BuyResale', { tokenId: t.tokenId, accountId: 'b2' });
      // ⌊999 × 250 / 10000⌋ = ⌊24.975⌋ = 24 to the store, 975 to the seller.
      expect(resaleShares(999n, 250)).toEqual({ royalty: 24n, proceeds: 975n });
      expect(sale.result.payment).toEqual({
        txId: sale.txId,
        currency: 'CNY',
        amount: '999',
        fromAccountId: 'b2',
        toAccountId: 'b1-resale',
        proceeds: '975',
        royalty: '24',
        royaltyAccountId: 'shop-pay',
      });
      expect(sale.result.token).toMatchObject({ owner: parties.buyer2, status: 'HELD' });
      expect(sale.result.token.listing).toBeUndefined();
      expect(BigInt(await balance('b2'))).toBe(BigInt(before.b2) - 999n);
      expect(BigInt(await balance('b1-resale'))).toBe(BigInt(before.seller) + 975n);
      expect(BigInt(await balance('shop-pay'))).toBe(BigInt(before.store) + 24n);
      expect(await alliance.event(sale.txId)).toMatchObject({
        name: 'RightTransferred',
        payload: { kind: 'RESALE', from: parties.buyer1, to: parties.buyer2, price: '999', royalty: '24' },
      });
      expect((await producer.evaluate('rights:ListOffers', { spaceId: 'b1-space' })).items).toEqual([]);
      await expectCode(buyer2.submit('rights:BuyResale', { tokenId: t.tokenId, accountId: 'b2' }), 'ILLEGAL_STATE');
    });

    it('cancels a listing; only the holder may', async () => {
      const classId = await register();
      const { token: t } = await buy(buyer1, classId, 'b1');
      await buyer1.submit('rights:ListForResale', { tokenId: t.tokenId, spaceId: 'b1-space', price: '20000' });
      await alliance.expectRefused(() => buyer2.submit('rights:CancelResale', { tokenId: t.tokenId }), 'FORBIDDEN');
      const cancelled = await buyer1.submit('rights:CancelResale', { tokenId: t.tokenId });
      expect(cancelled.status).toBe('HELD');
      expect(cancelled.listing).toBeUndefined();
      const offers = await producer.evaluate('rights:ListOffers', { spaceId: 'b1-space' });
      expect(pluck(offers.items, 'tokenId')).not.toContain(t.tokenId);
    });
  });

  describe('redemption', () => {
    it('locks the token, the store fulfils, the holder confirms: burned, never to move again', async () => {
      const classId = await register({ redeemable: ['DELIVERY'] });
      const { token: t } = await buy(buyer1, classId, 'b1');
      const tokenId = t.tokenId as string;
      await alliance.expectRefused(
        () => buyer1.submit('rights:RequestRedemption', { tokenId, method: 'PICKUP' }),
        'INVALID_ARGUMENT',
      );
      const noAddress = await expectCode(
        buyer1.submit('rights:RequestRedemption', { tokenId, method: 'DELIVERY' }),
        'INVALID_ARGUMENT',
      );
      expect(noAddress.details).toEqual({ field: 'input.addressHash' });
      const address = sha('1 West Lake Road, Hangzhou');
      const requested = await buyer1.run('rights:RequestRedemption', {
        tokenId,
        method: 'DELIVERY',
        addressHash: address,
      });
      expect(requested.result).toMatchObject({
        status: 'REDEEMING',
        redemption: { method: 'DELIVERY', addressHash: address },
      });
      // Locked: no gift, no listing while the store fulfils.
      await alliance.expectRefused(
        () => buyer1.submit('rights:TransferRight', { tokenId, to: parties.buyer2 }),
        'ILLEGAL_STATE',
        [() => token(tokenId)],
      );
      await alliance.expectRefused(
        () => buyer1.submit('rights:ListForResale', { tokenId, spaceId: 'b1-space', price: '1' }),
        'ILLEGAL_STATE',
      );
      await alliance.expectRefused(() => store2.submit('rights:FulfilRedemption', { tokenId }), 'FORBIDDEN');
      const missing = await expectCode(
        store.submit('rights:FulfilRedemption', { tokenId, carrier: 'SF Express' }),
        'INVALID_ARGUMENT',
      );
      expect(missing.details).toEqual({ field: 'input.trackingNo' });
      const fulfilled = await store.run('rights:FulfilRedemption', {
        tokenId,
        carrier: 'SF Express',
        trackingNo: 'SF123',
      });
      expect(fulfilled.result.redemption.fulfilment).toMatchObject({
        carrier: 'SF Express',
        trackingNo: 'SF123',
        confirmDeadline: new Date(alliance.now + 10 * DAY * 1000).toISOString(),
      });
      await alliance.expectRefused(() => buyer2.submit('rights:ConfirmRedemption', { tokenId }), 'FORBIDDEN');
      const balanceBefore = (await buyer1.evaluate('rights:BalanceOf', {})).balance as number;
      const burned = await buyer1.run('rights:ConfirmRedemption', { tokenId });
      expect(burned.result).toMatchObject({
        status: 'BURNED',
        owner: parties.buyer1,
        burn: { txId: burned.txId, by: parties.buyer1 },
      });
      expect(await alliance.event(burned.txId)).toMatchObject({
        name: 'RightBurned',
        payload: { from: parties.buyer1, method: 'DELIVERY', audience: { parties: [parties.buyer1, parties.store] } },
      });
      expect(await buyer1.evaluate('rights:OwnerOf', { tokenId })).toEqual({ tokenId, status: 'BURNED' });
      expect((await buyer1.evaluate('rights:BalanceOf', {})).balance).toBe(balanceBefore - 1);
      expect((await auditor.evaluate('rights:GetRightClass', { classId })).counts).toEqual({
        minted: 1,
        burned: 1,
        outstanding: 0,
        available: 2,
      });
      for (const attempt of [
        () => buyer1.submit('rights:TransferRight', { tokenId, to: parties.buyer2 }),
        () => buyer1.submit('rights:RequestRedemption', { tokenId, method: 'DELIVERY', addressHash: address }),
        () => buyer1.submit('rights:ListForResale', { tokenId, spaceId: 'b1-space', price: '1' }),
      ]) {
        await alliance.expectRefused(attempt, 'ILLEGAL_STATE', [() => token(tokenId)]);
      }
    });

    it('the store refuses with a reason and the token is unlocked; the holder may withdraw its request', async () => {
      const classId = await register({ redeemable: ['PICKUP'] });
      const { token: t } = await buy(buyer2, classId, 'b2');
      const tokenId = t.tokenId as string;
      await buyer2.submit('rights:RequestRedemption', { tokenId, method: 'PICKUP' });
      await alliance.expectRefused(
        () => buyer2.submit('rights:RefuseRedemption', { tokenId, reason: 'no' }),
        'FORBIDDEN',
      );
      const refused = await store.run('rights:RefuseRedemption', { tokenId, reason: 'out of stock until May' });
      expect(refused.result).toMatchObject({ status: 'HELD', lastRefusal: { reason: 'out of stock until May' } });
      expect(refused.result.redemption).toBeUndefined();
      expect((await alliance.event(refused.txId))?.payload).toMatchObject({ reason: 'out of stock until May' });
      await buyer2.submit('rights:RequestRedemption', { tokenId, method: 'PICKUP' });
      expect((await buyer2.submit('rights:WithdrawRedemption', { tokenId })).status).toBe('HELD');
      // A pick-up has nothing to ship.
      await buyer2.submit('rights:RequestRedemption', { tokenId, method: 'PICKUP' });
      await alliance.expectRefused(
        () => store.submit('rights:FulfilRedemption', { tokenId, carrier: 'SF', trackingNo: '1' }),
        'INVALID_ARGUMENT',
      );
      expect((await store.submit('rights:FulfilRedemption', { tokenId })).status).toBe('FULFILLED');
      // An oracle of the logistics feed may record the hand-over, with its proof, in the fulfilment's round.
      const proofHash = sha('pick-up receipt');
      const burned = await oracle.run('rights:ConfirmRedemption', { tokenId, proofHash });
      expect(burned.result.burn).toMatchObject({ by: parties.oracle, proofHash });
      const fulfilledAt = String(burned.result.redemption.fulfilment.fulfilledAt);
      const round = await auditor.evaluate('oracles:GetRound', {
        feedId: 'logistics',
        roundId: `redemption:${tokenId}:${fulfilledAt}`,
      });
      expect(round.reports).toEqual([expect.objectContaining({ oracle: parties.oracle, value: '3' })]);
      expect((await alliance.event(burned.txId))?.payload.audience.parties).toEqual([
        parties.buyer2,
        parties.store,
        parties.oracle,
      ]);
    });

    it('takes a delivery only from the logistics feed: an oracle the consortium removed burns nothing', async () => {
      const classId = await register({ redeemable: ['PICKUP'] });
      const { token: t } = await buy(buyer1, classId, 'b1');
      const tokenId = t.tokenId as string;
      await buyer1.submit('rights:RequestRedemption', { tokenId, method: 'PICKUP' });
      await store.submit('rights:FulfilRedemption', { tokenId });
      const meter = await alliance.client('EnergyMSP', 'meter1');
      await alliance.decide('REMOVE_ORACLE', { feedId: 'logistics', oracle: 'EnergyMSP:meter1', reason: 'test' });
      // A past place on the feed is not enough, nor a member of the feed's org without it (store2).
      for (const outsider of [meter, store2]) {
        await alliance.expectRefused(() => outsider.submit('rights:ConfirmRedemption', { tokenId }), 'FORBIDDEN', [
          () => token(tokenId),
        ]);
      }
      expect((await token(tokenId)).status).toBe('FULFILLED');
      expect((await oracle.submit('rights:ConfirmRedemption', { tokenId })).status).toBe('BURNED');
    });

    it('burns an unconfirmed fulfilment once the confirmation time passed (anyone; the keeper lists it)', async () => {
      const classId = await register({ redeemable: ['PICKUP'] });
      const { token: t } = await buy(buyer1, classId, 'b1');
      const tokenId = t.tokenId as string;
      await buyer1.submit('rights:RequestRedemption', { tokenId, method: 'PICKUP' });
      const fulfilled = await store.submit('rights:FulfilRedemption', { tokenId, confirmWithinSeconds: 3600 });
      const deadline = fulfilled.redemption.fulfilment.confirmDeadline as string;
      // Anyone may burn it once due, but only the token's readers learn why it is not due yet: the holder's
      // redemption and its deadline are not an outsider's (producer: no holder, store or auditor).
      const early = await alliance.expectRefused(
        () => producer.submit('rights:ExpireRedemption', { tokenId }),
        'ILLEGAL_STATE',
        [() => token(tokenId)],
      );
      expect(early.details).toEqual({ entity: 'token', tokenId });
      const body = await alliance.expectRefused(
        () => store.submit('rights:ExpireRedemption', { tokenId }),
        'ILLEGAL_STATE',
        [() => token(tokenId)],
      );
      expect(body.details).toMatchObject({ confirmDeadline: deadline });
      alliance.advance(3601);
      const due = await producer.evaluate('keeper:ListDue', {});
      expect(due.items).toContainEqual({
        kind: 'REDEMPTION_CONFIRMATION',
        ref: tokenId,
        dueAt: deadline,
        transaction: 'rights:ExpireRedemption',
        input: { tokenId },
      });
      // The answer tells an outsider that the token burned, not who held it nor its redemption.
      const expired = await producer.submit('rights:ExpireRedemption', { tokenId });
      expect(expired).toEqual({ tokenId, status: 'BURNED' });
      const burned = await token(tokenId);
      expect(burned).toMatchObject({ status: 'BURNED', owner: parties.buyer1 });
      expect(burned.burn.by).toBeUndefined();
      await expectCode(producer.submit('rights:ExpireRedemption', { tokenId }), 'ILLEGAL_STATE');
      expect(pluck((await producer.evaluate('keeper:ListDue', {})).items, 'ref')).not.toContain(tokenId);
    });
  });

  describe('who reads what', () => {
    it('a token: its holders, the store, auditors; a party’s tokens: the party and auditors', async () => {
      const classId = await register();
      const { token: t } = await buy(buyer1, classId, 'b1');
      for (const reader of [buyer1, store, auditor]) {
        expect((await reader.evaluate('rights:GetToken', { tokenId: t.tokenId })).owner).toBe(parties.buyer1);
      }
      for (const outsider of [buyer2, store2, producer, oracle]) {
        await expectCode(outsider.evaluate('rights:GetToken', { tokenId: t.tokenId }), 'FORBIDDEN');
      }
      await expectCode(buyer2.evaluate('rights:BalanceOf', { owner: parties.buyer1 }), 'FORBIDDEN');
      await expectCode(store.evaluate('rights:ListTokens', { owner: parties.buyer1 }), 'FORBIDDEN');
      expect((await auditor.evaluate('rights:ListTokens', { owner: parties.buyer1 })).items).toContainEqual(
        expect.objectContaining({ tokenId: t.tokenId }),
      );
      const queue = await store.evaluate('rights:ListClassTokens', { classId, status: 'HELD' });
      expect(pluck(queue.items, 'tokenId')).toEqual([t.tokenId]);
      await expectCode(buyer1.evaluate('rights:ListClassTokens', { classId }), 'FORBIDDEN');
    });
  });
});
