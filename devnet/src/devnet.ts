import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { common } from '@hyperledger/fabric-protos';
import { BlockFeed } from './block-feed';
import { DevnetGateway, type LedgerPeer, type SubmittedTransaction } from './client';
import { EndorseError, LedgerClosedError } from './errors';
import { LedgerStore } from './ledger/ledger-store';
import {
  loadOrgTrust,
  loadSigningIdentity,
  orgMspDir,
  peerMspDir,
  userMspDir,
  writeOrganization,
  type LoadedSigningIdentity,
  type OrgSpec,
  type SigningIdentity,
} from './msp';
import { DEFAULT_CHANNEL, DEFAULT_ORGANIZATIONS } from './network-config';
import { BlockCutter, DEFAULT_BATCH, type BatchOptions } from './orderer/block-cutter';
import { ChaincodeRuntime, type ChaincodeDefinition } from './peer/chaincode-runtime';
import { parseCollections, type CollectionConfigJson } from './peer/collections';
import { Committer, type OrderedTransaction } from './peer/committer';
import { Endorser, type Endorsement, type InstalledChaincode } from './peer/endorser';
import { MembershipService } from './peer/membership';
import { SignatureVerifier } from './peer/signature-verifier';
import {
  TxValidationCode,
  blockHeaderHash,
  decodeBlock,
  newTransactionEnvelope,
  toHex,
  validationCodeName,
  verifyBlockChain,
  type BlockChainVerification,
  type DecodedBlock,
  type ProposalBundle,
} from './protocol';

export interface DeployedChaincode {
  readonly definition: ChaincodeDefinition;
  /** Private data collections, in Fabric's collections_config.json format. */
  readonly collections?: readonly CollectionConfigJson[];
}

export interface DevnetOptions {
  /** Where identities, world state, private data, history and blocks live. */
  readonly dataDir: string;
  readonly chaincodes: readonly DeployedChaincode[];
  readonly channelName?: string;
  /** Organisations created on first open; defaults to AllianceLedger's three member orgs. */
  readonly organizations?: readonly OrgSpec[];
  readonly batch?: Partial<BatchOptions>;
  /** The client's clock for transaction timestamps; tests inject a controllable one. */
  readonly clock?: () => Date;
  /** fabric-shim's log level inside contracts (CRITICAL, ERROR, WARNING, INFO, DEBUG). */
  readonly chaincodeLogLevel?: string;
}

export interface TransactionStatus {
  readonly transactionId: string;
  readonly blockNumber: bigint;
  readonly code: number;
  readonly codeName: string;
  readonly successful: boolean;
}

export interface ChainInfoView {
  readonly height: bigint;
  readonly currentBlockHash: string;
  readonly previousBlockHash: string;
}

export interface ChaincodeEvent {
  readonly blockNumber: bigint;
  readonly transactionIndex: number;
  readonly transactionId: string;
  readonly chaincodeName: string;
  readonly eventName: string;
  readonly payload: Uint8Array;
}

export interface OrganizationInfo {
  readonly mspId: string;
  readonly domain: string;
  readonly mspDir: string;
  readonly users: readonly { readonly name: string; readonly mspDir: string }[];
}

interface NetworkFile {
  readonly channelName: string;
  readonly organizations: readonly OrgSpec[];
}

const NETWORK_FILE = 'network.json';

/**
 * An embedded Fabric channel with one peer per organisation and a solo orderer, in this process.
 * Contracts run through fabric-contract-api's own dispatch; clients sign with real X.509 identities;
 * transactions are endorsed, cut into hash-chained blocks, MVCC-validated and committed to LevelDB.
 */
export class Devnet implements LedgerPeer {
  readonly channelName: string;
  readonly dataDir: string;
  readonly organizations: readonly OrganizationInfo[];
  readonly #store: LedgerStore;
  readonly #endorser: Endorser;
  readonly #committer: Committer;
  readonly #cutter: BlockCutter<OrderedTransaction>;
  readonly #feed = new BlockFeed();
  readonly #waiters = new Map<string, { resolve: (s: TransactionStatus) => void; reject: (e: Error) => void }>();
  readonly #clock: () => Date;
  readonly #verifier: SignatureVerifier;
  #closing = false;

