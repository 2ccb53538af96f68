import { Alliance } from '../scenarios/alliance-bootstrap';
import {
  CHAINCODE_V2_MODULE,
  describeFigures,
  upgradeUnderLoad,
  type UpgradeFigures,
} from '../scenarios/upgrade-under-load';
import { openScenarioTarget } from '../test/scenario-target';

/**
 * devnet's chaincode upgrade (DevnetHost.upgradeChaincode), the way a developer tries a new version and
 * its migration before proposing it to the consortium: our chaincode v1 → the v2 fixture while REST
 * clients keep paying and confirming. The real network runs the same scenario with `network.sh upgrade`
 * (fabric-suite/upgrade.fabric-test.ts).
 */
describe('devnet: chaincode upgrade under load', () => {
  let alliance: Alliance;
  let figures: UpgradeFigures;

  beforeAll(async () => {
    // The v2 fixture's settlements carry a field (`memo`) that this gateway's OpenAPI document does not
    // describe, so its answers are not held to the document.
    const target = await openScenarioTarget({ checkAnswers: false });
    alliance = await Alliance.open(target);
    const gateway = target.local?.gateway;
    const devnet = gateway?.devnet;
    if (!gateway || !devnet) throw new Error('the scenario target is not a gateway hosting devnet');
    figures = await upgradeUnderLoad(
      alliance,
      {
        run: async () => {
          await devnet.upgradeChaincode({ module: CHAINCODE_V2_MODULE, version: '2.0' });
        },
        ledger: gateway.ledger,
        signer: (identity) => gateway.identities.signer(identity),
        deployed: gateway.deployed,
      },
      { workers: 2, settleMs: 500, pageSize: 5 },
    );
    console.info(describeFigures(figures));
  }, 120_000);
  afterAll(() => alliance.close());

  it('reports the new definition in /readyz, and refused the new transaction until it was deployed', () => {
    expect(figures.before).toEqual({ version: '1.0', sequence: '1' });
    expect(figures.after).toEqual({ version: '2.0', sequence: '2' });
    expect(figures.refusedBeforeUpgrade).toMatch(
      /version 1\.0, sequence 1\) has no transaction memo:SetSettlementMemo/,
    );
  });

  it('fails no client request', () => {
    expect(figures.load.completed).toBeGreaterThan(0);
    expect(figures.load.unrecovered).toBe(0);
    expect(figures.load.errors).toEqual([]);
  });

  it('reads the records v1 wrote, in the new shape, and completes what v1 left', () => {
    expect(figures.oldRecords.map((r) => [r.statusBefore, r.statusAfter])).toEqual([
      ['COMPLETED', 'COMPLETED'],
      ['PAID', 'PAID'],
      ['PAID', 'PAID'],
    ]);
    expect(figures.completedAcross).toEqual([
      ['PAID', ''],
      ['COMPLETED', ''],
    ]);
    expect(figures.eventsOfV1Transaction).toEqual(['SettlementConfirmed']);
    expect(figures.memo).toEqual({
      set: expect.objectContaining({ memo: 'gift wrap, please' }) as unknown,
      readBack: 'gift wrap, please',
    });
  });

  it('migrates every other v1 settlement a page at a time, and the money adds up', () => {
    expect(figures.migration.upgraded).toBeGreaterThan(0);
    expect(figures.migration.staleAfter).toBe(0);
    expect(figures.money.held).toBe(figures.money.outstanding);
  });
});
