/**
 * Block delivery as a Fabric v2.5 peer serves it (common/deliver, core/peer/deliverevents.go): the peer's
 * Deliver service (full blocks, filtered blocks, blocks with the private data the client may read) and
 * the orderer's AtomicBroadcast.Deliver. A client sends signed SeekInfo envelopes on a stream; for each,
 * the blocks from its start to its stop position are sent, then a status. Blocks go out as the stored
 * bytes, without decoding and re-encoding.
 */
import {
  type MethodDefinition,
  type ServerDuplexStream,
  type ServiceDefinition,
  type UntypedServiceImplementation,
} from '@grpc/grpc-js';
import { common, ledger, orderer, peer } from '@hyperledger/fabric-protos';
import type { Devnet } from '../devnet';
import { deserializeIdentity, filteredBlockOf, fromPbTimestamp, txTimestampToDate } from '../protocol';
import { pbMap } from '../protocol/pb-map';
import { encodeBytesFields, encodeVarintField } from '../protocol/pb-wire';
import { readersRefusal } from './access';
import { cancellation, toServiceError, writeMessage } from './handlers';

/** What a stream delivers: the peer's three kinds, or the orderer's blocks. */
type DeliveryKind = 'block' | 'filtered' | 'private' | 'orderer';

type DeliverCall = ServerDuplexStream<common.Envelope, Uint8Array>;

/** Fabric's default `peer.authentication.timewindow`: how far a request's timestamp may be from the server's clock. */
const TIME_WINDOW_MS = 15 * 60 * 1000;

const Status = common.Status;

/** A method whose responses are already-serialized protobuf bytes. */
export function rawResponses<Request, Response>(
  method: MethodDefinition<Request, Response>,
): MethodDefinition<Request, Uint8Array> {
  return {
    ...method,
    responseSerialize: (value: Uint8Array) => Buffer.from(value.buffer, value.byteOffset, value.byteLength),
    responseDeserialize: (bytes: Buffer) => bytes,
  };
}

/** The peer's protos.Deliver service definition, with responses written as bytes. */
export const PEER_DELIVER_SERVICE: ServiceDefinition = {
  deliver: rawResponses(peer.DeliverService.deliver),
  deliverFiltered: rawResponses(peer.DeliverService.deliverFiltered),
  deliverWithPrivateData: rawResponses(peer.DeliverService.deliverWithPrivateData),
};

/** DeliverResponse (peer and orderer alike): status = 1, block = 2; the peer adds filtered_block = 3, block_and_private_data = 4. */
function statusResponse(status: number): Uint8Array {
  return encodeVarintField(1, BigInt(status));
}

function messageResponse(fieldNumber: 2 | 3 | 4, bytes: Uint8Array): Uint8Array {
  return encodeBytesFields([{ fieldNumber, bytes, always: true }]);
}

interface SeekRequest {
  readonly seekInfo: orderer.SeekInfo;
  /** The requester's serialized identity, for private data eligibility. */
  readonly creator: Uint8Array;
}

export class DeliverService {
  readonly #devnet: Devnet;

  constructor(options: Readonly<{ devnet: Devnet }>) {
    this.#devnet = options.devnet;
  }

  /** Handlers for {@link PEER_DELIVER_SERVICE}. */
  peerImplementation(): UntypedServiceImplementation {
    return {
      deliver: (call: DeliverCall) => {
        this.#serve(call, 'block');
      },
      deliverFiltered: (call: DeliverCall) => {
        this.#serve(call, 'filtered');
      },
      deliverWithPrivateData: (call: DeliverCall) => {
        this.#serve(call, 'private');
      },
    };
  }

  /** The orderer's Deliver handler (AtomicBroadcast.Deliver). */
  ordererHandler(): (call: DeliverCall) => void {
    return (call) => {
      this.#serve(call, 'orderer');
    };
  }

