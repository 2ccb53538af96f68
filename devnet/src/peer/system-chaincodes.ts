/**
 * The system chaincodes applications query through a peer: `qscc` (blocks, transactions, chain info),
 * `cscc` (channel configuration) and `_lifecycle` (chaincode definitions). Each answers with the same
 * protobuf messages and the same error texts as Fabric v2.5's (core/scc/qscc, core/scc/cscc,
 * core/chaincode/lifecycle), over devnet's ledger.
 */
import { common, peer } from '@hyperledger/fabric-protos';
import type { LedgerStore } from '../ledger/ledger-store';
import { pbMap } from '@allianceledger/fabric-protocol';
import { encodeBytesFields, encodeVarintField } from '@allianceledger/fabric-protocol';
import { ERROR_STATUS, toHex, type ChaincodeResponse, type ProposalBundle } from '@allianceledger/fabric-protocol';
import { collectionConfigPackage, type Collection } from './collections';

export interface SystemChaincodeRequest {
  /** Chaincode input: the function name followed by its arguments. */
  readonly args: readonly Uint8Array[];
  readonly proposal: ProposalBundle;
}

export interface SystemChaincode {
  invoke(request: SystemChaincodeRequest): Promise<ChaincodeResponse>;
}

/** A chaincode definition as `_lifecycle` reports it. */
export interface DefinedChaincode {
  readonly name: string;
  readonly version: string;
  readonly sequence: number;
  readonly collections: ReadonlyMap<string, Collection>;
}

export interface SystemChaincodesOptions {
  readonly channelId: string;
  readonly store: LedgerStore;
  /** The chaincode definitions committed now (they change when a chaincode is upgraded). */
  readonly chaincodes: () => readonly DefinedChaincode[];
  /** MSP IDs of the channel's organisations (every one approves every definition on devnet). */
  readonly mspIds: readonly string[];
  /** The channel's configuration, as `cscc GetChannelConfig` answers it. */
  readonly channelConfig: () => common.Config;
}

/** The system chaincodes by name. */
export class SystemChaincodes {
  readonly #byName: ReadonlyMap<string, SystemChaincode>;

  constructor(options: Readonly<SystemChaincodesOptions>) {
    this.#byName = new Map<string, SystemChaincode>([
      ['qscc', new Qscc(options)],
      ['cscc', new Cscc(options)],
      ['_lifecycle', new Lifecycle(options)],
    ]);
  }

  has(name: string): boolean {
    return this.#byName.has(name);
  }

  get(name: string): SystemChaincode | undefined {
    return this.#byName.get(name);
  }
}

const text = (bytes: Uint8Array | undefined): string => Buffer.from(bytes ?? new Uint8Array(0)).toString('utf8');

function success(payload: Uint8Array): ChaincodeResponse {
  return { status: 200, message: '', payload };
}

/** shim.Error: status 500 and the message. */
function error(message: string): ChaincodeResponse {
  return { status: ERROR_STATUS, message, payload: new Uint8Array(0) };
}

/** Fabric's default ACL provider (the channel has no ACL section) knows these resources. */
const QSCC_FUNCTIONS = new Set([
  'GetChainInfo',
  'GetBlockByNumber',
  'GetBlockByHash',
  'GetTransactionByID',
  'GetBlockByTxID',
]);
const MAX_UINT64 = 2n ** 64n - 1n;

/** The ledger query system chaincode (core/scc/qscc/query.go). */
class Qscc implements SystemChaincode {
  readonly #channelId: string;
  readonly #store: LedgerStore;

  constructor(options: Readonly<SystemChaincodesOptions>) {
    this.#channelId = options.channelId;
    this.#store = options.store;
  }

