/**
 * Gateway entry point: validates the configuration, opens the ledger, listens on 127.0.0.1 by default,
 * prints the URLs, and shuts down gracefully on SIGTERM/SIGINT.
 */
process.env.CORE_CHAINCODE_LOGGING_LEVEL ??= 'WARNING';

import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { pino } from 'pino';
import { parseDemoKeyFile } from './auth/demo-key-file';
import { ConfigError, loadConfig } from './config';
import { seedDemo } from './demo/seed-demo';
import { demoKeyFile, openGateway } from './gateway';
import { createHttpServer } from './http/http-server';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  // Credentials never reach the logs.
  const logger = pino({
    level: config.logLevel,
    redact: { paths: ['req.headers["x-api-key"]', 'req.headers.authorization'], censor: '[redacted]' },
  });
  const gateway = await openGateway(config, logger);
  const server = createHttpServer(gateway.app, config.serverTimeouts).listen(config.port, config.host);
  await new Promise<void>((resolve, reject) => {
    server.once('listening', resolve);
    server.once('error', reject);
  });
  const base = `http://${config.host}:${config.port}`;
  const lines = [
    `AllianceLedger gateway on ${gateway.ledger.kind} (${config.dataDir})`,
    `  API      ${base}/api/v1`,
    `  docs     ${base}/docs`,
    `  OpenAPI  ${base}/openapi.json`,
    `  health   ${base}/healthz   ready ${base}/readyz   metrics ${base}/metrics`,
  ];
  if (gateway.issuedKeys.length > 0) {
    lines.push('', 'Demo API keys (shown once; also in gateway/demo-api-keys.txt under the data directory):');
    for (const k of gateway.issuedKeys) lines.push(`  ${k.identity.padEnd(24)} ${k.key}`);
  } else {
    lines.push(`  API keys: ${config.dataDir}/gateway/demo-api-keys.txt`);
  }
  process.stdout.write(lines.join('\n') + '\n');

  if (config.demo && config.ledger === 'devnet') {
    const keys = parseDemoKeyFile(await readFile(demoKeyFile(path.join(config.dataDir, 'gateway')), 'utf8'));
    const demo = await seedDemo(base, keys, (line) => process.stdout.write(`${line}\n`));
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
