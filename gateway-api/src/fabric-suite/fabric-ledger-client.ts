import { loadSigningIdentity } from '@allianceledger/fabric-protocol';
import * as path from 'node:path';
import { newFabricConnection } from '../ledger/fabric-connection';
import { FabricLedger } from '../ledger/fabric-ledger';
import { readFabricNetworkFile } from '../ledger/fabric-network-file';
import type { SigningIdentity } from '../ledger/ledger-port';
import { fabricRunDir } from './fabric-env';

/** The gateway's own Fabric adapter, opened on the test network, for calls REST does not offer. */
export async function openFabricLedger(): Promise<{
  ledger: FabricLedger;
  signer: (identity: string) => Promise<SigningIdentity>;
}> {
  const network = await readFabricNetworkFile(path.join(fabricRunDir(), 'gateway-connection.json'));
  const find = (name: string): { mspDir: string; mspId: string } => {
    const i = network.identities.find((x) => x.name === name);
    if (!i) throw new Error(`no identity ${name}`);
    return i;
  };
  const reader = find(network.reader);
  const ledger = new FabricLedger({
    connection: newFabricConnection({
      channelName: network.channelName,
      chaincodeName: network.chaincodeName,
      peers: network.peers,
    }),
    identity: await loadSigningIdentity(reader.mspDir, reader.mspId),
  });
  return {
    ledger,
    signer: (name) => {
      const i = find(name);
      return loadSigningIdentity(i.mspDir, i.mspId);
    },
  };
}
