/**
 * The CLI's read and call commands against a running devnet (`devnet serve`), over gRPC through
 * `@hyperledger/fabric-gateway`, exactly as an application talks to a Fabric peer: `qscc` for chain
 * info, blocks and transactions, the chaincode for query and invoke. Identities come from the data
 * directory's MSP folders; its ledger, which the running devnet holds, is not opened.
 */
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { CommitError, connect, GatewayError, hash, type Gateway } from '@hyperledger/fabric-gateway';
import { common, peer } from '@hyperledger/fabric-protos';
import { Devnet } from '../devnet';
import { tlsDirectory } from '../grpc/tls';
import { loadSigningIdentity } from '../msp';
import { blockHeaderHash, decodeBlock, toHex, validationCodeName, verifyBlockChain } from '../protocol';
import { fail, parseAs, parseBlockNumber, printBlock, printChainSummary, printJson } from './output';

export interface PeerOptions {
  readonly dataDir: string;
  /** `host:port` of the running devnet. */
  readonly peer: string;
  /** `MSP:user`; read commands default to the first organisation's first user. */
  readonly as: string | undefined;
  /** Dial with TLS, trusting `tlsRootCert` or `<dataDir>/tls/ca.crt`. */
  readonly tls: boolean;
  readonly tlsRootCert: string | undefined;
  readonly chaincodeName: string;
}

const READ_COMMANDS = new Set(['info', 'block', 'tx', 'verify']);

export async function runOnPeer(command: string, args: readonly string[], options: PeerOptions): Promise<number> {
  if (!READ_COMMANDS.has(command) && command !== 'query' && command !== 'invoke') {
    return fail(`${command} does not work with --peer: it reads or writes the data directory itself`);
  }
  const network = await Devnet.describe(options.dataDir);
  const first = network.organizations[0];
  const as =
    parseAs(options.as) ??
    (READ_COMMANDS.has(command) && first?.users[0] ? [first.mspId, first.users[0].name] : undefined);
  if (!as) return fail(`usage: devnet ${command} --peer <host:port> --as <MSP:user> <function> [args...]`);
  const user = network.organizations.find((o) => o.mspId === as[0])?.users.find((u) => u.name === as[1]);
  if (!user) return fail(`no identity ${as[1]} in organisation ${as[0]}`);
  const signing = await loadSigningIdentity(user.mspDir, as[0]);

  const client = await grpcClient(options);
  const gateway = connect({ client, identity: signing.identity, signer: signing.signer, hash: hash.none });
  try {
    const session = new PeerSession(gateway, network.channelName);
    switch (command) {
      case 'info': {
        const info = await session.chainInfo();
        printChainSummary({
          dataDir: options.dataDir,
          peer: options.peer,
          channelName: network.channelName,
          mspIds: network.organizations.map((o) => o.mspId),
          height: BigInt(info.getHeight()),
          currentBlockHash: toHex(info.getCurrentblockhash_asU8()),
        });
        return 0;
      }
      case 'block': {
        const number = parseBlockNumber(args[0]);
        const block = await session.block(number);
        if (!block) return fail(`no block ${number}; height is ${(await session.chainInfo()).getHeight()}`);
        printBlock(decodeBlock(block));
        return 0;
      }
      case 'tx':
        return await session.transaction(args[0]);
      case 'verify':
        return await session.verify();
      default: {
        const [fn, ...fnArgs] = args;
        if (!fn) return fail(`usage: devnet ${command} --peer <host:port> --as <MSP:user> <function> [args...]`);
        const contract = gateway.getNetwork(network.channelName).getContract(options.chaincodeName);
        const result =
          command === 'query'
            ? await contract.evaluate(fn, { arguments: fnArgs })
            : await contract.submit(fn, { arguments: fnArgs });
        console.log(Buffer.from(result).toString('utf8'));
        return 0;
      }
    }
  } catch (err) {
    if (err instanceof GatewayError) return fail(describeGatewayError(err));
    if (err instanceof CommitError) return fail(err.message);
    throw err;
  } finally {
    gateway.close();
    client.close();
  }
}

