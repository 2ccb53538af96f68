/**
 * The golden contract metadata: the wire API (contracts, transaction names, submit or evaluate,
 * parameters, return types) changes only on purpose. After an intended change, regenerate with
 * `UPDATE_GOLDEN=1 npx jest chaincode/src/metadata` and review the diff of contract-metadata.golden.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { TRANSACTIONS } from '@allianceledger/contract';
import { Alliance } from './test/alliance';
import { contractMetadata } from './test/metadata';

const GOLDEN = path.join(__dirname, 'contract-metadata.golden.json');

describe('contract metadata', () => {
  it('matches the golden file', () => {
    const actual = JSON.stringify(contractMetadata(), null, 2) + '\n';
    if (process.env.UPDATE_GOLDEN === '1') writeFileSync(GOLDEN, actual);
    expect(JSON.parse(actual)).toEqual(JSON.parse(readFileSync(GOLDEN, 'utf8')));
  });

  it('names every transaction in PascalCase inside a namespaced contract, each taking one JSON string', () => {
    const { contracts } = contractMetadata();
    expect(Object.keys(contracts).sort()).toEqual([
      'consortium',
      'credit',
      'energy',
      'evidence',
      'finance',
      'fx',
      'keeper',
      'members',
      'oracles',
      'org.hyperledger.fabric',
      'rights',
      'schema',
      'settlements',
      'wallets',
    ]);
    for (const [name, contract] of Object.entries(contracts)) {
      if (name === 'org.hyperledger.fabric') continue;
      for (const tx of contract.transactions as unknown as {
        name: string;
        parameters: { name: string; schema: unknown }[];
        returns: unknown;
      }[]) {
        expect(tx.name).toMatch(/^[A-Z][A-Za-z]+$/);
        expect(tx.parameters).toEqual([{ name: 'input', description: '', schema: { type: 'string' } }]);
        expect(tx.returns).toEqual({ type: 'string' });
      }
    }
  });

  it("lists exactly the contract package's transaction catalogue, submit and evaluate alike", () => {
    const served = Object.entries(contractMetadata().contracts)
      .filter(([name]) => name !== 'org.hyperledger.fabric')
      .flatMap(([contract, spec]) =>
        (spec.transactions as unknown as { name: string; tag: string[] }[]).map(
          (t) => [`${contract}:${t.name}`, t.tag.includes('SUBMIT') ? 'submit' : 'evaluate'] as const,
        ),
      )
      .sort(([a], [b]) => a.localeCompare(b));
    const catalogue = Object.entries(TRANSACTIONS)
      .map(([name, spec]) => [name, spec.kind] as const)
      .sort(([a], [b]) => a.localeCompare(b));
    expect(served).toEqual(catalogue);
  });

  it('is what org.hyperledger.fabric:GetMetadata serves on a ledger', async () => {
    const alliance = await Alliance.open();
    try {
      const contract = alliance.devnet
        .connect(await alliance.devnet.identity('EnergyMSP', 'consumer1'))
        .getContract('alliance');
      const served = JSON.parse(
        Buffer.from(await contract.evaluate('org.hyperledger.fabric:GetMetadata')).toString('utf8'),
      ) as { contracts: Record<string, unknown> };
      expect(served.contracts).toEqual(JSON.parse(JSON.stringify(contractMetadata().contracts)));
    } finally {
      await alliance.close();
    }
  });
});
