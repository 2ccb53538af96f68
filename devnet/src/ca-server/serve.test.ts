import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { writeOrganization } from '../msp';
import { serveDevnetCas } from './serve';

describe('serveDevnetCas', () => {
  it('serves one CA per devnet organisation found in the data directory', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'devnet-ca-serve-'));
    try {
      await expect(serveDevnetCas({ dataDir: dir, portBase: 0 })).rejects.toThrow(/run devnet init first/);
      for (const [mspId, domain] of [
        ['EcommerceMSP', 'ecommerce.example.com'],
        ['EnergyMSP', 'energy.example.com'],
      ] as const) {
        await writeOrganization(path.join(dir, 'organizations'), { mspId, domain, users: [] });
      }
      const servers = await serveDevnetCas({ dataDir: dir, portBase: 0, tls: false });
      try {
        expect(servers.map((s) => [s.caName, s.mspId])).toEqual([
          ['ca-ecommerce', 'EcommerceMSP'],
          ['ca-energy', 'EnergyMSP'],
        ]);
        const infos = await Promise.all(servers.map(async (s) => (await fetch(`${s.url}/cainfo`)).json()));
        expect(infos.map((i) => (i as { result: { CAName: string } }).result.CAName)).toEqual([
          'ca-ecommerce',
          'ca-energy',
        ]);
      } finally {
        await Promise.all(servers.map((s) => s.close()));
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
