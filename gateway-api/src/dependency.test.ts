import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';
import { Devnet } from '@allianceledger/devnet';

const DIST = path.resolve(__dirname, '..', 'dist');

/**
 * What a real deployment loads, in the manner of fabric-gateway's own dependency test: a gateway opened
 * on a Fabric network (in a fresh Node process, so nothing this test loaded counts) must not load the
 * embedded ledger, its LevelDB binding, fabric-shim, fabric-contract-api or the contracts — only what
 * `make start` needs to host devnet loads those, and it loads them on demand. Nor, until they are used,
 * `jose` (JWT is configured here neither), the Fabric CA client with fabric-common (the first onboarding
 * or revocation loads it) or `@peculiar/x509` (the first CSR).
 */
const FORBIDDEN = [
  /node_modules\/classic-level\//,
  /node_modules\/fabric-shim\//,
  /node_modules\/fabric-contract-api\//,
  /node_modules\/winston\//,
  /node_modules\/jose\//,
  /node_modules\/fabric-ca-client\//,
  /node_modules\/fabric-common\//,
  /node_modules\/@peculiar\/x509\//,
  /\/devnet\/dist\//,
  /\/chaincode\/dist\//,
  /\/gateway-api\/dist\/devnet-host\//,
  /\/gateway-api\/dist\/demo\//,
];

describe('the gateway on a Fabric network', () => {
  let dir: string;
  let connectionFile: string;

  beforeAll(async () => {
    // Identities in cryptogen's layout (devnet writes them); the network itself is never dialled.
    dir = await mkdtemp(path.join(tmpdir(), 'gateway-deps-'));
    const identities = path.join(dir, 'identities');
    const devnetCli = path.resolve(DIST, '..', '..', 'devnet', 'dist', 'cli', 'main.js');
    await promisify(execFile)(process.execPath, [devnetCli, 'init', '--data-dir', identities]);
    const { organizations } = await Devnet.describe(identities);
    const org = organizations[0]!;
    connectionFile = path.join(dir, 'connection.json');
    await writeFile(
      connectionFile,
      JSON.stringify({
        channelName: 'alliance',
        chaincodeName: 'alliance',
        // Never dialled: fabric-gateway connects on first use, and nothing is used here.
        peers: [{ mspId: org.mspId, endpoint: '127.0.0.1:1', tlsRootCertPath: path.join(dir, 'unused-tls-root.pem') }],
        identities: org.users.map((u) => ({ name: `${org.mspId}:${u.name}`, mspId: org.mspId, mspDir: u.mspDir })),
        reader: `${org.mspId}:Admin`,
      }),
    );
  }, 60_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('loads none of the embedded ledger, LevelDB, fabric-shim, fabric-contract-api or the contracts', async () => {
    const script = `
      const { openGateway } = require(${JSON.stringify(path.join(DIST, 'gateway.js'))});
      const { loadConfig } = require(${JSON.stringify(path.join(DIST, 'config.js'))});
      const { pino } = require('pino');
      (async () => {
        const config = loadConfig({
          GATEWAY_LEDGER: 'fabric',
          FABRIC_CONNECTION: ${JSON.stringify(connectionFile)},
          GATEWAY_DATA_DIR: ${JSON.stringify(path.join(dir, 'data'))},
          GATEWAY_KEEPER: 'false',
          GATEWAY_LOG_LEVEL: 'silent',
        });
        const gateway = await openGateway(config, pino({ level: 'silent' }));
        process.stdout.write(JSON.stringify(Object.keys(require.cache)));
        await gateway.close();
      })().catch((err) => { console.error(err); process.exit(1); });
    `;
    const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
      cwd: path.resolve(DIST, '..'),
      maxBuffer: 16 * 1024 * 1024,
    });
    const loaded = JSON.parse(stdout) as string[];
    const offending = loaded.filter((file) => FORBIDDEN.some((pattern) => pattern.test(file)));
    expect(offending).toEqual([]);
    // What it does load: the gateway itself and fabric-gateway's stack.
    expect(loaded.some((f) => f.includes('/@hyperledger/fabric-gateway/'))).toBe(true);
    console.info(`modules loaded by the gateway on the Fabric path: ${loaded.length}`);
  }, 60_000);
});
