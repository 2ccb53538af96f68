/**
 * Gateway entry point: validates the configuration, opens the ledger, listens on 127.0.0.1 by default,
 * prints the URLs, and shuts down gracefully on SIGTERM/SIGINT.
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';

import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pino } from 'pino';
import { parseDemoKeyFile } from './auth/demo-key-file';
import { ConfigError, loadConfig } from './config';
import { bootstrapKeyFile, demoKeyFile, openGateway } from './gateway';
import { createHttpServer } from './http/http-server';
import { startupBanner } from './startup-banner';

/** Prints each slow step of the start as it begins, and how long it took. */
function startProgress(step: string): () => void {
  const started = performance.now();
  process.stdout.write(`  … ${step}\n`);
  return () => {
    process.stdout.write(`    done in ${((performance.now() - started) / 1000).toFixed(1)} s\n`);
  };
}

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // Credentials never reach the logs.
  const logger = pino({
    level: config.logLevel,
    redact: { paths: ['req.headers["x-api-key"]', 'req.headers.authorization'], censor: '[redacted]' },
  });
  process.stdout.write(`AllianceLedger gateway starting on ${config.ledger} (${config.dataDir})\n`);
  const gateway = await openGateway(config, logger, {}, startProgress);
  const tls = config.tls && { cert: await readFile(config.tls.certFile), key: await readFile(config.tls.keyFile) };
  const server = createHttpServer(gateway.app, config.serverTimeouts, undefined, tls).listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const base = `${tls ? 'https' : 'http'}://${config.host}:${config.port}`;
  const gatewayDir = path.join(config.dataDir, 'gateway');
  const keyFile = config.demo ? demoKeyFile(gatewayDir) : bootstrapKeyFile(gatewayDir);
  const lines = startupBanner({
    base,
    ledgerKind: gateway.ledger.kind,
    dataDir: config.dataDir,
    issued: gateway.issued,
    earlierKeyFile: existsSync(keyFile) ? keyFile : undefined,
    ...(gateway.devnet ? { devnet: gateway.devnet } : {}),
  });
  process.stdout.write(lines.join('\n') + '\n');

  if (config.demo && config.ledger === 'devnet') {
    const keys = parseDemoKeyFile(await readFile(demoKeyFile(gatewayDir), 'utf8'));
    // Demo data is devnet's and development's only: loaded here, never on a real network.
    const { seedDemo } = await import('./demo/seed-demo');
    const seeding = startProgress('demo: seeding members, the CNY currency, two accounts and one purchase');
    const demo = await seedDemo(base, keys, (line) => process.stdout.write(`${line}\n`));
    seeding();
    process.stdout.write(
      demo
        ? `demo: done — try: curl -H "X-API-Key: <buyer1 key>" ${base}/api/v1/settlements/${demo.settlementNo}\n`
        : 'demo: data already present\n',
    );
  }

  let stopping = false;
  const stop = (signal: string): void => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'shutting down');
    server.close(() => {
      gateway.close().then(
        () => process.exit(0),
        (err: unknown) => {
          logger.error({ err }, 'shutdown failed');
          process.exit(1);
        },
      );
    });
    server.closeAllConnections();
  };
  process.on('SIGTERM', () => {
    stop('SIGTERM');
  });
  process.on('SIGINT', () => {
    stop('SIGINT');
  });
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof ConfigError ? err.message : String((err as Error).stack ?? err)}\n`);
  process.exit(1);
});