  #serve(call: DeliverCall, kind: DeliveryKind): void {
    this.#handle(call, kind).catch((err: unknown) => {
      call.emit('error', toServiceError(err));
    });
  }

  /** Fabric's deliver.Handler.Handle: one SeekInfo after another until the client hangs up or a request fails. */
  async #handle(call: DeliverCall, kind: DeliveryKind): Promise<void> {
    const signal = cancellation(call);
    for await (const envelope of call as AsyncIterable<common.Envelope>) {
      const status = await this.#deliverBlocks(call, envelope, kind, signal);
      if (signal.aborted) return;
      await writeMessage(call, statusResponse(status), signal);
      if (status !== Status.SUCCESS) break;
    }
    call.end();
  }

  async #deliverBlocks(
    call: DeliverCall,
    envelope: common.Envelope,
    kind: DeliveryKind,
    signal: AbortSignal,
  ): Promise<number> {
    const request = await this.#checkRequest(envelope);
    if (typeof request === 'number') return request;
    const { seekInfo } = request;
    const start = seekInfo.getStart();
    const stop = seekInfo.getStop();
    if (!start || !stop) return Status.BAD_REQUEST;

    const height = (): bigint => this.#devnet.chainInfo().height;
    let number: bigint;
    let notFound = false;
    switch (start.getTypeCase()) {
      case orderer.SeekPosition.TypeCase.OLDEST:
        number = 0n;
        break;
      case orderer.SeekPosition.TypeCase.NEWEST:
        number = height() - 1n;
        break;
      case orderer.SeekPosition.TypeCase.SPECIFIED:
        number = BigInt(start.getSpecified()?.getNumber() ?? 0);
        if (number > height()) {
          notFound = true;
          number = 0n;
        }
        break;
      case orderer.SeekPosition.TypeCase.NEXT_COMMIT:
        number = height();
        break;
      default:
        notFound = true;
        number = 0n;
    }
    let stopNumber: bigint;
    switch (stop.getTypeCase()) {
      case orderer.SeekPosition.TypeCase.OLDEST:
        stopNumber = number;
        break;
      case orderer.SeekPosition.TypeCase.NEWEST:
        stopNumber = isSamePosition(start, stop) ? number : height() - 1n;
        break;
      case orderer.SeekPosition.TypeCase.SPECIFIED:
        stopNumber = BigInt(stop.getSpecified()?.getNumber() ?? 0);
        if (stopNumber < number) return Status.BAD_REQUEST;
        break;
      default:
        stopNumber = -1n;
    }
    if (notFound) return Status.NOT_FOUND;

    const failIfNotReady = seekInfo.getBehavior() === orderer.SeekInfo.SeekBehavior.FAIL_IF_NOT_READY;
    const blocks = this.#devnet.blocks(number, signal)[Symbol.asyncIterator]();
    try {
      for (;;) {
        if (failIfNotReady && number > height() - 1n) return Status.NOT_FOUND;
        const next = await blocks.next();
        if (next.done) return signal.aborted ? Status.INTERNAL_SERVER_ERROR : Status.SERVICE_UNAVAILABLE;
        await writeMessage(call, await this.#response(kind, next.value.bytes, next.value.number, request), signal);
        if (next.value.number === stopNumber) return Status.SUCCESS;
        number = next.value.number + 1n;
      }
    } finally {
      await blocks.return(undefined);
    }
  }

  /** The envelope's checks (parseEnvelope, channel, SeekInfo, access control): the request, or a failure status. */
  async #checkRequest(envelope: common.Envelope): Promise<SeekRequest | number> {
    let payload: common.Payload;
    let channelHeader: common.ChannelHeader;
    let signatureHeader: common.SignatureHeader;
    try {
      payload = common.Payload.deserializeBinary(envelope.getPayload_asU8());
      const header = payload.getHeader();
      if (!header) return Status.BAD_REQUEST;
      channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
      signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
    } catch {
      return Status.BAD_REQUEST;
    }
    if (!channelHeader.hasTimestamp()) return Status.BAD_REQUEST;
    const sent = txTimestampToDate(fromPbTimestamp(channelHeader.getTimestamp()));
    const skew = Math.abs(Date.now() - sent.getTime());
    if (skew > TIME_WINDOW_MS) return Status.BAD_REQUEST;
    const channelId = channelHeader.getChannelId();
    if (channelId !== this.#devnet.channelName) return Status.NOT_FOUND;
    let seekInfo: orderer.SeekInfo;
    try {
      seekInfo = orderer.SeekInfo.deserializeBinary(payload.getData_asU8());
    } catch {
      return Status.BAD_REQUEST;
    }
    const creator = signatureHeader.getCreator_asU8();
    const refusal = await readersRefusal(this.#devnet, channelId, {
      data: envelope.getPayload_asU8(),
      identity: creator,
      signature: envelope.getSignature_asU8(),
    });
    if (refusal !== undefined) return Status.FORBIDDEN;
    return { seekInfo, creator };
  }

  async #response(kind: DeliveryKind, block: Uint8Array, number: bigint, request: SeekRequest): Promise<Uint8Array> {
    switch (kind) {
      case 'block':
      case 'orderer':
        return messageResponse(2, block);
      case 'filtered':
        return messageResponse(3, filteredBlockOf(common.Block.deserializeBinary(block)).serializeBinary());
      case 'private': {
        const result = new peer.BlockAndPrivateData();
        result.setBlock(common.Block.deserializeBinary(block));
        const map = pbMap<number, ledger.rwset.TxPvtReadWriteSet>(result.getPrivateDataMapMap());
        for (const [txNum, pvt] of await this.#eligiblePrivateData(number, request.creator)) map.set(txNum, pvt);
        return messageResponse(4, result.serializeBinary());
      }
    }
  }

  /**
   * The block's private write sets, keeping the collections the requester may read: any collection that is
   * not member-only-read, and member-only-read ones of which the requester's organisation is a member.
   */
  async #eligiblePrivateData(
    blockNumber: bigint,
    creator: Uint8Array,
  ): Promise<Map<number, ledger.rwset.TxPvtReadWriteSet>> {
    const mspId = mspIdOf(creator);
    const out = new Map<number, ledger.rwset.TxPvtReadWriteSet>();
    for (const [txNum, bytes] of await this.#devnet.getBlockPrivateData(blockNumber)) {
      const pvt = ledger.rwset.TxPvtReadWriteSet.deserializeBinary(bytes);
      const namespaces = pvt.getNsPvtRwsetList().flatMap((ns) => {
        const collections = ns.getCollectionPvtRwsetList().filter((c) => {
          const collection = this.#devnet.collection(ns.getNamespace(), c.getCollectionName());
          return collection !== undefined && (!collection.memberOnlyRead || collection.memberOrgs.has(mspId));
        });
        if (collections.length === 0) return [];
        ns.setCollectionPvtRwsetList(collections);
        return [ns];
      });
      if (namespaces.length === 0) continue;
      pvt.setNsPvtRwsetList(namespaces);
      out.set(txNum, pvt);
    }
    return out;
  }
}

function isSamePosition(a: orderer.SeekPosition, b: orderer.SeekPosition): boolean {
  return Buffer.from(a.serializeBinary()).equals(Buffer.from(b.serializeBinary()));
}

function mspIdOf(serializedIdentity: Uint8Array): string {
  try {
    return deserializeIdentity(serializedIdentity).mspId;
  } catch {
    return '';
  }
}
