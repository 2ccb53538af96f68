import { existsSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { common, peer } from '@hyperledger/fabric-protos';
import { BlockFeed } from './block-feed';
import { DevnetGateway, type LedgerPeer, type SubmittedTransaction } from './client';
import { EndorseError, LedgerClosedError, LedgerLockedError, SubmitError } from './errors';
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
import { channelConfig, type ChannelOrganization } from './peer/channel-config';
import { parseCollections, type Collection, type CollectionConfigJson } from './peer/collections';
import { Committer, type OrderedTransaction } from './peer/committer';
import {
  Endorser,
  type Endorsement,
  type InstalledChaincode,
  type ProposalFailure,
  type ProposalOutcome,
} from './peer/endorser';
import { MembershipService } from './peer/membership';
import { SignatureVerifier } from './peer/signature-verifier';
import { SystemChaincodes } from './peer/system-chaincodes';
import { TransientStore } from './peer/transient-store';
import {
  TxValidationCode,
  blockHeaderHash,
  decodeBlock,
  deserializeIdentity,
  newTransactionEnvelope,
  parseTransactionEnvelope,
  toHex,
  validationCodeName,
  verifyBlockChain,
  type BlockChainVerification,
  type DecodedBlock,
  type EndorsedAction,
  type ParsedTransaction,
  type ProposalBundle,
} from '@allianceledger/fabric-protocol';

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

/** The ordering service's answer to a broadcast transaction (orderer.BroadcastResponse). */
export interface BroadcastResult {
  readonly transactionId: string;
  /** common.Status: 200 (SUCCESS) when the transaction was queued for a block. */
  readonly status: number;
  readonly info: string;
}

/** A signature over some bytes by a serialized identity (Fabric's protoutil.SignedData). */
export interface SignedData {
  readonly data: Uint8Array;
  /** Serialized msp.SerializedIdentity. */
  readonly identity: Uint8Array;
  readonly signature: Uint8Array;
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
  readonly #listeners = new Map<string, Set<CommitListener>>();
  readonly #transient = new TransientStore();
  readonly #clock: () => Date;
  readonly #verifier: SignatureVerifier;
  readonly #membership: MembershipService;
  /** The chaincodes as committed now: {@link Devnet.upgradeChaincode} replaces an entry. */
  readonly #chaincodes: Map<string, InstalledChaincode>;
  readonly #chaincodeLogLevel: string | undefined;
  readonly #channelConfig: () => common.Config;
  #closing = false;

  private constructor(init: {
    options: DevnetOptions;
    channelName: string;
    organizations: OrganizationInfo[];
    store: LedgerStore;
    membership: MembershipService;
    chaincodes: Map<string, InstalledChaincode>;
    peers: ReadonlyMap<string, LoadedSigningIdentity>;
    trust: readonly ChannelOrganization[];
  }) {
    this.channelName = init.channelName;
    this.dataDir = init.options.dataDir;
    this.organizations = init.organizations;
    this.#store = init.store;
    this.#membership = init.membership;
    this.#chaincodes = init.chaincodes;
    this.#chaincodeLogLevel = init.options.chaincodeLogLevel;
    this.#verifier = new SignatureVerifier();
    this.#committer = new Committer(init.store);
    this.#clock = init.options.clock ?? (() => new Date());
    const batch = { ...DEFAULT_BATCH, ...init.options.batch };
    let config: common.Config | undefined;
    this.#channelConfig = () => (config ??= channelConfig({ organizations: init.trust, batch }));
    const systemChaincodes = new SystemChaincodes({
      channelId: init.channelName,
      store: init.store,
      chaincodes: () =>
        [...this.#chaincodes.values()].map((cc) => ({
          name: cc.runtime.definition.name,
          version: cc.runtime.definition.version,
          sequence: cc.runtime.definition.sequence ?? 1,
          collections: cc.collections,
        })),
      mspIds: init.organizations.map((o) => o.mspId),
      channelConfig: this.#channelConfig,
    });
    this.#endorser = new Endorser({
      channelId: init.channelName,
      store: init.store,
      membership: init.membership,
      chaincodes: init.chaincodes,
      systemChaincodes,
      peers: init.peers,
      verifier: this.#verifier,
    });
    this.#cutter = new BlockCutter<OrderedTransaction>(
      batch,
      (txs) => this.#commitBatch(txs),
      (err, txs) => {
        const error = err instanceof Error ? err : new Error(String(err));
        for (const tx of txs) this.#settle(tx.txId, error);
      },
    );
  }

  /** Opens the devnet under `options.dataDir`, creating organisations and the genesis block the first time. */
  static async open(options: DevnetOptions): Promise<Devnet> {
    const network = await ensureNetwork(options);
    const organizations = organizationsOf(options.dataDir, network);
    const orgRoot = path.join(options.dataDir, 'organizations');
    const roots = new Map<string, string[]>();
    const peers = new Map<string, LoadedSigningIdentity>();
    for (const o of organizations) {
      roots.set(o.mspId, (await loadOrgTrust(o.mspDir)).rootCertificatesPem);
      peers.set(o.mspId, await loadSigningIdentity(peerMspDir(orgRoot, o.domain), o.mspId));
    }
    const trust = [...roots].map(([mspId, rootCertificatesPem]) => ({ mspId, rootCertificatesPem }));
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
      if ((err as { cause?: { code?: unknown } }).cause?.code === 'LEVEL_LOCKED') {
        throw new LedgerLockedError(options.dataDir, { cause: err });
      }
      throw new Error(`cannot open the ledger in ${options.dataDir}: ${(err as Error).message}`, { cause: err });
    }
    const devnet = new Devnet({
      options,
      channelName: network.channelName,
      organizations,
      store,
      membership: new MembershipService(roots, clock),
      chaincodes,
      peers,
      trust,
    });
    if (store.chainInfo.height === 0n) await devnet.#commitBatch([]); // the genesis block
    return devnet;
  }

  /**
   * The channel and organisations of an existing data directory, read without opening its ledger (which
   * a running devnet holds locked): what a client of that devnet needs to find its identities.
   */
  static async describe(dataDir: string): Promise<{ channelName: string; organizations: OrganizationInfo[] }> {
    const file = path.join(dataDir, NETWORK_FILE);
    if (!existsSync(file)) throw new Error(`no devnet in ${dataDir} (${NETWORK_FILE} is missing; run devnet init)`);
    const network = JSON.parse(await readFile(file, 'utf8')) as NetworkFile;
    return { channelName: network.channelName, organizations: organizationsOf(dataDir, network) };
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

  /** The private write sets committed with a block, by transaction number (serialized rwset.TxPvtReadWriteSet). */
  getBlockPrivateData(blockNumber: bigint): Promise<Map<number, Uint8Array>> {
    return this.#store.getPrivateData(blockNumber);
  }

  /** The channel's configuration, as `cscc GetChannelConfig` answers it. */
  channelConfig(): common.Config {
    return this.#channelConfig();
  }

  /**
   * Upgrades a deployed chaincode to a new definition, as a consortium's lifecycle commit does on Fabric:
   * world state is kept, `_lifecycle` reports the new version and sequence, and every proposal endorsed
   * from now on runs the new contracts. The sequence defaults to the current one plus one and must grow;
   * the collections default to the current ones. Unlike Fabric, a transaction endorsed by the old
   * contracts and not yet committed still commits (Fabric invalidates it with MVCC_READ_CONFLICT).
   *
   * @example
   * ```ts
   * await devnet.upgradeChaincode({ definition: { name: 'alliance', version: '2.0', contracts: v2 } });
   * ```
   */
  upgradeChaincode(upgrade: DeployedChaincode): { readonly version: string; readonly sequence: number } {
    const { name } = upgrade.definition;
    const current = this.#chaincodes.get(name);
    if (!current) throw new Error(`chaincode ${name} is not deployed on this devnet`);
    const currentSequence = current.runtime.definition.sequence ?? 1;
    const sequence = upgrade.definition.sequence ?? currentSequence + 1;
    if (sequence <= currentSequence) {
      throw new Error(
        `chaincode ${name} is at sequence ${currentSequence}: an upgrade needs a higher one, not ${sequence}`,
      );
    }
    this.#chaincodes.set(name, {
      runtime: new ChaincodeRuntime({ ...upgrade.definition, sequence }, this.#chaincodeLogLevel),
      collections: upgrade.collections ? parseCollections(upgrade.collections) : current.collections,
    });
    return { version: upgrade.definition.version, sequence };
  }

  /** Whether `name` runs on this channel: a deployed chaincode or a system chaincode (qscc, cscc, _lifecycle). */
  hasChaincode(name: string): boolean {
    return this.#endorser.hasChaincode(name);
  }

  /** A deployed chaincode's private data collection, if it defines one by that name. */
  collection(chaincodeName: string, collectionName: string): Collection | undefined {
    return this.#chaincodes.get(chaincodeName)?.collections.get(collectionName);
  }

  /**
   * Whether the signed data satisfies the channel's Readers (or Writers) policy as devnet applies it: the
   * identity is a valid member of one of the channel's organisations and the signature is its own.
   */
  async isChannelMember(signed: SignedData): Promise<boolean> {
    let identity;
    try {
      identity = deserializeIdentity(signed.identity);
    } catch {
      return false;
    }
    const certificatePem = Buffer.from(identity.credentials).toString('utf8');
    if ((await this.#membership.validateCreator(identity.mspId, certificatePem)) !== undefined) return false;
    return this.#verifier.verify({ certificatePem, message: signed.data, signature: signed.signature });
  }

  // ---- the peer and the orderer ----------------------------------------------------------------

  /**
   * The endorsing peer (Fabric's Endorser.ProcessProposal): validates and simulates a signed proposal and
   * answers its endorsement or why it failed. The peer of `endorsingMspId` endorses, by default the peer of
   * the creator's organisation. Private writes of an endorsement are kept by transaction id
   * for the commit, as the peer's transient store does.
   */
  async processProposal(signedProposal: peer.SignedProposal, endorsingMspId?: string): Promise<ProposalOutcome> {
    this.#assertOpen();
    const outcome = await this.#endorser.process(signedProposal, endorsingMspId);
    const { endorsement } = outcome;
    if (endorsement) {
      const { rwset, pvt } = endorsement.simulation;
      this.#transient.put(endorsement.proposal.txId, rwset, pvt, this.#store.chainInfo.height);
    }
    return outcome;
  }

  /**
   * The ordering service (Fabric's AtomicBroadcast.Broadcast): accepts a signed transaction envelope for
   * the channel when its creator may write to it and signed it, and queues it for the next block.
   * Ordering does not look inside: the same envelope sent twice is ordered twice, and the committing peer
   * records the second as DUPLICATE_TXID.
   */
  async broadcast(envelope: Uint8Array): Promise<BroadcastResult> {
    this.#assertOpen();
    let tx: ParsedTransaction;
    try {
      tx = parseTransactionEnvelope(envelope);
    } catch (err) {
      return refused('', Status.BAD_REQUEST, `could not determine channel ID: ${(err as Error).message}`);
    }
    if (tx.channelId !== this.channelName) {
      return refused(
        tx.txId,
        Status.BAD_REQUEST,
        'channel creation request not allowed because the orderer system channel is not defined',
      );
    }
    if (tx.type === common.HeaderType.CONFIG) {
      return refused(tx.txId, Status.BAD_REQUEST, 'message is of type that cannot be processed directly');
    }
    if (tx.type === common.HeaderType.CONFIG_UPDATE) {
      return refused(tx.txId, Status.BAD_REQUEST, 'devnet does not apply channel configuration updates');
    }
    // Both checks start now, so they travel to the verifier's thread together.
    const endorsementCode = tx.action ? this.#checkEndorsements(tx.action) : Promise.resolve(TxValidationCode.VALID);
    const creatorSigned = this.isChannelMember({
      data: tx.payloadBytes,
      identity: tx.creatorBytes,
      signature: tx.signature,
    });
    if (!(await creatorSigned)) {
      // The orderer's signature filter evaluates /Channel/Writers (ANY Writers of Application and Orderer).
      return refused(
        tx.txId,
        Status.FORBIDDEN,
        "implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Writers' sub-policies to be satisfied: permission denied",
      );
    }
    const rwset = tx.action?.rwset ?? { namespaces: [] };
    this.#cutter.enqueue({
      txId: tx.txId,
      envelopeBytes: envelope,
      timestamp: tx.timestamp,
      rwset,
      pvt: this.#transient.select(tx.txId, rwset),
      // The committing peer validates the creator's signature again; the orderer's verdict is that same check.
      envelopeCode: tx.structureCode,
      endorsementCode,
    });
    return { transactionId: tx.txId, status: Status.SUCCESS, info: '' };
  }

  /**
   * The commit status of a transaction: at once if it is in a block already (however long ago), else when
   * its block commits. Rejects when the signal aborts or devnet closes.
   */
  async waitForCommit(transactionId: string, signal?: AbortSignal): Promise<TransactionStatus> {
    this.#assertOpen();
    // Listen first, then look in the ledger, so that a commit in between is not missed.
    const listener = this.#listen(transactionId, signal);
    listener.promise.catch(() => undefined);
    try {
      const committed = await this.getTransactionStatus(transactionId);
      if (committed) {
        listener.cancel();
        return committed;
      }
    } catch (err) {
      listener.cancel();
      throw err;
    }
    return listener.promise;
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
    for (const id of [...this.#listeners.keys()]) this.#settle(id, new LedgerClosedError('devnet closed'));
    await this.#store.close();
    await this.#verifier.close();
  }

  // ---- LedgerPeer: the in-process client's path, the same as a remote client's ------------------

  async evaluateProposal(proposal: ProposalBundle): Promise<Uint8Array> {
    return (await this.#endorse(proposal.signedProposal)).result;
  }

  async submitProposal(proposal: ProposalBundle, signing: SigningIdentity): Promise<SubmittedTransaction> {
    const endorsement = await this.#endorse(proposal.signedProposal);
    let envelope;
    try {
      envelope = await newTransactionEnvelope(endorsement.proposal, [endorsement.response], signing);
    } catch (err) {
      throw new EndorseError(proposal.txId, 0, (err as Error).message, { cause: err });
    }
    const committed = this.#listen(proposal.txId);
    committed.promise.catch(() => undefined); // a caller that never asks for the status must not crash the process
    const result = await this.broadcast(envelope.envelopeBytes);
    if (result.status !== Status.SUCCESS) {
      committed.cancel();
      throw new SubmitError(
        proposal.txId,
        result.status,
        `received unsuccessful response from orderer: status=${statusName(result.status)}, info=${result.info}`,
      );
    }
    return { transactionId: proposal.txId, result: endorsement.result, getStatus: () => committed.promise };
  }

  // ---- internals -------------------------------------------------------------------------------

  async #endorse(signedProposal: peer.SignedProposal): Promise<Endorsement> {
    const outcome = await this.processProposal(signedProposal);
    if (outcome.failure) throw endorseError(outcome.failure);
    return outcome.endorsement;
  }

  async #commitBatch(batch: OrderedTransaction[]): Promise<void> {
    const block = await this.#committer.commit(batch);
    for (const [i, txId] of block.txIds.entries()) {
      const code = block.codes[i] ?? TxValidationCode.INVALID_OTHER_REASON;
      this.#settle(txId, status(txId, block.blockNum, code));
    }
    this.#transient.purge(block.txIds, block.blockNum + 1n);
    this.#feed.notify();
  }

  /**
   * The endorsements' verdict, as devnet applies the endorsement policy: at least one endorsement by a
   * valid member of the channel whose signature over the response payload and its identity verifies.
   */
  async #checkEndorsements(action: EndorsedAction): Promise<number> {
    try {
      const verdicts = await Promise.all(
        action.endorsements.map(async (e) => {
          const certificatePem = Buffer.from(e.endorser.credentials).toString('utf8');
          if ((await this.#membership.validateCreator(e.endorser.mspId, certificatePem)) !== undefined) return false;
          return this.#verifier.verify({
            certificatePem,
            message: Buffer.concat([action.responsePayload, e.endorserBytes]),
            signature: e.signature,
          });
        }),
      );
      return verdicts.includes(true) ? TxValidationCode.VALID : TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
    } catch {
      return TxValidationCode.ENDORSEMENT_POLICY_FAILURE;
    }
  }

  /** Waits for the first commit of `txId` (its block order decides which, as Fabric's commit notifier). */
  #listen(txId: string, signal?: AbortSignal): { promise: Promise<TransactionStatus>; cancel: () => void } {
    let listeners = this.#listeners.get(txId);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(txId, listeners);
    }
    const set = listeners;
    let listener: CommitListener | undefined;
    const cancel = (): void => {
      if (listener) set.delete(listener);
      if (set.size === 0 && this.#listeners.get(txId) === set) this.#listeners.delete(txId);
      signal?.removeEventListener('abort', onAbort);
    };
    const onAbort = (): void => {
      cancel();
      listener?.reject(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    };
    const promise = new Promise<TransactionStatus>((resolve, reject) => {
      listener = {
        resolve: (s) => {
          signal?.removeEventListener('abort', onAbort);
          resolve(s);
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort);
          reject(e);
        },
      };
      set.add(listener);
    });
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, { once: true });
    return { promise, cancel };
  }

  #settle(txId: string, outcome: TransactionStatus | Error): void {
    const listeners = this.#listeners.get(txId);
    if (!listeners) return;
    this.#listeners.delete(txId);
    for (const listener of listeners) {
      if (outcome instanceof Error) listener.reject(outcome);
      else listener.resolve(outcome);
    }
  }

  #assertOpen(): void {
    if (this.#closing) throw new LedgerClosedError('devnet is closed');
  }
}

interface CommitListener {
  resolve(status: TransactionStatus): void;
  reject(error: Error): void;
}

const Status = common.Status;

function statusName(code: number): string {
  return Object.entries(common.Status).find(([, value]) => value === code)?.[0] ?? String(code);
}

function refused(transactionId: string, code: number, info: string): BroadcastResult {
  return { transactionId, status: code, info };
}

/** The in-process client's error: Fabric's message, with devnet's reason for a refused creator or signature. */
function endorseError(failure: ProposalFailure): EndorseError {
  const status = failure.kind === 'chaincode' ? (failure.response.getResponse()?.getStatus() ?? 0) : 0;
  const message = failure.detail ? `${failure.message} (${failure.detail})` : failure.message;
  return new EndorseError(failure.txId, status, message);
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

function organizationsOf(dataDir: string, network: NetworkFile): OrganizationInfo[] {
  const orgRoot = path.join(dataDir, 'organizations');
  return network.organizations.map((o) => ({
    mspId: o.mspId,
    domain: o.domain,
    mspDir: orgMspDir(orgRoot, o.domain),
    users: o.users.map((u) => ({ name: u.name, mspDir: userMspDir(orgRoot, o.domain, u.name) })),
  }));
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
