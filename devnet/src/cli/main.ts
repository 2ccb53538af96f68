#!/usr/bin/env node
/**
 * devnet command line: create, inspect, verify, serve and reset an embedded development ledger, and call
 * a chaincode on it. Run `devnet help` for usage.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Devnet, type DeployedChaincode } from '../devnet';
import { LedgerLockedError } from '../errors';
import type { ContractClass } from '../peer/chaincode-runtime';
import { fail, parseAs, parseBlockNumber, printBlock, printChainSummary, printJson } from './output';
import { runOnPeer } from './peer-client';
import { serve } from './serve';

const USAGE = `devnet — the embedded Hyperledger Fabric development ledger

Usage: devnet <command> [options]

Commands:
  init                     create the organisations, identities and genesis block (idempotent)
  serve                    serve the devnet as a Fabric peer on a gRPC endpoint (Gateway, Deliver,
                           Endorser, AtomicBroadcast) until interrupted
  info                     chain height and current block hash
  identities               every organisation's MSP folder and users
  block <number>           one block, decoded, as JSON
  tx <transactionId>       where a transaction landed and its validation code
  verify                   re-hash every block and check the chain links
  query  <function> [args...]   evaluate a transaction (needs --as, and --chaincode without --peer)
  invoke <function> [args...]   submit a transaction and wait for its commit (same)
  reset                    delete the data directory
  help                     this text

Options:
  --data-dir <dir>         ledger and identities (default: .devnet, or $DEVNET_DATA_DIR)
  --chaincode <module>     a module exporting \`contracts\` (fabric-contract-api convention)
  --name <name>            chaincode name (default: alliance)
  --as <MSP:user>          identity to sign with, e.g. EcommerceMSP:store1
  --host <address>         serve: interface to listen on (default: 127.0.0.1)
  --port <port>            serve: port (default: 7051; 0 picks a free one)
  --tls                    serve: TLS with a certificate from the first organisation's CA (root in
                           <data-dir>/tls/ca.crt); with --peer: dial with TLS trusting that root
  --peer <host:port>       info, block, tx, verify, query, invoke: ask a running devnet (devnet serve)
                           over gRPC through @hyperledger/fabric-gateway instead of opening the ledger
  --tls-root-cert <file>   with --peer: the TLS root certificate to trust (implies TLS)
`;

type Options = Record<string, string | boolean | undefined>;

async function main(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      'data-dir': { type: 'string' },
      chaincode: { type: 'string' },
      name: { type: 'string', default: 'alliance' },
      as: { type: 'string' },
      host: { type: 'string', default: '127.0.0.1' },
      port: { type: 'string', default: '7051' },
      tls: { type: 'boolean', default: false },
      peer: { type: 'string' },
      'tls-root-cert': { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command = 'help', ...rest] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const dataDir = path.resolve(values['data-dir'] ?? process.env.DEVNET_DATA_DIR ?? '.devnet');
  switch (command) {
    case 'reset':
      await Devnet.reset(dataDir);
      console.log(`removed ${dataDir}`);
      return 0;
    case 'serve': {
      const port = Number(values.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) return fail(`invalid --port ${values.port}`);
      return serve({ dataDir, host: values.host, port, tls: values.tls, chaincodes: await loadChaincodes(values) });
    }
    case 'identities':
      // Read from the data directory's network description: works while a devnet serves it.
      for (const org of (await Devnet.describe(dataDir)).organizations) {
        console.log(`${org.mspId}  ${org.mspDir}`);
        for (const user of org.users) console.log(`  ${user.name.padEnd(14)} ${user.mspDir}`);
      }
      return 0;
    default:
      break;
  }
  if (values.peer !== undefined) {
    return runOnPeer(command, rest, {
      dataDir,
      peer: values.peer,
      as: values.as,
      tls: values.tls,
      tlsRootCert: values['tls-root-cert'],
      chaincodeName: values.name,
    });
  }
  let devnet: Devnet;
  try {
    devnet = await Devnet.open({ dataDir, chaincodes: await loadChaincodes(values) });
  } catch (err) {
    if (err instanceof LedgerLockedError) {
      return fail(
        `${err.message}. If it is \`devnet serve\`, ask it over gRPC instead: ` +
          `devnet ${command} --peer 127.0.0.1:7051 ... (add --tls if it serves TLS)`,
      );
    }
    throw err;
  }
  try {
    return await run(devnet, command, rest, values);
  } finally {
    await devnet.close();
  }
}

async function run(devnet: Devnet, command: string, args: string[], values: Options): Promise<number> {
  switch (command) {
    case 'init':
    case 'info': {
      const info = devnet.chainInfo();
      printChainSummary({
        dataDir: devnet.dataDir,
        channelName: devnet.channelName,
        mspIds: devnet.organizations.map((o) => o.mspId),
        height: info.height,
        currentBlockHash: info.currentBlockHash,
      });
      return 0;
    }
    case 'block': {
      const block = await devnet.getDecodedBlock(parseBlockNumber(args[0]));
      if (!block) return fail(`no block ${args[0] ?? ''}; height is ${devnet.chainInfo().height}`);
      printBlock(block);
      return 0;
    }
    case 'tx': {
      if (!args[0]) return fail('usage: devnet tx <transactionId>');
      const status = await devnet.getTransactionStatus(args[0]);
      if (!status) return fail(`transaction ${args[0]} is not on the ledger`);
      printJson(status);
      return 0;
    }
    case 'verify': {
      const result = await devnet.verifyChain();
      if (result.ok) {
        console.log(`chain verified: ${devnet.chainInfo().height} blocks, head ${devnet.chainInfo().currentBlockHash}`);
        return 0;
      }
      return fail(`chain broken at block ${result.blockNumber}: ${result.reason}`);
    }
    case 'query':
    case 'invoke': {
      const [fn, ...fnArgs] = args;
      const as = parseAs(typeof values.as === 'string' ? values.as : undefined);
      if (!fn || !as || !values.chaincode) {
        return fail(`usage: devnet ${command} --chaincode <module> --as <MSP:user> <function> [args...]`);
      }
      const contract = devnet.connect(await devnet.identity(...as)).getContract(String(values.name));
      const result =
        command === 'query'
          ? await contract.evaluate(fn, { arguments: fnArgs })
          : await contract.submit(fn, { arguments: fnArgs });
      console.log(Buffer.from(result).toString('utf8'));
      return 0;
    }
    default:
      return fail(`unknown command "${command}"; run devnet help`);
  }
}

async function loadChaincodes(values: Options): Promise<DeployedChaincode[]> {
  if (typeof values.chaincode !== 'string') return [];
  const modulePath = path.resolve(values.chaincode);
  if (!existsSync(modulePath)) throw new Error(`chaincode module ${modulePath} not found (build it first)`);
  const mod = (await import(modulePath)) as { contracts?: ContractClass[] };
  if (!Array.isArray(mod.contracts)) throw new Error(`${modulePath} exports no \`contracts\` array`);
  return [{ definition: { name: String(values.name), version: 'devnet', contracts: mod.contracts } }];
}

// `devnet block 3 | head` closes the pipe early: stop quietly instead of failing on every later write.
process.stdout.on('error', (err: NodeJS.ErrnoException) => {
  if (err.code === 'EPIPE') process.exit(0);
  throw err;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (err: unknown) => {
    console.error(`devnet: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  },
);
