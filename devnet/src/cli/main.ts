#!/usr/bin/env node
/**
 * devnet command line: create, inspect, verify and reset an embedded development ledger, and call a
 * chaincode on it. Run `devnet help` for usage.
 */
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { Devnet, type DeployedChaincode } from '../devnet';
import type { ContractClass } from '../peer/chaincode-runtime';
import type { DecodedBlock } from '../protocol';

const USAGE = `devnet — the embedded Hyperledger Fabric development ledger

Usage: devnet <command> [options]

Commands:
  init                     create the organisations, identities and genesis block (idempotent)
  info                     chain height and current block hash
  identities               every organisation's MSP folder and users
  block <number>           one block, decoded, as JSON
  tx <transactionId>       where a transaction landed and its validation code
  verify                   re-hash every block and check the chain links
  query  <function> [args...]   evaluate a transaction (needs --chaincode and --as)
  invoke <function> [args...]   submit a transaction and wait for its commit (needs --chaincode and --as)
  reset                    delete the data directory
  help                     this text

Options:
  --data-dir <dir>         ledger and identities (default: .devnet, or $DEVNET_DATA_DIR)
  --chaincode <module>     a module exporting \`contracts\` (fabric-contract-api convention)
  --name <name>            chaincode name (default: alliance)
  --as <MSP:user>          identity to sign with, e.g. EcommerceMSP:store1
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
      help: { type: 'boolean', short: 'h' },
    },
  });
  const [command = 'help', ...rest] = positionals;
  if (values.help || command === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const dataDir = path.resolve(values['data-dir'] ?? process.env.DEVNET_DATA_DIR ?? '.devnet');
  if (command === 'reset') {
    await Devnet.reset(dataDir);
    console.log(`removed ${dataDir}`);
    return 0;
  }
  const devnet = await Devnet.open({ dataDir, chaincodes: await loadChaincodes(values) });
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
      console.log(`data directory  ${devnet.dataDir}`);
      console.log(`channel         ${devnet.channelName}`);
      console.log(`organisations   ${devnet.organizations.map((o) => o.mspId).join(', ')}`);
      console.log(`height          ${info.height}`);
      console.log(`current block   ${info.currentBlockHash}`);
      return 0;
    }
    case 'identities':
      for (const org of devnet.organizations) {
        console.log(`${org.mspId}  ${org.mspDir}`);
        for (const user of org.users) console.log(`  ${user.name.padEnd(14)} ${user.mspDir}`);
      }
      return 0;
    case 'block': {
      const block = await devnet.getDecodedBlock(parseBlockNumber(args[0]));
      if (!block) return fail(`no block ${args[0] ?? ''}; height is ${devnet.chainInfo().height}`);
      console.log(JSON.stringify(blockToJson(block), null, 2));
      return 0;
    }
    case 'tx': {
      if (!args[0]) return fail('usage: devnet tx <transactionId>');
      const status = await devnet.getTransactionStatus(args[0]);
      if (!status) return fail(`transaction ${args[0]} is not on the ledger`);
      console.log(JSON.stringify(status, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2));
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
      const as = typeof values.as === 'string' ? values.as.split(':') : [];
      if (!fn || as.length !== 2 || !values.chaincode) {
        return fail(`usage: devnet ${command} --chaincode <module> --as <MSP:user> <function> [args...]`);
      }
      const contract = devnet.connect(await devnet.identity(as[0] ?? '', as[1] ?? '')).getContract(String(values.name));
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

function parseBlockNumber(text: string | undefined): bigint {
  if (!text || !/^(0|[1-9][0-9]*)$/.test(text)) throw new Error('usage: devnet block <number>');
  return BigInt(text);
}

function blockToJson(block: DecodedBlock): unknown {
  return JSON.parse(
    JSON.stringify(block, (_key, value: unknown) => {
      if (typeof value === 'bigint') return value.toString();
      if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
      return value;
    }),
  );
}

function fail(message: string): number {
  console.error(`devnet: ${message}`);
  return 1;
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
