import { Alliance, expectCode, pluck } from '../test/alliance';

describe('member registry', () => {
  let alliance: Alliance;
  beforeAll(async () => {
    alliance = await Alliance.open();
  });
  afterAll(() => alliance.close());

  it('tells each identity who it is, with the NodeOU admin flag from its certificate', async () => {
    const admin = await (await alliance.client('FinanceMSP', 'Admin')).evaluate('members:WhoAmI', {});
    expect(admin).toMatchObject({ caller: { mspId: 'FinanceMSP', isOrgAdmin: true }, member: null });
    expect(admin.caller.party).toBe(`FinanceMSP::${admin.caller.id}`);
    const bank = await (await alliance.client('FinanceMSP', 'bank1')).evaluate('members:WhoAmI', {});
    expect(bank.caller).toMatchObject({ mspId: 'FinanceMSP', isOrgAdmin: false });
    expect(bank.caller.id).toMatch(/^x509::\/.*CN=bank1@finance\.example\.com::\/.*CN=ca\.finance\.example\.com$/);
  });

  it('lets an org admin register identities of its own org with roles its org may grant', async () => {
    const admin = await alliance.client('EcommerceMSP', 'Admin');
    const member = await alliance.party('EcommerceMSP', 'store1');
    const reg = await admin.run('members:RegisterMember', { member, name: 'Store One', roles: ['store', 'buyer'] });
    expect(reg.result).toMatchObject({
      party: member,
      handle: 'EcommerceMSP:store1',
      mspId: 'EcommerceMSP',
      name: 'Store One',
      roles: ['buyer', 'store'],
      status: 'ACTIVE',
      registeredBy: await alliance.party('EcommerceMSP', 'Admin'),
    });
    expect(await alliance.event(reg.txId)).toMatchObject({
      name: 'MemberRegistered',
      payload: { party: member, handle: 'EcommerceMSP:store1' },
    });
    const store = await alliance.client('EcommerceMSP', 'store1');
    expect((await store.evaluate('members:WhoAmI', {})).member).toEqual(reg.result);
    expect(await store.evaluate('members:GetMember', { member })).toEqual(reg.result);

    await alliance.expectRefused(
      () => admin.submit('members:RegisterMember', { member, name: 'again', roles: ['store'] }),
      'CONFLICT',
    );
  });

  it('refuses roles the org may not grant, and malformed inputs, before reading anything', async () => {
    const admin = await alliance.client('EcommerceMSP', 'Admin');
    const member = await alliance.party('EcommerceMSP', 'buyer1');
    for (const input of [
      { member, name: 'b', roles: ['issuer'] },
      { member, name: 'b', roles: [] },
      { member, name: 'b', roles: ['buyer', 'buyer'] },
      { member, name: 'b', roles: ['king'] },
      { member: 'nobody', name: 'b', roles: ['buyer'] },
      { member: member.replace('EcommerceMSP', 'OtherMSP'), name: 'b', roles: ['buyer'] },
      { member, name: 'b', roles: ['buyer'], admin: true },
    ]) {
      await alliance.expectRefused(() => admin.submit('members:RegisterMember', input), 'INVALID_ARGUMENT');
    }
  });

  it('refuses registrations by non-admins and by admins of another org', async () => {
    const member = await alliance.party('EcommerceMSP', 'buyer1');
    const input = { member, name: 'b', roles: ['buyer'] };
    for (const [msp, user] of [
      ['FinanceMSP', 'Admin'],
      ['EnergyMSP', 'Admin'],
      ['EcommerceMSP', 'store1'],
      ['EcommerceMSP', 'buyer1'],
    ] as const) {
      await alliance.expectRefused(
        async () => (await alliance.client(msp, user)).submit('members:RegisterMember', input),
        'FORBIDDEN',
      );
    }
  });

  it('suspends and reinstates: a suspended member holds no role', async () => {
    const admin = await alliance.client('EcommerceMSP', 'Admin');
    const member = await alliance.party('EcommerceMSP', 'store1');
    const store = await alliance.client('EcommerceMSP', 'store1');
    await store.submit('wallets:OpenAccount', { accountId: 'store1-a' });

    const s = await admin.run('members:SuspendMember', { member, reason: 'audit' });
    expect(s.result.status).toBe('SUSPENDED');
    expect(await alliance.event(s.txId)).toMatchObject({ name: 'MemberSuspended', payload: { reason: 'audit' } });
    await expectCode(store.submit('wallets:OpenAccount', { accountId: 'store1-b' }), 'FORBIDDEN');
    await alliance.expectRefused(
      async () =>
        (await alliance.client('FinanceMSP', 'Admin')).submit('members:ReinstateMember', { member, reason: 'x' }),
      'FORBIDDEN',
    );

    const r = await admin.run('members:ReinstateMember', { member, reason: 'cleared' });
    expect(r.result.status).toBe('ACTIVE');
    expect((await alliance.event(r.txId))?.name).toBe('MemberReinstated');
    await store.submit('wallets:OpenAccount', { accountId: 'store1-b' });
  });

  it('lists an org for its admin and for auditors, a page at a time', async () => {
    const eAdmin = await alliance.client('EcommerceMSP', 'Admin');
    const fAdmin = await alliance.client('FinanceMSP', 'Admin');
    for (const user of ['store2', 'buyer2', 'arbitrator1']) {
      await eAdmin.submit('members:RegisterMember', {
        member: await alliance.party('EcommerceMSP', user),
        name: user,
        roles: [user === 'arbitrator1' ? 'arbitrator' : user.replace(/\d$/, '')],
      });
    }
    await fAdmin.submit('members:RegisterMember', {
      member: await alliance.party('FinanceMSP', 'auditor1'),
      name: 'auditor',
      roles: ['auditor'],
    });

    const names: string[] = [];
    let bookmark = '';
    do {
      const page = await eAdmin.evaluate('members:ListMembers', { mspId: 'EcommerceMSP', pageSize: 2, bookmark });
      names.push(...pluck(page.items, 'name').map(String));
      bookmark = page.bookmark;
    } while (bookmark);
    expect(names.sort()).toEqual(['Store One', 'arbitrator1', 'buyer2', 'store2']);

    const auditor = await alliance.client('FinanceMSP', 'auditor1');
    expect((await auditor.evaluate('members:ListMembers', { mspId: 'EcommerceMSP', pageSize: 10 })).items).toHaveLength(
      4,
    );
    await expectCode(fAdmin.evaluate('members:ListMembers', { mspId: 'EcommerceMSP' }), 'FORBIDDEN');
    await expectCode(eAdmin.evaluate('members:ListMembers', { mspId: 'OtherMSP' }), 'INVALID_ARGUMENT');
  });

  it('answers an unknown transaction with NOT_FOUND', async () => {
    const admin = await alliance.client('EcommerceMSP', 'Admin');
    await expectCode(admin.evaluate('members:Nope', {}), 'NOT_FOUND');
  });
});