  async invoke({ args }: SystemChaincodeRequest): Promise<ChaincodeResponse> {
    if (args.length < 2) return error(`Incorrect number of arguments, ${args.length}`);
    const fname = text(args[0]);
    const cid = text(args[1]);
    if (fname !== 'GetChainInfo' && args.length < 3) return error(`missing 3rd argument for ${fname}`);
    if (cid !== this.#channelId) return error(`Invalid chain ID, ${cid}`);
    if (!QSCC_FUNCTIONS.has(fname)) {
      return error(`access denied for [${fname}][${cid}]: [Unmapped policy for qscc/${fname}]`);
    }
    const arg = args[2] ?? new Uint8Array(0);
    switch (fname) {
      case 'GetChainInfo':
        return success(this.#chainInfo());
      case 'GetBlockByNumber':
        return this.#blockByNumber(text(arg));
      case 'GetBlockByHash':
        return this.#blockByHash(arg);
      case 'GetTransactionByID':
        return this.#transactionById(text(arg));
      case 'GetBlockByTxID':
        return this.#blockByTxId(text(arg));
      default:
        return error(`Requested function ${fname} not found.`);
    }
  }

  #chainInfo(): Uint8Array {
    const info = this.#store.chainInfo;
    const result = new common.BlockchainInfo();
    result.setHeight(Number(info.height));
    result.setCurrentblockhash(info.currentBlockHash);
    result.setPreviousblockhash(info.previousBlockHash);
    return result.serializeBinary();
  }

  async #blockByNumber(number: string): Promise<ChaincodeResponse> {
    if (!/^[0-9]+$/.test(number)) {
      return error(
        `Failed to parse block number with error strconv.ParseUint: parsing ${goQuote(number)}: invalid syntax`,
      );
    }
    let blockNum = BigInt(number);
    if (blockNum > MAX_UINT64) {
      return error(
        `Failed to parse block number with error strconv.ParseUint: parsing ${goQuote(number)}: value out of range`,
      );
    }
    // As Fabric's block store: the largest number asks for the newest block.
    if (blockNum === MAX_UINT64) blockNum = this.#store.chainInfo.height - 1n;
    const block = await this.#store.getBlock(blockNum);
    if (!block)
      return error(`Failed to get block number ${blockNum}, error no such block number [${blockNum}] in index`);
    return success(block);
  }

  async #blockByHash(hash: Uint8Array): Promise<ChaincodeResponse> {
    const blockNum = await this.#store.getBlockNumberByHash(hash);
    const block = blockNum === undefined ? undefined : await this.#store.getBlock(blockNum);
    if (!block)
      return error(`Failed to get block hash ${text(hash)}, error no such block hash [${toHex(hash)}] in index`);
    return success(block);
  }

  async #transactionById(txId: string): Promise<ChaincodeResponse> {
    const location = await this.#store.getTxLocation(txId);
    const envelope = location && (await this.#envelope(location.blockNum, location.txNum));
    if (!location || !envelope) {
      return error(`Failed to get transaction with id ${txId}, error no such transaction ID [${txId}] in index`);
    }
    // peer.ProcessedTransaction{transactionEnvelope = 1, validationCode = 2}
    return success(
      Buffer.concat([
        encodeBytesFields([{ fieldNumber: 1, bytes: envelope, always: true }]),
        encodeVarintField(2, BigInt(location.validationCode)),
      ]),
    );
  }

  async #blockByTxId(txId: string): Promise<ChaincodeResponse> {
    const location = await this.#store.getTxLocation(txId);
    const block = location && (await this.#store.getBlock(location.blockNum));
    if (!block) return error(`Failed to get block for txID ${txId}, error no such transaction ID [${txId}] in index`);
    return success(block);
  }

  async #envelope(blockNum: bigint, txNum: number): Promise<Uint8Array | undefined> {
    const block = await this.#store.getBlock(blockNum);
    return block ? common.Block.deserializeBinary(block).getData()?.getDataList_asU8()[txNum] : undefined;
  }
}

/** The configuration system chaincode (core/scc/cscc/configure.go): the functions that read. */
class Cscc implements SystemChaincode {
  readonly #channelId: string;
  readonly #channelConfig: () => common.Config;

  constructor(options: Readonly<SystemChaincodesOptions>) {
    this.#channelId = options.channelId;
    this.#channelConfig = options.channelConfig;
  }

