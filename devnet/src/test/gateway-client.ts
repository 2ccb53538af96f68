import { createPrivateKey } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import {
  connect,
  signers,
  type ConnectOptions,
  type Gateway,
  type Identity,
  type Signer,
} from '@hyperledger/fabric-gateway';
import type { Devnet } from '../devnet';
import type { DevnetServer } from '../grpc/server';

/** A devnet user's identity and signer read from its MSP folder, as a fabric-gateway application loads cryptogen's. */
export async function gatewayIdentity(
  devnet: Devnet,
  mspId: string,
  user: string,
): Promise<{ identity: Identity; signer: Signer; privateKeyPem: string }> {
  const mspDir = devnet.organizations.find((o) => o.mspId === mspId)?.users.find((u) => u.name === user)?.mspDir;
  if (!mspDir) throw new Error(`no user ${user} in ${mspId}`);
  const first = async (dir: string): Promise<string> => {
    const [file] = (await readdir(dir)).sort();
    if (!file) throw new Error(`${dir} is empty`);
    return readFile(path.join(dir, file), 'utf8');
  };
  const certificatePem = await first(path.join(mspDir, 'signcerts'));
  const privateKeyPem = await first(path.join(mspDir, 'keystore'));
  return {
    identity: { mspId, credentials: Buffer.from(certificatePem) },
    signer: signers.newPrivateKeySigner(createPrivateKey(privateKeyPem)),
    privateKeyPem,
  };
}

/** A gRPC client to the devnet endpoint; over TLS when the server uses it, dialling `localhost` (the certificate's name). */
export function grpcClient(server: DevnetServer): grpc.Client {
  if (!server.tlsRootCertPem) return new grpc.Client(server.address, grpc.credentials.createInsecure());
  return new grpc.Client(`localhost:${server.port}`, grpc.credentials.createSsl(Buffer.from(server.tlsRootCertPem)));
}

/** A fabric-gateway connection to the devnet endpoint as `user` of `mspId`. */
export async function connectAs(
  client: grpc.Client,
  devnet: Devnet,
  mspId: string,
  user: string,
  options: Partial<ConnectOptions> = {},
): Promise<Gateway> {
  const { identity, signer } = await gatewayIdentity(devnet, mspId, user);
  return connect({ client, identity, signer, ...options });
}
