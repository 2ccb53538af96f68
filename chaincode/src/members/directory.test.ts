import { Alliance, STANDARD_ROLES, expectCode, pluck, type Client } from '../test/alliance';
import { defaultHandle } from './handle.store';

describe('handles and the member directory', () => {
  let alliance: Alliance;
  let eAdmin: Client;
  let buyer: Client;
  let bank: Client;

  /** Every entry of a directory search, page by page. */
  const searchAll = async (who: Client, input: Record<string, unknown>): Promise<Record<string, unknown>[]> => {
    const items: Record<string, unknown>[] = [];
    let bookmark = '';
    do {
      const page = await who.evaluate('members:SearchDirectory', { ...input, bookmark });
      items.push(...(page.items as Record<string, unknown>[]));
      bookmark = page.bookmark;
    } while (bookmark !== '');
    return items;
  };

  beforeAll(async () => {
    alliance = await Alliance.open();
    // store2 is registered below with a handle of its admin's choosing.
    await alliance.registerMembers(STANDARD_ROLES.filter(([, user]) => user !== 'store2'));
    eAdmin = await alliance.client('EcommerceMSP', 'Admin');
    buyer = await alliance.client('EcommerceMSP', 'buyer1');
    bank = await alliance.client('FinanceMSP', 'bank1');
  });
  afterAll(() => alliance.close());

  it("derives a member's handle from its certificate's common name unless its admin chooses one", async () => {
    expect((await buyer.evaluate('members:WhoAmI', {})).member.handle).toBe('EcommerceMSP:buyer1');
    const store2 = await alliance.party('EcommerceMSP', 'store2');
    const taken = await alliance.expectRefused(
      () =>
        eAdmin.submit('members:RegisterMember', { member: store2, handle: 'store1', name: 'Two', roles: ['store'] }),
      'CONFLICT',
    );
    expect(taken.message).toBe('the handle EcommerceMSP:store1 is taken: choose another');
    for (const handle of ['Upper', 'x', '-dash', 'with space', 'a'.repeat(33)]) {
      await alliance.expectRefused(
        () => eAdmin.submit('members:RegisterMember', { member: store2, handle, name: 'Two', roles: ['store'] }),
        'INVALID_ARGUMENT',
      );
    }
    const reg = await eAdmin.submit('members:RegisterMember', {
      member: store2,
      handle: 'river-books',
      name: 'River Books',
      roles: ['store', 'warehouse'],
    });
    expect(reg).toMatchObject({ party: store2, handle: 'EcommerceMSP:river-books' });
    // The same handle may live in another org: handles are unique per organisation.
    expect((await bank.evaluate('members:WhoAmI', {})).member.handle).toBe('FinanceMSP:bank1');
  });

  it('makes a handle from the common name up to "@", lower-cased, or none when nothing valid is left', () => {
    const party = (cn: string): string => `EcommerceMSP::x509::/C=US/OU=client/CN=${cn}::/C=US/CN=ca.example.com`;
    expect(defaultHandle(party('Store1@ecommerce.example.com'))).toBe('store1');
    expect(defaultHandle(party('Zhang San'))).toBe('zhang-san');
    expect(defaultHandle(party('__x'))).toBeUndefined();
    expect(defaultHandle(party('a'.repeat(40)))).toBe('a'.repeat(32));
  });

  it('takes a handle wherever a member is named, and says NOT_FOUND for an unknown one', async () => {
    const byHandle = await eAdmin.evaluate('members:GetMember', { member: 'EcommerceMSP:store1' });
    expect(byHandle.party).toBe(await alliance.party('EcommerceMSP', 'store1'));
    const missing = await expectCode(
      eAdmin.evaluate('members:GetMember', { member: 'EcommerceMSP:ghost' }),
      'NOT_FOUND',
    );
    expect(missing.details).toEqual({ entity: 'member handle', id: 'EcommerceMSP:ghost' });
    await expectCode(eAdmin.evaluate('members:GetMember', { member: 'OtherMSP:store1' }), 'INVALID_ARGUMENT');
    const auditor = await alliance.client('FinanceMSP', 'auditor1');
    await alliance
      .client('EcommerceMSP', 'store1')
      .then((s) => s.submit('wallets:OpenAccount', { accountId: 'dir-s1' }));
    const accounts = await auditor.evaluate('wallets:ListAccounts', { owner: 'EcommerceMSP:store1' });
    expect(pluck(accounts.items, 'accountId')).toEqual(['dir-s1']);
  });

  it('lists discoverable members to every member, never buyers or consumers', async () => {
    const entries = await searchAll(buyer, { pageSize: 3 });
    expect(pluck(entries, 'handle')).toEqual([
      'EcommerceMSP:arbitrator1',
      'EcommerceMSP:oracle1',
      'EcommerceMSP:river-books',
      'EcommerceMSP:store1',
      'EnergyMSP:meter1',
      'EnergyMSP:producer1',
      'FinanceMSP:auditor1',
      'FinanceMSP:bank1',
      'FinanceMSP:bank2',
      'FinanceMSP:issuer1',
    ]);
    const river = entries.find((e) => e.handle === 'EcommerceMSP:river-books');
    expect(river).toEqual({
      handle: 'EcommerceMSP:river-books',
      party: await alliance.party('EcommerceMSP', 'store2'),
      mspId: 'EcommerceMSP',
      name: 'River Books',
      roles: ['store', 'warehouse'],
      status: 'ACTIVE',
      discoverable: true,
    });
    // By role, by organisation, by text in the handle or the name (letter case ignored).
    expect(pluck(await searchAll(bank, { role: 'store' }), 'handle')).toEqual([
      'EcommerceMSP:river-books',
      'EcommerceMSP:store1',
    ]);
    expect(pluck(await searchAll(bank, { role: 'bank', mspId: 'FinanceMSP' }), 'handle')).toEqual([
      'FinanceMSP:bank1',
      'FinanceMSP:bank2',
    ]);
    expect(pluck(await searchAll(bank, { mspId: 'EnergyMSP' }), 'handle')).toEqual([
      'EnergyMSP:meter1',
      'EnergyMSP:producer1',
    ]);
    expect(pluck(await searchAll(bank, { q: 'BOOKS' }), 'handle')).toEqual(['EcommerceMSP:river-books']);
    expect(await searchAll(bank, { role: 'buyer' })).toEqual([]);
    expect(await searchAll(bank, { q: 'buyer' })).toEqual([]);
  });

  it('finds a buyer only by the exact handle it shares, and then without its name or roles', async () => {
    const entry = await bank.evaluate('members:LookupParty', { party: 'EcommerceMSP:buyer1' });
    expect(entry).toEqual({
      handle: 'EcommerceMSP:buyer1',
      party: await alliance.party('EcommerceMSP', 'buyer1'),
      mspId: 'EcommerceMSP',
      roles: [],
      status: 'ACTIVE',
      discoverable: false,
    });
    expect(await bank.evaluate('members:LookupParty', { party: entry.party })).toEqual(entry);
    const store = await buyer.evaluate('members:LookupParty', { party: 'EcommerceMSP:store1' });
    expect(store).toMatchObject({ name: 'store1', roles: ['store'], discoverable: true });
    await expectCode(bank.evaluate('members:LookupParty', { party: 'EcommerceMSP:buyer' }), 'NOT_FOUND');
    // An org admin is an identity, not a member: the directory does not know it.
    const admin = await alliance.party('EnergyMSP', 'Admin');
    await expectCode(eAdmin.evaluate('members:LookupParty', { party: admin }), 'NOT_FOUND');
  });

  it('drops a suspended member from searches and lists it again once reinstated; a role change moves it', async () => {
    const inSearch = async (): Promise<unknown[]> => pluck(await searchAll(bank, { role: 'store' }), 'handle');
    await eAdmin.submit('members:SuspendMember', { member: 'EcommerceMSP:store1', reason: 'audit' });
    expect(await inSearch()).toEqual(['EcommerceMSP:river-books']);
    // Out of searches, but looked up it still shows the name and roles its discoverable role made public.
    expect(await bank.evaluate('members:LookupParty', { party: 'EcommerceMSP:store1' })).toMatchObject({
      status: 'SUSPENDED',
      discoverable: false,
      name: expect.any(String) as unknown,
      roles: ['store'],
    });
    await eAdmin.submit('members:ReinstateMember', { member: 'EcommerceMSP:store1', reason: 'cleared' });
    expect(await inSearch()).toEqual(['EcommerceMSP:river-books', 'EcommerceMSP:store1']);

    await eAdmin.submit('members:ChangeMemberRoles', {
      member: 'EcommerceMSP:river-books',
      roles: ['buyer'],
      reason: 'closed the shop',
    });
    expect(await inSearch()).toEqual(['EcommerceMSP:store1']);
    expect(pluck(await searchAll(bank, { q: 'river' }), 'handle')).toEqual([]);
    await eAdmin.submit('members:ChangeMemberRoles', {
      member: 'EcommerceMSP:river-books',
      roles: ['store', 'warehouse'],
      reason: 'reopened',
    });
    expect(pluck(await searchAll(bank, { role: 'warehouse' }), 'handle')).toEqual(['EcommerceMSP:river-books']);
  });

  it('names the handles of party ids, null for identities that are not members', async () => {
    const parties = [
      await alliance.party('EcommerceMSP', 'buyer1'),
      await alliance.party('EnergyMSP', 'Admin'),
      await alliance.party('FinanceMSP', 'bank2'),
    ];
    expect(await buyer.evaluate('members:HandlesOf', { parties })).toEqual({
      items: [
        { party: parties[0], handle: 'EcommerceMSP:buyer1' },
        { party: parties[1], handle: null },
        { party: parties[2], handle: 'FinanceMSP:bank2' },
      ],
    });
  });

  it('continues a text search by bookmark, a page of matches at a time, only inside its own range', async () => {
    const finance = await alliance.client('FinanceMSP', 'Admin');
    const first = await finance.evaluate('members:SearchDirectory', { q: 'bank', pageSize: 1 });
    expect(pluck(first.items, 'handle')).toEqual(['FinanceMSP:bank1']);
    const second = await finance.evaluate('members:SearchDirectory', {
      q: 'bank',
      pageSize: 1,
      bookmark: first.bookmark,
    });
    expect(pluck(second.items, 'handle')).toEqual(['FinanceMSP:bank2']);
    await expectCode(
      finance.evaluate('members:SearchDirectory', { role: 'store', bookmark: first.bookmark }),
      'INVALID_ARGUMENT',
    );
  });
});