/** qscc queries of one channel. */
class PeerSession {
  readonly #gateway: Gateway;
  readonly #channelName: string;

  constructor(gateway: Gateway, channelName: string) {
    this.#gateway = gateway;
    this.#channelName = channelName;
  }

  async chainInfo(): Promise<common.BlockchainInfo> {
    return common.BlockchainInfo.deserializeBinary(await this.#qscc('GetChainInfo'));
  }

  /** The block, or undefined when the peer has none by that number. */
  async block(number: bigint): Promise<common.Block | undefined> {
    try {
      return common.Block.deserializeBinary(await this.#qscc('GetBlockByNumber', String(number)));
    } catch (err) {
      if (err instanceof GatewayError && err.message.includes('no such block number')) return undefined;
      throw err;
    }
  }

  async transaction(txId: string | undefined): Promise<number> {
    if (!txId) return fail('usage: devnet tx <transactionId>');
    let processed: peer.ProcessedTransaction;
    let block: common.Block;
    try {
      processed = peer.ProcessedTransaction.deserializeBinary(await this.#qscc('GetTransactionByID', txId));
      block = common.Block.deserializeBinary(await this.#qscc('GetBlockByTxID', txId));
    } catch (err) {
      if (err instanceof GatewayError && err.message.includes('no such transaction ID')) {
        return fail(`transaction ${txId} is not on the ledger`);
      }
      throw err;
    }
    const code = processed.getValidationcode();
    printJson({
      transactionId: txId,
      blockNumber: BigInt(block.getHeader()?.getNumber() ?? 0),
      code,
      codeName: validationCodeName(code),
      successful: code === peer.TxValidationCode.VALID,
    });
    return 0;
  }

  /** Fetches every block and checks data hashes and links, and the head against the chain info. */
  async verify(): Promise<number> {
    const info = await this.chainInfo();
    const blocks: common.Block[] = [];
    for (let n = 0n; n < BigInt(info.getHeight()); n++) {
      const block = await this.block(n);
      if (!block) return fail(`chain broken at block ${n}: block missing`);
      blocks.push(block);
    }
    const result = verifyBlockChain(blocks);
    if (!result.ok) return fail(`chain broken at block ${result.blockNumber}: ${result.reason}`);
    const head = blocks.at(-1)?.getHeader();
    const current = toHex(info.getCurrentblockhash_asU8());
    if (head && toHex(blockHeaderHash(head)) !== current) return fail('chain head does not match the last block');
    console.log(`chain verified: ${blocks.length} blocks, head ${current}`);
    return 0;
  }

  #qscc(fn: string, ...args: string[]): Promise<Uint8Array> {
    return this.#gateway
      .getNetwork(this.#channelName)
      .getContract('qscc')
      .evaluateTransaction(fn, this.#channelName, ...args);
  }
}

async function grpcClient(options: PeerOptions): Promise<grpc.Client> {
  if (!options.tls && options.tlsRootCert === undefined) {
    return new grpc.Client(options.peer, grpc.credentials.createInsecure());
  }
  const rootPath = options.tlsRootCert ?? path.join(tlsDirectory(options.dataDir), 'ca.crt');
  const root = await readFile(rootPath);
  // devnet's certificate names localhost as well as 127.0.0.1; checking the name avoids TLS's objection to IP server names.
  const host = options.peer.slice(0, options.peer.lastIndexOf(':'));
  const override = /^[0-9.]+$|^\[.*\]$/.test(host) ? { 'grpc.ssl_target_name_override': 'localhost' } : {};
  return new grpc.Client(options.peer, grpc.credentials.createSsl(root), override);
}

/** The gateway's error as a Fabric client shows it: the status, then each endpoint's detail. */
function describeGatewayError(err: GatewayError): string {
  const details = err.details.map((d) => `\n  ${d.address} (${d.mspId}): ${d.message}`).join('');
  return `${err.message}${details}`;
}
