import * as path from 'node:path';
import { Alliance, expectStatus } from '../scenarios/alliance-bootstrap';
import { networkSh } from './fabric-env';
import { openFabricLedger } from './fabric-ledger-client';

/** Chaincode upgrade through the Fabric lifecycle: v1 with data → v2 at sequence 2, data intact. */
describe('Fabric: chaincode upgrade', () => {
  let alliance: Alliance;
  beforeAll(async () => {
    alliance = await Alliance.open();
  }, 300_000);
  afterAll(() => alliance.close());

  it('upgrades to version 2 (sequence 2) with the data intact and a new transaction available', async () => {
    const account = await alliance.openAccount('EcommerceMSP:buyer1', 'upgrade', '4242');
    const before = await alliance.balance('EcommerceMSP:buyer1', account);
    const { ledger, signer } = await openFabricLedger();
    try {
      const caller = await signer('EcommerceMSP:buyer1');
      await expect(
        ledger.evaluate({ signer: caller, transaction: 'upgrade:Version', arguments: [] }),
      ).rejects.toThrow();

      const output = await networkSh(['upgrade', '--version', '2.0'], {
        CHAINCODE_MODULE: path.join(__dirname, 'fixtures', 'chaincode-v2'),
      });
      expect(output).toMatch(/committed alliance 2\.0, sequence 2/);

      expect(await alliance.balance('EcommerceMSP:buyer1', account)).toEqual(before);
      const version = await ledger.evaluate({ signer: caller, transaction: 'upgrade:Version', arguments: [] });
      expect(Buffer.from(version).toString()).toBe('2');
      // The old transactions still write after the upgrade.
      await expectStatus(
        alliance.as('EcommerceMSP:buyer1').post('/accounts', { accountId: alliance.uniqueId('after-upgrade') }),
        201,
      );
    } finally {
      await ledger.close();
    }
  }, 240_000);
});