  private constructor(init: {
    options: DevnetOptions;
    channelName: string;
    organizations: OrganizationInfo[];
    store: LedgerStore;
    endorser: Endorser;
    verifier: SignatureVerifier;
  }) {
    this.channelName = init.channelName;
    this.dataDir = init.options.dataDir;
    this.organizations = init.organizations;
    this.#store = init.store;
    this.#endorser = init.endorser;
    this.#verifier = init.verifier;
    this.#committer = new Committer(init.store);
    this.#clock = init.options.clock ?? (() => new Date());
    this.#cutter = new BlockCutter<OrderedTransaction>(
      { ...DEFAULT_BATCH, ...init.options.batch },
      (batch) => this.#commitBatch(batch),
      (err, batch) => {
        for (const tx of batch) this.#settleWaiter(tx.txId, err instanceof Error ? err : new Error(String(err)));
      },
    );
  }

  /** Opens the devnet under `options.dataDir`, creating organisations and the genesis block the first time. */
  static async open(options: DevnetOptions): Promise<Devnet> {
    const network = await ensureNetwork(options);
    const orgRoot = path.join(options.dataDir, 'organizations');
    const organizations: OrganizationInfo[] = network.organizations.map((o) => ({
      mspId: o.mspId,
      domain: o.domain,
      mspDir: orgMspDir(orgRoot, o.domain),
      users: o.users.map((u) => ({ name: u.name, mspDir: userMspDir(orgRoot, o.domain, u.name) })),
    }));
    const roots = new Map<string, string[]>();
    const peers = new Map<string, LoadedSigningIdentity>();
    for (const o of organizations) {
      roots.set(o.mspId, (await loadOrgTrust(o.mspDir)).rootCertificatesPem);
      peers.set(o.mspId, await loadSigningIdentity(peerMspDir(orgRoot, o.domain), o.mspId));
    }
    const clock = options.clock ?? (() => new Date());
    const chaincodes = new Map<string, InstalledChaincode>();
    for (const cc of options.chaincodes) {
      if (chaincodes.has(cc.definition.name)) throw new Error(`chaincode ${cc.definition.name} deployed twice`);
      chaincodes.set(cc.definition.name, {
        runtime: new ChaincodeRuntime(cc.definition, options.chaincodeLogLevel),
        collections: parseCollections(cc.collections ?? []),
      });
    }
    let store: LedgerStore;
    try {
      store = await LedgerStore.open(path.join(options.dataDir, 'ledger'));
    } catch (err) {
      throw new Error(
        `cannot open the ledger in ${options.dataDir}: ${(err as Error).message} (is another devnet process using it?)`,
        { cause: err },
      );
    }
    const verifier = new SignatureVerifier();
    const endorser = new Endorser({
      channelId: network.channelName,
      store,
      membership: new MembershipService(roots, clock),
      chaincodes,
      peers,
      verifier,
    });
    const devnet = new Devnet({ options, channelName: network.channelName, organizations, store, endorser, verifier });
    if (store.chainInfo.height === 0n) await devnet.#commitBatch([]); // the genesis block
    return devnet;
  }

  /** Deletes everything under a devnet data directory. */
  static async reset(dataDir: string): Promise<void> {
    await LedgerStore.destroy(dataDir);
  }

  now(): Date {
    return this.#clock();
  }

  /** Loads a user's signing identity from its MSP folder, as a gateway would. */
  async identity(mspId: string, userName: string): Promise<LoadedSigningIdentity> {
    const org = this.organizations.find((o) => o.mspId === mspId);
    const user = org?.users.find((u) => u.name === userName);
    if (!org || !user) throw new Error(`no identity ${userName} in organisation ${mspId}`);
    return loadSigningIdentity(user.mspDir, mspId);
  }

  /** A client that signs as `signing`. */
  connect(signing: SigningIdentity): DevnetGateway {
    return new DevnetGateway(this, signing);
  }

  chainInfo(): ChainInfoView {
    const info = this.#store.chainInfo;
    return {
      height: info.height,
      currentBlockHash: toHex(info.currentBlockHash),
      previousBlockHash: toHex(info.previousBlockHash),
    };
  }

  async getBlock(blockNumber: bigint): Promise<common.Block | undefined> {
    const bytes = await this.#store.getBlock(blockNumber);
    return bytes ? common.Block.deserializeBinary(bytes) : undefined;
  }

  async getDecodedBlock(blockNumber: bigint): Promise<DecodedBlock | undefined> {
    const bytes = await this.#store.getBlock(blockNumber);
    return bytes ? decodeBlock(bytes) : undefined;
  }

  /** The committed status of a transaction, or undefined if it is not (yet) in a block. */
  async getTransactionStatus(transactionId: string): Promise<TransactionStatus | undefined> {
    const loc = await this.#store.getTxLocation(transactionId);
    return loc ? status(transactionId, loc.blockNum, loc.validationCode) : undefined;
  }

  /** Re-hashes every stored block and checks the links; reports the first broken block. */
  async verifyChain(): Promise<BlockChainVerification> {
    const blocks: common.Block[] = [];
    for (let n = 0n; n < this.#store.chainInfo.height; n++) {
      const bytes = await this.#store.getBlock(n);
      if (!bytes) return { ok: false, blockNumber: n, reason: 'block missing from the store' };
      blocks.push(common.Block.deserializeBinary(bytes));
    }
    const result = verifyBlockChain(blocks);
    if (!result.ok) return result;
    const last = blocks.at(-1)?.getHeader();
    if (last && toHex(blockHeaderHash(last)) !== toHex(this.#store.chainInfo.currentBlockHash)) {
      return { ok: false, blockNumber: BigInt(last.getNumber()), reason: 'chain head does not match the last block' };
    }
    return result;
  }

  /** Committed blocks from `startBlock`, then each new one as it commits, until the signal aborts or close. */
  async *blocks(startBlock = 0n, signal?: AbortSignal): AsyncGenerator<{ number: bigint; bytes: Uint8Array }> {
    for (let n = startBlock; !signal?.aborted;) {
      if (n < this.#store.chainInfo.height) {
        const bytes = await this.#store.getBlock(n);
        if (!bytes) throw new Error(`block ${n} missing from the store`);
        yield { number: n, bytes };
        n++;
        continue;
      }
      if (this.#feed.closed) return;
      await this.#feed.next(signal);
    }
  }

  /** Chaincode events of valid transactions, in block order, replayed from `startBlock` and then live. */
  async *chaincodeEvents(chaincodeName: string, startBlock = 0n, signal?: AbortSignal): AsyncGenerator<ChaincodeEvent> {
    for await (const { bytes } of this.blocks(startBlock, signal)) {
      const block = decodeBlock(bytes);
      for (const [index, tx] of block.transactions.entries()) {
        if (tx.validationCode !== TxValidationCode.VALID || !tx.event) continue;
        if (tx.event.chaincodeId !== chaincodeName) continue;
        yield {
          blockNumber: block.number,
          transactionIndex: index,
          transactionId: tx.txId,
          chaincodeName: tx.event.chaincodeId,
          eventName: tx.event.eventName,
          payload: tx.event.payload,
        };
      }
    }
  }

  /** Cuts and commits whatever is waiting for a block. */
  flush(): Promise<void> {
    return this.#cutter.flush();
  }

  /** Commits pending transactions, stops streams and closes the store. */
  async close(): Promise<void> {
    if (this.#closing) return;
    this.#closing = true;
    await this.#cutter.flush();
    this.#feed.close();
    for (const id of [...this.#waiters.keys()]) this.#settleWaiter(id, new LedgerClosedError('devnet closed'));
    await this.#store.close();
    await this.#verifier.close();
  }

  // ---- LedgerPeer ------------------------------------------------------------------------------

  async evaluateProposal(proposal: ProposalBundle): Promise<Uint8Array> {
    this.#assertOpen();
    return (await this.#endorser.endorse(proposal.signedProposal)).result;
  }

  async submitProposal(proposal: ProposalBundle, signing: SigningIdentity): Promise<SubmittedTransaction> {
    this.#assertOpen();
    const endorsement = await this.#endorser.endorse(proposal.signedProposal);
    let envelope;
    try {
      envelope = await newTransactionEnvelope(endorsement.proposal, [endorsement.response], signing);
    } catch (err) {
      throw new EndorseError(proposal.txId, 0, (err as Error).message, { cause: err });
    }
    const committed = new Promise<TransactionStatus>((resolve, reject) => {
      this.#waiters.set(proposal.txId, { resolve, reject });
    });
    committed.catch(() => undefined); // a caller that never asks for the status must not crash the process
    const creatorPem = Buffer.from(proposal.creator.credentials).toString('utf8');
    const payload = envelope.envelope.getPayload_asU8();
    const signature = envelope.envelope.getSignature_asU8();
    this.#cutter.enqueue({
      txId: proposal.txId,
      envelopeBytes: envelope.envelopeBytes,
      timestamp: proposal.timestamp,
      rwset: endorsement.simulation.rwset,
      pvt: endorsement.simulation.pvt,
      // The committer re-checks, as a peer's validation does, the creator's signature over the
      // transaction and the endorser's over the response. The checks start now, on the verifier's
      // thread, so their verdicts are ready when the block is validated.
      signatureCode: this.#checkTransactionSignatures(creatorPem, payload, signature, endorsement),
    });
    return { transactionId: proposal.txId, result: endorsement.result, getStatus: () => committed };
  }

  // ---- internals -------------------------------------------------------------------------------

  async #commitBatch(batch: OrderedTransaction[]): Promise<void> {
    const block = await this.#committer.commit(batch);
    for (const [i, txId] of block.txIds.entries()) {
      const code = block.codes[i] ?? TxValidationCode.INVALID_OTHER_REASON;
      this.#settleWaiter(txId, status(txId, block.blockNum, code));
    }
    this.#feed.notify();
  }

  async #checkTransactionSignatures(
    creatorPem: string,
    payload: Uint8Array,
    signature: Uint8Array,
    endorsement: Endorsement,
  ): Promise<number> {
    const endorsementPb = endorsement.response.getEndorsement();
    const [creatorSigned, endorsed] = await Promise.all([
      this.#verifier.verify({ certificatePem: creatorPem, message: payload, signature }),
      endorsementPb
        ? this.#verifier.verify({
            certificatePem: endorsement.endorserPem,
            message: Buffer.concat([endorsement.response.getPayload_asU8(), endorsementPb.getEndorser_asU8()]),
            signature: endorsementPb.getSignature_asU8(),
          })
        : false,
    ]);
    if (!creatorSigned) return TxValidationCode.BAD_CREATOR_SIGNATURE;
    return endorsed ? TxValidationCode.VALID : TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
  }

  #settleWaiter(txId: string, outcome: TransactionStatus | Error): void {
    const waiter = this.#waiters.get(txId);
    if (!waiter) return;
    this.#waiters.delete(txId);
    if (outcome instanceof Error) waiter.reject(outcome);
    else waiter.resolve(outcome);
  }

  #assertOpen(): void {
    if (this.#closing) throw new LedgerClosedError('devnet is closed');
  }
}

function status(transactionId: string, blockNumber: bigint, code: number): TransactionStatus {
  return {
    transactionId,
    blockNumber,
    code,
    codeName: validationCodeName(code),
    successful: code === TxValidationCode.VALID,
  };
}

/** Creates the organisations and records the network on first open; later opens read what exists. */
async function ensureNetwork(options: DevnetOptions): Promise<NetworkFile> {
  const file = path.join(options.dataDir, NETWORK_FILE);
  if (existsSync(file)) {
    return JSON.parse(await readFile(file, 'utf8')) as NetworkFile;
  }
  const network: NetworkFile = {
    channelName: options.channelName ?? DEFAULT_CHANNEL,
    organizations: options.organizations ?? DEFAULT_ORGANIZATIONS,
  };
  const orgRoot = path.join(options.dataDir, 'organizations');
  for (const org of network.organizations) {
    if (!existsSync(orgMspDir(orgRoot, org.domain))) await writeOrganization(orgRoot, org);
  }
  await writeFile(file, JSON.stringify(network, null, 2) + '\n');
  return network;
}
