import { existsSync } from 'node:fs';
import { chmod, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import {
  Devnet,
  serveDevnetCas,
  startDevnetServer,
  type BatchOptions,
  type CollectionConfigJson,
  type DevnetCaServer,
} from '@allianceledger/devnet';
import { COLLECTIONS_CONFIG_PATH, contracts } from '@allianceledger/chaincode';

/**
 * `make start`'s embedded ledger: devnet running the real contracts in this process, served as a Fabric
 * peer on a loopback gRPC endpoint (TLS, like any peer), with a connection file describing it exactly as
 * `network.sh` describes a real network. The gateway then reaches devnet the one way it reaches Fabric:
 * through `@hyperledger/fabric-gateway` — and so can any other Fabric application, from that file. Each
 * organisation's Fabric CA (devnet's CA server: Fabric CA's REST API, TLS, on a free port) is listed there
 * too (`certificateAuthorities`, with the org's registrar), so the gateway registers, enrolls and revokes
 * identities through the same code path as on a real network.
 *
 * This module is the only one of the gateway that loads devnet, fabric-shim, the contracts and LevelDB;
 * the gateway imports it dynamically, and only when `GATEWAY_LEDGER=devnet`.
 */

export interface DevnetHostOptions {
  readonly dataDir: string;
  readonly chaincodeName: string;
  /** The gRPC port; 0 picks a free one. */
  readonly port: number;
  readonly host?: string;
  readonly chaincodeLogLevel?: string;
  readonly batch?: Partial<BatchOptions>;
}

export interface DevnetHost {
  /** The connection file the gateway (and any fabric-gateway application) reads. */
  readonly connectionFile: string;
  /** `host:port` of devnet's gRPC endpoint. */
  readonly address: string;
  /**
   * Upgrades the chaincode to the contracts `module` exports (fabric-contract-api's `contracts`), as
   * version `version` at the next sequence: devnet's counterpart of `network.sh upgrade`, for testing a
   * new version and its migration before proposing it to the consortium.
   */
  upgradeChaincode(
    upgrade: Readonly<{ module: string; version: string }>,
  ): Promise<{ version: string; sequence: number }>;
  /** Stops serving, then commits what is pending and closes the ledger. */
  close(): Promise<void>;
}

/** The user the gateway reads blocks and events as (any channel member would do). */
const READER = 'EcommerceMSP:Admin';

/**
 * Opens devnet in `dataDir`, serves it and its CAs, and writes `<dataDir>/devnet-connection.json`.
 * `progress` hears of each slow step as it starts (see the gateway's StartProgress).
 */
export async function openDevnetHost(
  options: Readonly<DevnetHostOptions>,
  progress: (step: string) => () => void = () => () => undefined,
): Promise<DevnetHost> {
  const collections = JSON.parse(await readFile(COLLECTIONS_CONFIG_PATH, 'utf8')) as CollectionConfigJson[];
  const firstStart = !existsSync(path.join(options.dataDir, 'organizations'));
  const opened = progress(
    firstStart
      ? `creating devnet's organisations and identities (first start), opening the ledger in ${options.dataDir}`
      : `opening the devnet ledger in ${options.dataDir}`,
  );
  const devnet = await Devnet.open({
    dataDir: options.dataDir,
    chaincodes: [{ definition: { name: options.chaincodeName, version: '1.0', contracts }, collections }],
    ...(options.chaincodeLogLevel ? { chaincodeLogLevel: options.chaincodeLogLevel } : {}),
    ...(options.batch ? { batch: options.batch } : {}),
  });
  opened();
  let cas: DevnetCaServer[] = [];
  try {
    const host = options.host ?? '127.0.0.1';
    const startingCas = progress(`starting the organisations' Fabric CA servers (TLS) on ${host}`);
    cas = await serveDevnetCas({
      dataDir: options.dataDir,
      portBase: 0,
      host,
      tls: true,
      organizations: devnet.organizations.map((o) => ({ mspId: o.mspId, domain: o.domain })),
    });
    startingCas();
    const serving = progress(`starting devnet's Fabric peer endpoint (gRPC, TLS) on ${host}:${options.port}`);
    const server = await startDevnetServer({ devnet, host, port: options.port, tls: true });
    serving();
    if (!server.tlsRootCertPath) throw new Error('devnet did not issue its TLS certificate');
    const connectionFile = path.join(options.dataDir, 'devnet-connection.json');
    const connection = {
      channelName: devnet.channelName,
      chaincodeName: options.chaincodeName,
      // One endpoint serves every organisation: devnet is one logical peer per org on one ledger.
      peers: devnet.organizations.map((org) => ({
        mspId: org.mspId,
        endpoint: server.address,
        tlsRootCertPath: server.tlsRootCertPath,
        hostAlias: 'localhost',
      })),
      identities: devnet.organizations.flatMap((org) =>
        org.users.map((u) => ({ name: `${org.mspId}:${u.name}`, mspId: org.mspId, mspDir: u.mspDir })),
      ),
      reader: READER,
      // As network.sh lists the real network's CAs: the gateway registers and enrolls with the registrar.
      certificateAuthorities: cas.map(certificateAuthorityEntry),
    };
    await writeFile(connectionFile, `${JSON.stringify(connection, null, 2)}\n`, { mode: 0o600 });
    await chmod(connectionFile, 0o600);
    return {
      connectionFile,
      address: server.address,
      upgradeChaincode: async ({ module, version }) => {
        const loaded = (await import(module)) as { contracts?: unknown; default?: { contracts?: unknown } };
        const upgraded = loaded.contracts ?? loaded.default?.contracts;
        if (!Array.isArray(upgraded)) throw new Error(`${module} exports no contracts`);
        return devnet.upgradeChaincode({
          definition: { name: options.chaincodeName, version, contracts: upgraded as (new () => unknown)[] },
        });
      },
      close: async () => {
        await server.close();
        await Promise.all(cas.map((ca) => ca.close()));
        await devnet.close();
      },
    };
  } catch (err) {
    await Promise.all(cas.map((ca) => ca.close()));
    await devnet.close();
    throw err;
  }
}

function certificateAuthorityEntry(ca: DevnetCaServer): Record<string, unknown> {
  if (!ca.registrar) throw new Error(`${ca.caName} has no registrar`);
  return {
    mspId: ca.mspId,
    caName: ca.caName,
    url: ca.url,
    tlsRootCertPath: ca.tlsRootCertPath,
    registrar: { enrollmentId: ca.registrar.enrollmentId, mspDir: ca.registrar.mspDir },
  };
}
