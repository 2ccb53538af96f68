import { DeployedChaincode } from '../ledger/deployed-chaincode';
import { Alliance } from '../scenarios/alliance-bootstrap';
import {
  CHAINCODE_V2_MODULE,
  describeFigures,
  upgradeUnderLoad,
  type UpgradeFigures,
} from '../scenarios/upgrade-under-load';
import { openScenarioTarget, targetOfEnvironment } from '../test/scenario-target';
import { networkSh } from './fabric-env';
import { openFabricLedger } from './fabric-ledger-client';

/**
 * The chaincode upgrade nobody notices, on the real network: `network.sh upgrade` takes our chaincode v1
 * to the v2 fixture (a settlement field, a new transaction) through every organisation's approval and the
 * commit, while REST clients keep paying and confirming through the gateway; `network.sh migrate` then
 * rewrites the settlements v1 left. The figures printed here are the ones docs/operations.md quotes.
 */
describe('Fabric: chaincode upgrade under load', () => {
  let alliance: Alliance;
  let figures: UpgradeFigures;
  let upgradeOutput = '';
  let rerunOutput = '';

  beforeAll(async () => {
    // The v2 fixture's settlements carry a field (`memo`) that this gateway's OpenAPI document does not
    // describe, so the answers are not held to the document (test-fabric.sh runs this file last).
    alliance = await Alliance.open(await openScenarioTarget({ ...targetOfEnvironment(), checkAnswers: false }));
    const { ledger, signer } = await openFabricLedger();
    try {
      figures = await upgradeUnderLoad(
        alliance,
        {
          run: async () => {
            upgradeOutput = await networkSh(['upgrade', '--version', '2.0'], { CHAINCODE_MODULE: CHAINCODE_V2_MODULE });
          },
          ledger,
          signer,
          deployed: new DeployedChaincode({ ledger }),
          migrate: async () => {
            const output = await networkSh(['migrate', 'settlement', '--page-size', '10']);
            const done = /(\d+) record\(s\) migrated in (\d+) transaction/.exec(output);
            if (!done) throw new Error(`network.sh migrate said:\n${output}`);
            return { upgraded: Number(done[1]), pages: Number(done[2]) };
          },
        },
        { workers: 3, settleMs: 2_000, pageSize: 20 },
      );
      // The same command again finds every step done.
      rerunOutput = await networkSh(['upgrade', '--version', '2.0'], { CHAINCODE_MODULE: CHAINCODE_V2_MODULE });
    } finally {
      await ledger.close();
    }
    console.info(`${describeFigures(figures)}\n--- network.sh upgrade ---\n${upgradeOutput}`);
  }, 300_000);
  afterAll(() => alliance.close());

  it('runs the consortium procedure step by step, and a second run skips every step done', () => {
    for (const step of [
      'step 1/7: build the chaincode module',
      'step 4/7: each organisation approves 2.0, sequence 2',
      'approved by ecommerce (sequence 2)',
      'approved by energy (sequence 2)',
      'committed alliance 2.0, sequence 2',
      'peer0.finance runs alliance 2.0, sequence 2',
      'retired chaincode server alliance-cc-1',
      'upgraded alliance to 2.0 (sequence 2)',
    ]) {
      expect(upgradeOutput).toContain(step);
    }
    expect(rerunOutput).toContain('alliance 2.0 is committed at sequence 2; finishing the upgrade');
    expect(rerunOutput).toContain('approved by finance already (sequence 2)');
    expect(rerunOutput).toContain('alliance 2.0, sequence 2 committed already');
    expect(rerunOutput).toContain('no earlier chaincode server is running');
  });

  it('reports the new definition in /readyz, and the new transaction was refused until it was deployed', () => {
    expect(figures.before).toEqual({ version: '1.0', sequence: '1' });
    expect(figures.after).toEqual({ version: '2.0', sequence: '2' });
    expect(figures.refusedBeforeUpgrade).toMatch(
      /version 1\.0, sequence 1\) has no transaction memo:SetSettlementMemo/,
    );
  });

  it('fails no client request that a retry did not bring to success', () => {
    expect(figures.load.completed).toBeGreaterThan(0);
    expect(figures.load.unrecovered).toBe(0);
  });

  it('reads the records v1 wrote in the new shape, keeps their history and events, and runs the new transaction', () => {
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
    expect(figures.memo.readBack).toBe('gift wrap, please');
  });

  it('migrates the settlements v1 left with network.sh migrate, and the money adds up', () => {
    expect(figures.migration.upgraded).toBeGreaterThan(0);
    expect(figures.migration.staleAfter).toBe(0);
    expect(figures.money.held).toBe(figures.money.outstanding);
  });
});
