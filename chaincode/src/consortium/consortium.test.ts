import { Alliance, Client, expectCode, pluck } from '../test/alliance';

describe('consortium decisions', () => {
  let alliance: Alliance;
  let ecommerce: Client;
  let finance: Client;
  let energy: Client;
  let issuerParty: string;

  const payload = (code: string, issuer = issuerParty) => ({ code, name: `${code} coin`, decimals: 2, issuer });

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers([
      ['FinanceMSP', 'issuer1', ['issuer']],
      ['FinanceMSP', 'bank1', ['bank']],
      ['EcommerceMSP', 'buyer1', ['buyer']],
    ]);
    [ecommerce, finance, energy] = await Promise.all([
      alliance.client('EcommerceMSP', 'Admin'),
      alliance.client('FinanceMSP', 'Admin'),
      alliance.client('EnergyMSP', 'Admin'),
    ]);
    issuerParty = await alliance.party('FinanceMSP', 'issuer1');
  });
  afterAll(() => alliance.close());

  it('registers a currency once a majority of orgs approved, then executes', async () => {
    const created = await finance.run('consortium:CreateProposal', {
      kind: 'REGISTER_CURRENCY',
      payload: payload('CNY'),
    });
    const id = created.result.proposalId;
    expect(created.result).toMatchObject({ status: 'OPEN', approvals: [], required: 2, proposerMsp: 'FinanceMSP' });
    expect((await alliance.event(created.txId))?.name).toBe('ProposalCreated');

    const a1 = await finance.run('consortium:ApproveProposal', { proposalId: id });
    expect(pluck(a1.result.approvals, 'mspId')).toEqual(['FinanceMSP']);
    expect((await alliance.event(a1.txId))?.name).toBe('ProposalApproved');
    await alliance.expectRefused(() => finance.submit('consortium:ApproveProposal', { proposalId: id }), 'CONFLICT');
    const body = await alliance.expectRefused(
      () => energy.submit('consortium:ExecuteProposal', { proposalId: id }),
      'ILLEGAL_STATE',
    );
    expect(body.details).toMatchObject({ approvals: 1, required: 2 });

    await energy.submit('consortium:ApproveProposal', { proposalId: id });
    const executed = await ecommerce.run('consortium:ExecuteProposal', { proposalId: id });
    expect(executed.result).toMatchObject({
      status: 'EXECUTED',
      result: { code: 'CNY', issuer: issuerParty, proposalId: id },
    });
    expect((await alliance.event(executed.txId))?.name).toBe('ProposalExecuted');

    const buyer = await alliance.client('EcommerceMSP', 'buyer1');
    expect(await buyer.evaluate('wallets:GetCurrency', { code: 'CNY' })).toMatchObject({
      code: 'CNY',
      decimals: 2,
      issuer: issuerParty,
      issued: '0',
      redeemed: '0',
      outstanding: '0',
    });
    await alliance.expectRefused(
      () => ecommerce.submit('consortium:ExecuteProposal', { proposalId: id }),
      'ILLEGAL_STATE',
    );
    await alliance.expectRefused(
      () => finance.submit('consortium:CreateProposal', { kind: 'REGISTER_CURRENCY', payload: payload('CNY') }),
      'CONFLICT',
    );
  });

  it('lets the proposing org withdraw an open proposal, and nobody else', async () => {
    const { proposalId } = await ecommerce.submit('consortium:CreateProposal', {
      kind: 'REGISTER_CURRENCY',
      payload: payload('USD'),
      description: 'dollars',
    });
    await alliance.expectRefused(
      () => finance.submit('consortium:WithdrawProposal', { proposalId, reason: 'no' }),
      'FORBIDDEN',
    );
    const w = await ecommerce.run('consortium:WithdrawProposal', { proposalId, reason: 'duplicate' });
    expect(w.result.status).toBe('WITHDRAWN');
    expect(await alliance.event(w.txId)).toMatchObject({ name: 'ProposalWithdrawn', payload: { reason: 'duplicate' } });
    await alliance.expectRefused(() => finance.submit('consortium:ApproveProposal', { proposalId }), 'ILLEGAL_STATE');
    const listed = await energy.evaluate('consortium:ListProposals', { status: 'WITHDRAWN' });
    expect(pluck(listed.items, 'proposalId')).toEqual([proposalId]);
  });

  it('refuses proposals from non-admins, malformed payloads and issuers without the role', async () => {
    const bank = await alliance.client('FinanceMSP', 'bank1');
    await alliance.expectRefused(
      () => bank.submit('consortium:CreateProposal', { kind: 'REGISTER_CURRENCY', payload: payload('EUR') }),
      'FORBIDDEN',
    );
    for (const bad of [
      { kind: 'REGISTER_CURRENCY', payload: { ...payload('EUR'), decimals: 19 } },
      { kind: 'REGISTER_CURRENCY', payload: { ...payload('EUR'), extra: 1 } },
      { kind: 'REGISTER_CURRENCY', payload: payload('E') },
      { kind: 'BLACKLIST', payload: {} },
      { kind: 'REGISTER_CURRENCY' },
    ]) {
      await alliance.expectRefused(() => finance.submit('consortium:CreateProposal', bad), 'INVALID_ARGUMENT');
    }
    const bank1 = await alliance.party('FinanceMSP', 'bank1');
    const bank2 = await alliance.party('FinanceMSP', 'bank2');
    await alliance.expectRefused(
      () => finance.submit('consortium:CreateProposal', { kind: 'REGISTER_CURRENCY', payload: payload('EUR', bank1) }),
      'ILLEGAL_STATE',
    );
    await alliance.expectRefused(
      () => finance.submit('consortium:CreateProposal', { kind: 'REGISTER_CURRENCY', payload: payload('EUR', bank2) }),
      'NOT_FOUND',
    );
    await expectCode(energy.evaluate('consortium:GetProposal', { proposalId: 'nope' }), 'NOT_FOUND');
  });
});
