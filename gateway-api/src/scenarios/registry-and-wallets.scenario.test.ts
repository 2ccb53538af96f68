import { Alliance, expectProblem, expectStatus, ISSUER, listAll, MEMBERS } from './alliance-bootstrap';

/** DOMAIN.md §1–2 over REST: the member registry, consortium decisions, currencies, accounts, redemptions. */
describe('registry and wallet scenarios', () => {
  let alliance: Alliance;
  beforeAll(async () => {
    alliance = await Alliance.open();
  }, 120_000);
  afterAll(() => alliance.close());

  it('members: who am I, reading and listing members, suspension and reinstatement', async () => {
    const buyerParty = alliance.party('EcommerceMSP:buyer1');
    const me = await expectStatus(alliance.as('EcommerceMSP:buyer1').get('/me'), 200);
    expect(me.body).toMatchObject({
      caller: { party: buyerParty, mspId: 'EcommerceMSP', isOrgAdmin: false },
      // Roles as registered (a persistent network may have granted more in an earlier run).
      member: { party: buyerParty, roles: expect.arrayContaining(['buyer']), status: 'ACTIVE' },
    });
    const admin = await expectStatus(alliance.as('FinanceMSP:Admin').get('/me'), 200);
    expect(admin.body).toMatchObject({ caller: { mspId: 'FinanceMSP', isOrgAdmin: true }, member: null });

    // Party ids hold "/" and spaces: percent-encoded in the path.
    const path = `/members/${encodeURIComponent(buyerParty)}`;
    for (const reader of ['EcommerceMSP:buyer1', 'EcommerceMSP:Admin', 'FinanceMSP:auditor1'] as const) {
      const member = await expectStatus(alliance.as(reader).get(path), 200);
      expect(member.body).toMatchObject({
        party: buyerParty,
        mspId: 'EcommerceMSP',
        roles: expect.arrayContaining(['buyer']),
      });
    }
    await expectProblem(alliance.as('FinanceMSP:bank1').get(path), 403, 'FORBIDDEN');
    await expectProblem(alliance.as('EcommerceMSP:buyer1').get('/members/not-a-party'), 400, 'VALIDATION_FAILED');

    const ecommerce = await listAll<{ party: string }>(alliance.as('EcommerceMSP:Admin'), '/members', {
      mspId: 'EcommerceMSP',
    });
    const expected = MEMBERS.filter((m) => m.identity.startsWith('EcommerceMSP:')).map((m) =>
      alliance.party(m.identity),
    );
    expect(ecommerce.map((m) => m.party)).toEqual(expect.arrayContaining(expected));
    await expectProblem(
      alliance.as('EcommerceMSP:buyer1').get('/members', { mspId: 'EcommerceMSP' }),
      403,
      'FORBIDDEN',
    );

    // An org grants only its own roles, and registers only its own identities.
    const producer = alliance.party('EnergyMSP:producer1');
    await expectProblem(
      alliance.as('EnergyMSP:Admin').post('/members', { member: producer, name: 'producer', roles: ['issuer'] }),
      400,
      'INVALID_ARGUMENT',
    );
    await expectProblem(
      alliance.as('EcommerceMSP:Admin').post('/members', { member: producer, name: 'p', roles: ['energy_producer'] }),
      403,
      'FORBIDDEN',
    );

    // A suspended member holds no role: it cannot even open an account until reinstated.
    const meter = alliance.party('EnergyMSP:meter1');
    const meterPath = `/members/${encodeURIComponent(meter)}`;
    const energyAdmin = alliance.as('EnergyMSP:Admin');
    await expectProblem(
      alliance.as('EcommerceMSP:Admin').post(`${meterPath}/suspension`, { reason: 'not ours' }),
      403,
      'FORBIDDEN',
    );
    const suspended = await expectStatus(
      energyAdmin.post(`${meterPath}/suspension`, { reason: 'meter replaced' }),
      200,
    );
    expect(suspended.body.data).toMatchObject({ party: meter, status: 'SUSPENDED' });
    await expectProblem(energyAdmin.post(`${meterPath}/suspension`, { reason: 'again' }), 409, 'ILLEGAL_STATE');
    await expectProblem(
      alliance.as('EnergyMSP:meter1').post('/accounts', { accountId: alliance.uniqueId('meter') }),
      403,
      'FORBIDDEN',
    );
    const reinstated = await expectStatus(energyAdmin.post(`${meterPath}/reinstatement`, { reason: 'new meter' }), 200);
    expect(reinstated.body.data).toMatchObject({
      party: meter,
      status: 'ACTIVE',
      roles: expect.arrayContaining(['oracle']),
    });
    await expectStatus(
      alliance.as('EnergyMSP:meter1').post('/accounts', { accountId: alliance.uniqueId('meter') }),
      201,
    );
  });

  it('consortium: a proposal needs a majority of orgs, one approval each, and the proposer may withdraw it', async () => {
    const code = `W${alliance.target.runId}`.slice(0, 16);
    const finance = alliance.as('FinanceMSP:Admin');
    const payload = { code, name: 'Withdrawn currency', decimals: 2, issuer: alliance.party(ISSUER) };
    await expectProblem(
      alliance.as('EcommerceMSP:store1').post('/proposals', { kind: 'REGISTER_CURRENCY', payload }),
      403,
      'FORBIDDEN',
    );
    const bad = await expectProblem(
      finance.post('/proposals', { kind: 'REGISTER_CURRENCY', payload: { ...payload, decimals: 19 } }),
      400,
      'VALIDATION_FAILED',
    );
    expect(bad.errors).toEqual([{ path: 'body.payload.decimals', message: expect.any(String) }]);

    const created = await expectStatus(finance.post('/proposals', { kind: 'REGISTER_CURRENCY', payload }), 201);
    const proposalId = created.body.data.proposalId as string;
    expect(created.headers.location).toBe(`/api/v1/proposals/${proposalId}`);
    expect(created.body.data).toMatchObject({
      kind: 'REGISTER_CURRENCY',
      payload,
      status: 'OPEN',
      approvals: [],
      required: 2,
    });

    const tooEarly = await expectProblem(
      alliance.as('EnergyMSP:Admin').post(`/proposals/${proposalId}/execution`),
      409,
      'ILLEGAL_STATE',
    );
    expect(tooEarly.details).toMatchObject({ approvals: 0, required: 2 });
    await expectStatus(finance.post(`/proposals/${proposalId}/approvals`), 200);
    await expectProblem(finance.post(`/proposals/${proposalId}/approvals`), 409, 'CONFLICT');

    const read = await expectStatus(alliance.as('EcommerceMSP:buyer1').get(`/proposals/${proposalId}`), 200);
    expect(read.body).toMatchObject({ proposalId, status: 'OPEN', approvals: [{ mspId: 'FinanceMSP' }] });
    const open = await listAll<{ proposalId: string }>(alliance.as('EcommerceMSP:buyer1'), '/proposals', {
      status: 'OPEN',
    });
    expect(open.map((p) => p.proposalId)).toContain(proposalId);

    await expectProblem(
      alliance.as('EcommerceMSP:Admin').post(`/proposals/${proposalId}/withdrawal`, { reason: 'not ours to withdraw' }),
      403,
      'FORBIDDEN',
    );
    const withdrawn = await expectStatus(
      finance.post(`/proposals/${proposalId}/withdrawal`, { reason: 'superseded' }),
      200,
    );
    expect(withdrawn.body.data).toMatchObject({ proposalId, status: 'WITHDRAWN' });
    await expectProblem(
      alliance.as('EcommerceMSP:Admin').post(`/proposals/${proposalId}/approvals`),
      409,
      'ILLEGAL_STATE',
    );
    await expectProblem(alliance.as('EcommerceMSP:buyer1').get(`/currencies/${code}`), 404, 'NOT_FOUND');
    await expectProblem(alliance.as('EcommerceMSP:buyer1').get(`/proposals/${'f'.repeat(64)}`), 404, 'NOT_FOUND');
  });

  it('wallets: accounts, issuance, transfers, compaction, redemptions; the supply adds up', async () => {
    const buyer = alliance.as('EcommerceMSP:buyer1');
    const store = alliance.as('EcommerceMSP:store1');
    const issuer = alliance.as(ISSUER);
    const currency = alliance.currency;

    const accountId = alliance.uniqueId('wallet');
    const opened = await expectStatus(buyer.post('/accounts', { accountId }), 201);
    expect(opened.headers.location).toBe(`/api/v1/accounts/${accountId}`);
    expect(opened.body.data).toMatchObject({ accountId, owner: alliance.party('EcommerceMSP:buyer1') });

    await expectProblem(
      alliance.as('FinanceMSP:bank1').post('/issuances', { currency, accountId, amount: '1' }),
      403,
      'FORBIDDEN',
    );
    const issued = await expectStatus(
      issuer.post('/issuances', { currency, accountId, amount: '10000', reference: 'deposit 42' }),
      201,
    );
    expect(issued.headers.location).toBe(`/api/v1/transactions/${issued.body.transactionId}`);
    expect(issued.body.data).toEqual({
      txId: issued.body.transactionId,
      currency,
      amount: '10000',
      toAccountId: accountId,
    });

    const account = await expectStatus(buyer.get(`/accounts/${accountId}`), 200);
    expect(account.body).toMatchObject({
      accountId,
      balances: [{ accountId, currency, available: '10000', frozen: '0', pendingCredits: 1 }],
    });
    await expectStatus(alliance.as('FinanceMSP:auditor1').get(`/accounts/${accountId}`), 200);
    await expectProblem(alliance.as('EcommerceMSP:buyer2').get(`/accounts/${accountId}`), 403, 'FORBIDDEN');
    const own = await listAll<{ accountId: string }>(buyer, '/accounts');
    expect(own.map((a) => a.accountId)).toContain(accountId);
    const audited = await listAll<{ accountId: string }>(alliance.as('FinanceMSP:auditor1'), '/accounts', {
      owner: alliance.party('EcommerceMSP:buyer1'),
    });
    expect(audited.map((a) => a.accountId)).toContain(accountId);

    // Transfers debit the full balance and credit delta rows, which the owner may compact.
    const storeAccount = await alliance.openAccount('EcommerceMSP:store1', 'shop');
    const transfer = { fromAccountId: accountId, toAccountId: storeAccount, currency };
    const first = await expectStatus(buyer.post('/transfers', { ...transfer, amount: '2500', memo: 'invoice 7' }), 201);
    expect(first.body.data).toEqual({
      txId: first.body.transactionId,
      currency,
      amount: '2500',
      fromAccountId: accountId,
      toAccountId: storeAccount,
      from: { accountId, currency, available: '7500', frozen: '0', pendingCredits: 0 },
    });
    await expectStatus(buyer.post('/transfers', { ...transfer, amount: '500' }), 201);
    const pending = await expectStatus(store.get(`/accounts/${storeAccount}/balances/${currency}`), 200);
    expect(pending.body).toEqual({
      accountId: storeAccount,
      currency,
      available: '3000',
      frozen: '0',
      pendingCredits: 2,
    });
    await expectProblem(buyer.post(`/accounts/${storeAccount}/compaction`, { currency }), 403, 'FORBIDDEN');
    const compacted = await expectStatus(store.post(`/accounts/${storeAccount}/compaction`, { currency }), 200);
    expect(compacted.body.data).toEqual({
      accountId: storeAccount,
      currency,
      available: '3000',
      frozen: '0',
      pendingCredits: 0,
      folded: 2,
    });

    // Redemptions freeze the amount until the issuer executes (burns) or rejects, or the owner cancels.
    const requested = await expectStatus(buyer.post('/redemptions', { accountId, currency, amount: '1500' }), 201);
    const redemptionId = requested.body.data.redemptionId as string;
    expect(requested.headers.location).toBe(`/api/v1/redemptions/${redemptionId}`);
    expect(requested.body.data).toMatchObject({ redemptionId, accountId, amount: '1500', status: 'REQUESTED' });
    expect(await alliance.balance('EcommerceMSP:buyer1', accountId)).toEqual({ available: '5500', frozen: '1500' });
    await expectStatus(issuer.get(`/redemptions/${redemptionId}`), 200);
    await expectProblem(alliance.as('EcommerceMSP:buyer2').get(`/redemptions/${redemptionId}`), 403, 'FORBIDDEN');
    const work = await listAll<{ redemptionId: string }>(issuer, '/redemptions', { currency, status: 'REQUESTED' });
    expect(work.map((r) => r.redemptionId)).toEqual([redemptionId]);
    await expectProblem(buyer.get('/redemptions', { currency, status: 'REQUESTED' }), 403, 'FORBIDDEN');
    const executed = await expectStatus(issuer.post(`/redemptions/${redemptionId}/execution`), 200);
    expect(executed.body.data).toMatchObject({ redemptionId, status: 'EXECUTED' });

    const rejectedId = (await expectStatus(buyer.post('/redemptions', { accountId, currency, amount: '1000' }), 201))
      .body.data.redemptionId as string;
    const rejected = await expectStatus(
      issuer.post(`/redemptions/${rejectedId}/rejection`, { reason: 'KYC pending' }),
      200,
    );
    expect(rejected.body.data).toMatchObject({ status: 'REJECTED', reason: 'KYC pending' });
    const cancelledId = (await expectStatus(buyer.post('/redemptions', { accountId, currency, amount: '700' }), 201))
      .body.data.redemptionId as string;
    await expectProblem(issuer.post(`/redemptions/${cancelledId}/cancellation`), 403, 'FORBIDDEN');
    const cancelled = await expectStatus(buyer.post(`/redemptions/${cancelledId}/cancellation`), 200);
    expect(cancelled.body.data).toMatchObject({ status: 'CANCELLED' });
    await expectProblem(buyer.post(`/redemptions/${cancelledId}/cancellation`), 409, 'ILLEGAL_STATE');
    await expectProblem(buyer.post('/redemptions', { accountId, currency, amount: '5501' }), 422, 'INSUFFICIENT_FUNDS');
    expect(await alliance.balance('EcommerceMSP:buyer1', accountId)).toEqual({ available: '5500', frozen: '0' });

    // This run's currency: issued − redeemed is what its accounts hold (10000 − 1500 = 5500 + 3000).
    const supply = await expectStatus(store.get(`/currencies/${currency}`), 200);
    expect(supply.body).toMatchObject({
      code: currency,
      issuer: alliance.party(ISSUER),
      decimals: 2,
      issued: '10000',
      redeemed: '1500',
      outstanding: '8500',
    });
    const currencies = await listAll<{ code: string }>(alliance.as('EnergyMSP:Admin'), '/currencies');
    expect(currencies.map((c) => c.code)).toContain(currency);
  });
});
