import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { Devnet, type DevnetOptions } from '../devnet';
import type { DevnetContract } from '../client';
import { KvContract } from './kv.contract';

export const CHAINCODE = 'kvcc';

export const COLLECTIONS = [
  {
    name: 'ecommerceFinance',
    policy: "OR('EcommerceMSP.member', 'FinanceMSP.member')",
    requiredPeerCount: 0,
    maxPeerCount: 3,
    blockToLive: 0,
    memberOnlyRead: true,
    memberOnlyWrite: true,
  },
];

/** A devnet on a fresh temporary directory running the test contract. */
export async function openTestDevnet(
  overrides: Partial<DevnetOptions> = {},
): Promise<{ devnet: Devnet; dir: string; cleanup: () => Promise<void> }> {
  const dir = overrides.dataDir ?? (await mkdtemp(path.join(tmpdir(), 'devnet-test-')));
  const devnet = await Devnet.open({
    dataDir: dir,
    chaincodes: [
      { definition: { name: CHAINCODE, version: '1.0', contracts: [KvContract] }, collections: COLLECTIONS },
    ],
    batch: { maxMessageCount: 50, batchTimeoutMs: 10 },
    chaincodeLogLevel: 'CRITICAL',
    ...overrides,
  });
  return {
    devnet,
    dir,
    cleanup: async () => {
      await devnet.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export async function contractAs(devnet: Devnet, mspId: string, user: string): Promise<DevnetContract> {
  return devnet.connect(await devnet.identity(mspId, user)).getContract(CHAINCODE);
}

export const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
