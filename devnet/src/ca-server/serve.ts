#!/usr/bin/env node
/**
 * Serves a Fabric CA for every organisation of a devnet data directory, on the real network's ports
 * (ca-ecommerce 7054, ca-finance 8054, ca-energy 9054: `--port-base` + 1000 × the org's index), until
 * SIGINT or SIGTERM. devnet must have created the organisations (`devnet init`); the ledger itself is not
 * opened, so a gateway may hold it meanwhile.
 *
 *   node devnet/dist/ca-server/serve.js [--data-dir .devnet] [--port-base 7054] [--host 127.0.0.1] [--no-tls]
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';

import { DEFAULT_ORGANIZATIONS } from '../network-config';
import { startDevnetCaServer, type DevnetCaServer } from '.';

export interface ServeOptions {
  readonly dataDir: string;
  /** The first org's port; the next ones +1000 each. 0: free ports. */
  readonly portBase: number;
  readonly host?: string;
  readonly tls?: boolean;
  /** Default: devnet's default organisations that exist in `dataDir`. */
  readonly organizations?: readonly { readonly mspId: string; readonly domain: string }[];
}

/** Starts one CA server per organisation; closes the started ones if any fails. */
export async function serveDevnetCas(options: Readonly<ServeOptions>): Promise<DevnetCaServer[]> {
  const organizations = (options.organizations ?? DEFAULT_ORGANIZATIONS).filter((o) =>
    existsSync(path.join(options.dataDir, 'organizations', 'peerOrganizations', o.domain, 'ca')),
  );
  if (organizations.length === 0) {
    throw new Error(`no devnet organisation in ${options.dataDir} (run devnet init first)`);
  }
  const servers: DevnetCaServer[] = [];
  try {
    for (const [index, org] of organizations.entries()) {
      servers.push(
        await startDevnetCaServer({
          dataDir: options.dataDir,
          org: { mspId: org.mspId, domain: org.domain },
          port: options.portBase === 0 ? 0 : options.portBase + 1000 * index,
          ...(options.host !== undefined && { host: options.host }),
          ...(options.tls !== undefined && { tls: options.tls }),
        }),
      );
    }
  } catch (error: unknown) {
    await Promise.all(servers.map((s) => s.close()));
    throw error;
  }
  return servers;
}

async function main(argv: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    options: {
      'data-dir': { type: 'string' },
      'port-base': { type: 'string', default: '7054' },
      host: { type: 'string', default: '127.0.0.1' },
      'no-tls': { type: 'boolean', default: false },
    },
  });
  const dataDir = path.resolve(values['data-dir'] ?? process.env.DEVNET_DATA_DIR ?? '.devnet');
  const servers = await serveDevnetCas({
    dataDir,
    portBase: Number(values['port-base']),
    host: values.host,
    tls: !values['no-tls'],
  });
  for (const s of servers) {
    console.log(
      `${s.caName} (${s.mspId}) at ${s.url}\n  TLS root   ${s.tlsRootCertPath}\n  registrar  ${s.registrar?.mspDir ?? '-'}\n` +
        `  bootstrap  ${s.bootstrapAdmin.enrollmentId} (secret in ${path.join(s.home, 'bootstrap-admin.json')})`,
    );
  }
  const stop = (): void => {
    void Promise.all(servers.map((s) => s.close())).then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}