  invoke({ args }: SystemChaincodeRequest): Promise<ChaincodeResponse> {
    return Promise.resolve(this.#invoke(args));
  }

  #invoke(args: readonly Uint8Array[]): ChaincodeResponse {
    if (args.length < 1) return error(`Incorrect number of arguments, ${args.length}`);
    const fname = text(args[0]);
    if (fname !== 'GetChannels' && fname !== 'JoinBySnapshotStatus' && args.length < 2) {
      return error(`Incorrect number of arguments, ${args.length}`);
    }
    switch (fname) {
      case 'GetChannelConfig': {
        const channel = text(args[1]);
        if (channel === '') return error('empty channel name provided');
        if (channel !== this.#channelId) return error(`unknown channel ID, ${channel}`);
        return success(this.#channelConfig().serializeBinary());
      }
      case 'GetChannels': {
        const info = new peer.ChannelInfo();
        info.setChannelId(this.#channelId);
        const result = new peer.ChannelQueryResponse();
        result.setChannelsList([info]);
        return success(result.serializeBinary());
      }
      case 'GetConfigBlock':
      case 'JoinChain':
      case 'JoinChainBySnapshot':
      case 'JoinBySnapshotStatus':
        return error(
          `devnet does not support cscc ${fname}: its channel exists from the start and has no config block`,
        );
      default:
        return error(`Requested function ${fname} not found.`);
    }
  }
}

/** `_lifecycle` functions Fabric's default ACL provider maps (others fail its ACL check, as on a peer). */
const LIFECYCLE_FUNCTIONS = new Set([
  'InstallChaincode',
  'QueryInstalledChaincode',
  'QueryInstalledChaincodes',
  'GetInstalledChaincodePackage',
  'ApproveChaincodeDefinitionForMyOrg',
  'QueryApprovedChaincodeDefinition',
  'CheckCommitReadiness',
  'CommitChaincodeDefinition',
  'QueryChaincodeDefinition',
  'QueryChaincodeDefinitions',
]);

/** The chaincode lifecycle system chaincode's queries (core/chaincode/lifecycle/scc.go). */
class Lifecycle implements SystemChaincode {
  readonly #chaincodes: () => readonly DefinedChaincode[];
  readonly #mspIds: readonly string[];

  constructor(options: Readonly<SystemChaincodesOptions>) {
    this.#chaincodes = options.chaincodes;
    this.#mspIds = options.mspIds;
  }

  invoke({ args }: SystemChaincodeRequest): Promise<ChaincodeResponse> {
    return Promise.resolve(this.#invoke(args));
  }

  #invoke(args: readonly Uint8Array[]): ChaincodeResponse {
    if (args.length === 0) return error('lifecycle scc must be invoked with arguments');
    if (args.length !== 2) {
      return error(`lifecycle scc operations require exactly two arguments but received ${args.length}`);
    }
    const fname = text(args[0]);
    if (!LIFECYCLE_FUNCTIONS.has(fname)) {
      return error(`Failed to authorize invocation due to failed ACL check: Unmapped policy for _lifecycle/${fname}`);
    }
    const failed = (message: string): ChaincodeResponse =>
      error(`failed to invoke backing implementation of '${fname}': ${message}`);
    const input = args[1] ?? new Uint8Array(0);
    switch (fname) {
      case 'QueryChaincodeDefinition': {
        let name: string;
        try {
          name = peer.lifecycle.QueryChaincodeDefinitionArgs.deserializeBinary(input).getName();
        } catch (err) {
          return failed(
            `could not decode input arg for *lifecycle.Invocation.QueryChaincodeDefinition: ${(err as Error).message}`,
          );
        }
        const chaincode = this.#chaincodes().find((c) => c.name === name);
        // ErrNamespaceNotDefined is answered with status 404.
        if (!chaincode) return { status: 404, message: `namespace ${name} is not defined`, payload: new Uint8Array(0) };
        return success(this.#definition(chaincode).serializeBinary());
      }
      case 'QueryChaincodeDefinitions': {
        const result = new peer.lifecycle.QueryChaincodeDefinitionsResult();
        result.setChaincodeDefinitionsList(
          this.#chaincodes().map((c) => {
            const d = this.#definition(c);
            const out = new peer.lifecycle.QueryChaincodeDefinitionsResult.ChaincodeDefinition();
            out.setName(c.name);
            out.setSequence(d.getSequence());
            out.setVersion(d.getVersion());
            out.setEndorsementPlugin(d.getEndorsementPlugin());
            out.setValidationPlugin(d.getValidationPlugin());
            out.setValidationParameter(d.getValidationParameter_asU8());
            out.setCollections(d.getCollections());
            out.setInitRequired(d.getInitRequired());
            return out;
          }),
        );
        return success(result.serializeBinary());
      }
      default:
        return failed(`devnet does not support ${fname}: chaincode definitions are fixed when devnet opens`);
    }
  }

  /** The definition as Fabric records it: default plugins, the channel's Endorsement policy, every org approving. */
  #definition(chaincode: DefinedChaincode): peer.lifecycle.QueryChaincodeDefinitionResult {
    const policy = new peer.ApplicationPolicy();
    policy.setChannelConfigPolicyReference('/Channel/Application/Endorsement');
    const result = new peer.lifecycle.QueryChaincodeDefinitionResult();
    result.setSequence(chaincode.sequence);
    result.setVersion(chaincode.version);
    result.setEndorsementPlugin('escc');
    result.setValidationPlugin('vscc');
    result.setValidationParameter(policy.serializeBinary());
    result.setCollections(collectionConfigPackage(chaincode.collections.values()));
    result.setInitRequired(false);
    const approvals = pbMap<string, boolean>(result.getApprovalsMap());
    for (const mspId of this.#mspIds) approvals.set(mspId, true);
    return result;
  }
}

/** Go's %q for the printable ASCII a block number argument normally holds. */
function goQuote(value: string): string {
  return JSON.stringify(value);
}
