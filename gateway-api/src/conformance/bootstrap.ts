import { Alliance, MEMBERS, expectStatus, type Identity } from '../scenarios/alliance-bootstrap';
import type { ScenarioTarget } from '../test/scenario-target';

/** Organisation admins: not registry members, but parties to proposals and registrations. */
export const ADMIN_IDENTITIES: readonly Identity[] = ['EcommerceMSP:Admin', 'FinanceMSP:Admin', 'EnergyMSP:Admin'];

/** What a differential run needs of a bootstrapped ledger. */
export interface Bootstrapped {
  readonly alliance: Alliance;
  /** Party ids of every member and admin on this ledger. */
  readonly parties: ReadonlyMap<Identity, string>;
  /** Transactions of the bootstrap that answers may name, with their tokens. */
  readonly transactions: ReadonlyMap<string, string>;
}

/**
 * Brings a ledger to the state a differential run starts from, the same on a fresh devnet and on a
 * network that earlier runs used: the scenario members registered and active with exactly their roles
 * (an earlier run may have added some), meter1 on no credit list, and the run's currency (its code
 * carries the run id, shared by every target of the run).
 */
export async function bootstrapLedger(target: ScenarioTarget): Promise<Bootstrapped> {
  const alliance = await Alliance.open(target);
  try {
    const parties = new Map(alliance.parties());
    for (const admin of ADMIN_IDENTITIES) {
      const me = await expectStatus(alliance.as(admin).get('/me'), 200);
      parties.set(admin, (me.body as { caller: { party: string } }).caller.party);
    }
    for (const { identity, roles } of MEMBERS) {
      const admin = alliance.as(`${identity.slice(0, identity.indexOf(':'))}:Admin` as Identity);
      const path = `/members/${encodeURIComponent(alliance.party(identity))}`;
      const member = (await expectStatus(admin.get(path), 200)).body as { roles: string[] };
      if ([...member.roles].sort().join() !== [...roles].sort().join()) {
        await expectStatus(admin.post(`${path}/roles`, { roles, reason: 'conformance bootstrap' }), 200);
      }
    }
    await delist(alliance, 'EnergyMSP:meter1');
    return {
      alliance,
      parties,
      transactions: new Map([[alliance.currencyProposalId, '{{tx:bootstrap-currency}}']]),
    };
  } catch (err) {
    await alliance.close();
    throw err;
  }
}

/** Takes a party off the credit lists by consortium decision, when an earlier run left it on one. */
async function delist(alliance: Alliance, identity: Identity): Promise<void> {
  const party = alliance.party(identity);
  const report = await expectStatus(
    alliance.as('FinanceMSP:auditor1').get(`/credit-reports/${encodeURIComponent(party)}`),
    200,
  );
  if ((report.body as { listStatus: string }).listStatus === 'NONE') return;
  const finance = alliance.as('FinanceMSP:Admin');
  const created = await expectStatus(
    finance.post('/proposals', { kind: 'DELIST', payload: { party, reason: 'conformance bootstrap' } }),
    201,
  );
  const id = (created.body as { data: { proposalId: string } }).data.proposalId;
  await expectStatus(finance.post(`/proposals/${id}/approvals`), 200);
  await expectStatus(alliance.as('EcommerceMSP:Admin').post(`/proposals/${id}/approvals`), 200);
  await expectStatus(alliance.as('EnergyMSP:Admin').post(`/proposals/${id}/execution`), 200);
}
