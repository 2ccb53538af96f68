import { peer } from '@hyperledger/fabric-protos';
import { JSONSerializer } from 'fabric-contract-api';
import ChaincodeFromContract from 'fabric-shim/lib/contract-spi/chaincodefromcontract';
import ChaincodeStub from 'fabric-shim/lib/stub';
import { setLevel } from 'fabric-shim/lib/logger';
import { installShimHotPathCaches } from './shim-hot-paths';
import type { TxSimulator } from './tx-simulator';

/** A contract class as fabric-contract-api expects it: constructible with no arguments. */
export type ContractClass = new () => unknown;

export interface ChaincodeDefinition {
  /** The chaincode name, which is also its state namespace. */
  readonly name: string;
  readonly version: string;
  /** The definition's sequence on the channel, as `_lifecycle` reports it; 1 unless given. */
  readonly sequence?: number;
  readonly contracts: readonly ContractClass[];
}

/** A chaincode response as the shim hands it to the peer. */
export interface ChaincodeResponse {
  readonly status: number;
  readonly message: string;
  readonly payload: Uint8Array;
}

export interface ChaincodeEventOut {
  readonly eventName: string;
  readonly payload: Uint8Array;
}

export interface InvokeRequest {
  readonly txId: string;
  readonly channelId: string;
  readonly args: readonly Uint8Array[];
  readonly signedProposal: peer.SignedProposal;
  readonly simulator: TxSimulator;
}

const SERIALIZERS = { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } };

/**
 * Runs contract classes through fabric-contract-api's own dispatch (`ChaincodeFromContract`, the code a
 * chaincode container runs): the same argument conversion, metadata validation, before/after hooks
 * and error handling, with fabric-shim's real `ChaincodeStub` built from the signed proposal.
 */
export class ChaincodeRuntime {
  readonly definition: ChaincodeDefinition;
  readonly #chaincode: ChaincodeFromContract;

  constructor(definition: ChaincodeDefinition, logLevel = 'WARNING') {
    installShimHotPathCaches();
    setLevel(logLevel);
    this.definition = definition;
    // ChaincodeFromContract appends its system contract to the array it is given: hand it a copy.
    this.#chaincode = new ChaincodeFromContract(
      [...definition.contracts],
      SERIALIZERS,
      {},
      definition.name,
      definition.version,
    );
  }

  /** The contract metadata the `org.hyperledger.fabric:GetMetadata` transaction returns. */
  get metadata(): unknown {
    return this.#chaincode.metadata;
  }

  async invoke(req: InvokeRequest): Promise<{ response: ChaincodeResponse; event: ChaincodeEventOut | undefined }> {
    const input = new peer.ChaincodeInput();
    input.setArgsList([...req.args]);
    const stub = new ChaincodeStub(req.simulator, req.channelId, req.txId, input, req.signedProposal);
    const res = await this.#chaincode.Invoke(stub);
    const ev = stub.chaincodeEvent;
    return {
      response: { status: res.status, message: res.message ?? '', payload: res.payload ?? new Uint8Array(0) },
      event: ev ? { eventName: ev.getEventName(), payload: ev.getPayload_asU8() } : undefined,
    };
  }
}
