/**
 * Committed throughput of devnet's test contract over gRPC: the workload of throughput.bench.ts, run by a
 * `@hyperledger/fabric-gateway` client (one connection, `concurrency` callers each submitting and waiting
 * for the commit of one transaction after another) against `startDevnetServer` in a child process, as
 * an application reaches a peer. Prints figures; asserts nothing.
 *
 *   node devnet/dist/bench/grpc-throughput.bench.js [--transactions 20000] [--concurrency 100] [--block-size 50]
 *     [--signer native|noble] [--tls]
 *
 * `--signer native` (default) signs with Node's crypto (fabric-gateway `hash.none`, as devnet's own
 * identities do); `noble` with fabric-gateway's `signers.newPrivateKeySigner` (pure JavaScript).
 */
import { fork } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import * as grpc from '@grpc/grpc-js';
import { connect, hash, signers } from '@hyperledger/fabric-gateway';
import { Devnet } from '../devnet';
import { startDevnetServer } from '../grpc/server';
import { loadSigningIdentity } from '../msp';
import { report, run } from './measure';

/** The test harness's name for the test contract. */
const CHAINCODE = 'kvcc';

interface Ready {
  readonly address: string;
  readonly tlsRootCertPem?: string;
}

/** The child: a devnet serving the test contract until its parent disconnects. */
async function serveChild(dir: string, blockSize: number, batchTimeoutMs: number, tls: boolean): Promise<void> {
  // Loaded here only: the contract's decorators log as they load, and the parent needs none of it.
  const { openTestDevnet } = await import('../test/harness');
  const { devnet } = await openTestDevnet({
    dataDir: dir,
    batch: { maxMessageCount: blockSize, batchTimeoutMs },
    chaincodeLogLevel: 'WARNING',
  });
  const server = await startDevnetServer({ devnet, port: 0, tls });
  const ready: Ready = {
    address: server.address,
    ...(server.tlsRootCertPem ? { tlsRootCertPem: server.tlsRootCertPem } : {}),
  };
  process.send?.(ready);
  process.once('disconnect', () => {
    void server
      .close()
      .then(() => devnet.close())
      .then(() => process.exit(0));
  });
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      transactions: { type: 'string', default: '20000' },
      concurrency: { type: 'string', default: '100' },
      'block-size': { type: 'string', default: '50' },
      'batch-timeout-ms': { type: 'string', default: '10' },
      signer: { type: 'string', default: 'native' },
      tls: { type: 'boolean', default: false },
      serve: { type: 'string' },
    },
  });
  const blockSize = Number(values['block-size']);
  const batchTimeoutMs = Number(values['batch-timeout-ms']);
  if (values.serve !== undefined) {
    await serveChild(values.serve, blockSize, batchTimeoutMs, values.tls);
    return;
  }
  const total = Number(values.transactions);
  const concurrency = Number(values.concurrency);
  const dir = await mkdtemp(path.join(tmpdir(), 'devnet-grpc-bench-'));
  const child = fork(__filename, [...process.argv.slice(2), '--serve', dir], {
    env: { ...process.env, CORE_CHAINCODE_LOGGING_LEVEL: 'WARNING' },
    execArgv: process.env.DEVNET_BENCH_SERVER_NODE_ARGS?.split(' ') ?? [],
  });
  try {
    const ready = await new Promise<Ready>((resolve, reject) => {
      child.once('message', (message) => {
        resolve(message as Ready);
      });
      child.once('exit', (code) => {
        reject(new Error(`devnet server exited with ${code}`));
      });
    });
    const network = await Devnet.describe(dir);
    const user = network.organizations.find((o) => o.mspId === 'EcommerceMSP')?.users.find((u) => u.name === 'store1');
    if (!user) throw new Error('no identity EcommerceMSP:store1');
    const signing = await loadSigningIdentity(user.mspDir, 'EcommerceMSP');
    const client = ready.tlsRootCertPem
      ? new grpc.Client(ready.address, grpc.credentials.createSsl(Buffer.from(ready.tlsRootCertPem)), {
          'grpc.ssl_target_name_override': 'localhost',
        })
      : new grpc.Client(ready.address, grpc.credentials.createInsecure());
    const gateway =
      values.signer === 'noble'
        ? connect({ client, identity: signing.identity, signer: signers.newPrivateKeySigner(signing.privateKey) })
        : connect({ client, identity: signing.identity, signer: signing.signer, hash: hash.none });
    const contract = gateway.getNetwork(network.channelName).getContract(CHAINCODE);
    try {
      console.log(
        `devnet throughput over gRPC — fabric-gateway client (${values.signer} signer) → devnet server in a child ` +
          `process${values.tls ? ' over TLS' : ''}, ${total} transactions, concurrency ${concurrency}, blocks of up ` +
          `to ${blockSize} tx or ${batchTimeoutMs} ms, node ${process.version}, ${process.arch}`,
      );
      await run('warm-up', 2000, concurrency, (i) => contract.submitTransaction('Put', `w${i}`, 'x'));
      report(
        await run('Put (one write, no read)', total, concurrency, (i) =>
          contract.submitTransaction('Put', `k${i}`, `v${i}`),
        ),
      );
      report(
        await run('Increment (read + write)', total, concurrency, (i) =>
          contract.submitTransaction('Increment', `c${i}`),
        ),
      );
      report(await run('Get (evaluate)', total, concurrency, (i) => contract.evaluateTransaction('Get', `k${i}`)));
    } finally {
      gateway.close();
      client.close();
    }
  } finally {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.disconnect();
    await exited;
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
