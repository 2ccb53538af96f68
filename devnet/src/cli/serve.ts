/**
 * `devnet serve`: opens a devnet and serves it as a Fabric peer on a gRPC endpoint until interrupted,
 * printing what a client needs: the endpoint, the channel, where the identities and the TLS root are.
 */
import * as path from 'node:path';
import { Devnet, type DeployedChaincode } from '../devnet';
import { startDevnetServer } from '../grpc/server';

export interface ServeOptions {
  readonly dataDir: string;
  readonly host: string;
  readonly port: number;
  readonly tls: boolean;
  readonly chaincodes: readonly DeployedChaincode[];
}

/** Serves until SIGINT or SIGTERM, then closes the endpoint and the ledger. */
export async function serve(options: ServeOptions): Promise<number> {
  const devnet = await Devnet.open({ dataDir: options.dataDir, chaincodes: options.chaincodes });
  let server;
  try {
    server = await startDevnetServer({ devnet, host: options.host, port: options.port, tls: options.tls });
  } catch (err) {
    await devnet.close();
    throw err;
  }
  const orgRoot = path.join(devnet.dataDir, 'organizations', 'peerOrganizations');
  const chaincodes = options.chaincodes.map((c) => c.definition.name);
  const lines = [
    `devnet serving channel ${devnet.channelName} at ${server.address} (${server.tlsRootCertPem ? 'TLS' : 'plain gRPC'})`,
    `  data directory  ${devnet.dataDir}`,
    `  height          ${devnet.chainInfo().height}`,
    `  chaincodes      ${[...chaincodes, 'qscc', 'cscc', '_lifecycle'].join(', ')}`,
    ...(server.tlsRootCertPath ? [`  TLS root cert   ${server.tlsRootCertPath}`] : []),
    '  services        gateway.Gateway, protos.Deliver, protos.Endorser, orderer.AtomicBroadcast',
    `identities (cryptogen layout: msp/signcerts/*.pem, msp/keystore/priv_sk) under ${orgRoot}:`,
    ...devnet.organizations.flatMap((org) => [
      `  ${org.mspId.padEnd(14)} ${org.users.map((u) => u.name).join(', ')}`,
      `  ${''.padEnd(14)} ${path.join(orgRoot, org.domain, 'users', `<user>@${org.domain}`, 'msp')}`,
    ]),
    `other commands reach it with --peer ${server.address}${server.tlsRootCertPem ? ' --tls' : ''}; Ctrl-C stops`,
  ];
  // One write, so that whoever waits for the last line has read them all.
  process.stdout.write(`${lines.join('\n')}\n`);

  await new Promise<void>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  await server.close();
  await devnet.close();
  console.log('devnet stopped');
  return 0;
}
