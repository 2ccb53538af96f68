/**
 * Fabric's Gateway service (gateway.Gateway: Evaluate, Endorse, Submit, CommitStatus, ChaincodeEvents)
 * over devnet, answering as a Fabric v2.5 peer's embedded gateway does (internal/pkg/gateway): the same
 * messages, the same gRPC status codes and texts, and `gateway.ErrorDetail`s where the peer attaches them.
 */
import { status as GrpcStatus, type ServerWritableStream } from '@grpc/grpc-js';
import { common, gateway, orderer, peer } from '@hyperledger/fabric-protos';
import type { Devnet } from '../devnet';
import type { Endorsement, ProposalFailure } from '../peer/endorser';
import { chaincodeEventsOfBlock, newTransactionPayload, ProposalResponsePayloadMismatchError } from '../protocol';
import { transientMapOf } from '../protocol/pb-map';
import { cancellation, toServiceError, unary, writeMessage } from './handlers';
import { checkReaders } from './access';
import { newRpcError, responseStatus, RpcError, type ErrorDetail } from './status-errors';

export interface GatewayServiceOptions {
  readonly devnet: Devnet;
  /** The endpoint clients dial, which error details name as the endorsing peer's and orderer's address. */
  readonly address: () => string;
}

/** Fields Evaluate and Endorse read from a proposal before any peer sees it. */
interface UnpackedProposal {
  readonly signedProposal: peer.SignedProposal;
  readonly channelId: string;
  readonly chaincodeName: string;
  readonly hasTransientData: boolean;
}

export class GatewayService {
  readonly #devnet: Devnet;
  readonly #address: () => string;

  constructor(options: Readonly<GatewayServiceOptions>) {
    this.#devnet = options.devnet;
    this.#address = options.address;
  }

  /** The handlers, for `server.addService(gateway.GatewayService, ...)`. */
  implementation(): gateway.IGatewayServer {
    return {
      evaluate: unary((request: gateway.EvaluateRequest) => this.#evaluate(request)),
      endorse: unary((request: gateway.EndorseRequest) => this.#endorse(request)),
      submit: unary((request: gateway.SubmitRequest) => this.#submit(request)),
      commitStatus: unary((request: gateway.SignedCommitStatusRequest, signal) => this.#commitStatus(request, signal)),
      chaincodeEvents: (call) => {
        this.#chaincodeEvents(call).catch((err: unknown) => {
          call.emit('error', toServiceError(err));
        });
      },
    };
  }

  // ---- Evaluate (evaluate.go) ------------------------------------------------------------------

  async #evaluate(request: gateway.EvaluateRequest): Promise<gateway.EvaluateResponse> {
    let unpacked: UnpackedProposal;
    try {
      unpacked = unpackProposal(request.getProposedTransaction());
    } catch (err) {
      throw new RpcError(
        GrpcStatus.INVALID_ARGUMENT,
        `failed to unpack transaction proposal: ${(err as Error).message}`,
      );
    }
    const { channelId, chaincodeName, hasTransientData } = unpacked;
    if (channelId !== this.#devnet.channelName) throw noChannelConfig(GrpcStatus.UNAVAILABLE, channelId);
    const targetOrgs = request.getTargetOrganizationsList();
    const endorsingOrg = targetOrgs.find((mspId) => this.#mspIds.includes(mspId));
    if (!this.#devnet.hasChaincode(chaincodeName) || (targetOrgs.length > 0 && !endorsingOrg)) {
      const message = `no peers available to evaluate chaincode ${chaincodeName} in channel ${channelId}`;
      throw new RpcError(
        GrpcStatus.FAILED_PRECONDITION,
        hasTransientData && targetOrgs.length === 0
          ? `no endorsers found in the gateway's organization; retry specifying target organization(s) to protect transient data: ${message}`
          : message,
      );
    }
    const outcome = await this.#devnet.processProposal(unpacked.signedProposal, endorsingOrg);
    if (outcome.failure) {
      const { code, message, retry } = responseStatus(outcome.failure);
      const detail = this.#peerDetail(endorsingOrg ?? outcome.failure.mspId, message);
      // A peer-made 500 would be retried on the other peers; devnet has no other peer to try.
      throw retry
        ? newRpcError(code, 'failed to evaluate transaction, see attached details for more info', detail)
        : newRpcError(code, `evaluate call to endorser returned error: ${message}`, detail);
    }
    const { endorsement } = outcome;
    const chaincodeResponse = endorsement.response.getResponse();
    const result = new peer.Response();
    result.setStatus(chaincodeResponse?.getStatus() ?? 200);
    result.setMessage(chaincodeResponse?.getMessage() ?? '');
    result.setPayload(endorsement.result);
    const response = new gateway.EvaluateResponse();
    response.setResult(result);
    return response;
  }

  // ---- Endorse (endorse.go) --------------------------------------------------------------------

  async #endorse(request: gateway.EndorseRequest): Promise<gateway.EndorseResponse> {
    const signedProposal = request.getProposedTransaction();
    if (!signedProposal || signedProposal.getProposalBytes_asU8().byteLength === 0) {
      throw new RpcError(GrpcStatus.INVALID_ARGUMENT, 'the proposed transaction must contain a signed proposal');
    }
    let unpacked: UnpackedProposal;
    try {
      unpacked = unpackProposal(signedProposal);
    } catch (err) {
      throw new RpcError(GrpcStatus.INVALID_ARGUMENT, (err as Error).message);
    }
    const { channelId, chaincodeName, hasTransientData } = unpacked;
    const available = channelId === this.#devnet.channelName && this.#devnet.hasChaincode(chaincodeName);
    const requested = [...new Set(request.getEndorsingOrganizationsList())];

    let endorsements: Endorsement[];
    if (requested.length > 0) {
      // The client names the organisations: one peer of each endorses, and the client answers for the policy.
      const missing = requested.filter((mspId) => !available || !this.#mspIds.includes(mspId));
      if (missing.length > 0) {
        throw new RpcError(
          GrpcStatus.UNAVAILABLE,
          `failed to find any endorsing peers for org(s): ${missing.join(', ')}`,
        );
      }
      const outcomes = await Promise.all(requested.map((mspId) => this.#devnet.processProposal(signedProposal, mspId)));
      const failures = outcomes.flatMap((o, i) => (o.failure ? [this.#failureDetail(o.failure, requested[i])] : []));
      if (failures.length > 0) throw collectFailed(...failures);
      endorsements = outcomes.flatMap((o) => (o.endorsement ? [o.endorsement] : []));
    } else {
      if (!available) {
        throw new RpcError(
          GrpcStatus.FAILED_PRECONDITION,
          hasTransientData
            ? "no endorsers found in the gateway's organization; retry specifying endorsing organization(s) to protect transient data"
            : `no combination of peers can be derived which satisfy the endorsement policy: No metadata was found for chaincode ${chaincodeName} in channel ${channelId}`,
        );
      }
      const outcome = await this.#devnet.processProposal(signedProposal);
      if (outcome.failure) {
        throw newRpcError(
          GrpcStatus.ABORTED,
          'failed to endorse transaction, see attached details for more info',
          this.#failureDetail(outcome.failure),
        );
      }
      endorsements = [outcome.endorsement];
    }

    const [first] = endorsements;
    if (!first) throw new RpcError(GrpcStatus.ABORTED, 'failed to endorse transaction');
    let payload: Uint8Array;
    try {
      payload = newTransactionPayload(
        first.proposal,
        endorsements.map((e) => e.response),
      );
    } catch (err) {
      if (err instanceof ProposalResponsePayloadMismatchError) {
        throw collectFailed(this.#peerDetail(first.proposal.creator.mspId, 'ProposalResponsePayloads do not match'));
      }
      throw new RpcError(GrpcStatus.ABORTED, `failed to assemble transaction: ${(err as Error).message}`);
    }
    // The prepared transaction goes back unsigned: the client signs it, which is what offline signing needs.
    const envelope = new common.Envelope();
    envelope.setPayload(payload);
    const response = new gateway.EndorseResponse();
    response.setPreparedTransaction(envelope);
    return response;
  }

  // ---- Submit (submit.go) ----------------------------------------------------------------------

  async #submit(request: gateway.SubmitRequest): Promise<gateway.SubmitResponse> {
    const transaction = request.getPreparedTransaction();
    if (!transaction) throw new RpcError(GrpcStatus.INVALID_ARGUMENT, 'a prepared transaction is required');
    if (transaction.getSignature_asU8().byteLength === 0) {
      throw new RpcError(GrpcStatus.INVALID_ARGUMENT, 'prepared transaction must be signed');
    }
    const channelId = request.getChannelId();
    if (channelId !== this.#devnet.channelName) throw noChannelConfig(GrpcStatus.FAILED_PRECONDITION, channelId);
    let result;
    try {
      result = await this.#devnet.broadcast(transaction.serializeBinary());
    } catch (err) {
      throw newRpcError(GrpcStatus.UNAVAILABLE, 'no orderers could successfully process transaction', {
        address: this.#address(),
        mspId: '',
        message: err instanceof Error ? err.message : String(err),
      });
    }
    if (result.status === common.Status.SUCCESS) return new gateway.SubmitResponse();
    if (result.status >= 400 && result.status < 500) {
      throw new RpcError(
        GrpcStatus.ABORTED,
        `received unsuccessful response from orderer: status=${statusName(result.status)}, info=${result.info}`,
      );
    }
    throw new RpcError(GrpcStatus.UNAVAILABLE, 'no orderers could successfully process transaction');
  }

  // ---- CommitStatus (commitstatus.go) ------------------------------------------------------------

  async #commitStatus(
    signedRequest: gateway.SignedCommitStatusRequest,
    signal: AbortSignal,
  ): Promise<gateway.CommitStatusResponse> {
    const bytes = signedRequest.getRequest_asU8();
    if (bytes.byteLength === 0) throw new RpcError(GrpcStatus.INVALID_ARGUMENT, 'a commit status request is required');
    let request: gateway.CommitStatusRequest;
    try {
      request = gateway.CommitStatusRequest.deserializeBinary(bytes);
    } catch (err) {
      throw new RpcError(GrpcStatus.INVALID_ARGUMENT, `invalid status request: ${(err as Error).message}`);
    }
    await checkReaders(this.#devnet, request.getChannelId(), {
      data: bytes,
      identity: request.getIdentity_asU8(),
      signature: signedRequest.getSignature_asU8(),
    });
    const status = await this.#devnet.waitForCommit(request.getTransactionId(), signal);
    const response = new gateway.CommitStatusResponse();
    response.setResult(status.code as peer.TxValidationCodeMap[keyof peer.TxValidationCodeMap]);
    response.setBlockNumber(Number(status.blockNumber));
    return response;
  }

  // ---- ChaincodeEvents (chaincodeevents.go) ------------------------------------------------------

  async #chaincodeEvents(
    call: ServerWritableStream<gateway.SignedChaincodeEventsRequest, gateway.ChaincodeEventsResponse>,
  ): Promise<void> {
    const signal = cancellation(call);
    const bytes = call.request.getRequest_asU8();
    if (bytes.byteLength === 0) {
      throw new RpcError(GrpcStatus.INVALID_ARGUMENT, 'a chaincode events request is required');
    }
    let request: gateway.ChaincodeEventsRequest;
    try {
      request = gateway.ChaincodeEventsRequest.deserializeBinary(bytes);
    } catch (err) {
      throw new RpcError(GrpcStatus.INVALID_ARGUMENT, `invalid chaincode events request: ${(err as Error).message}`);
    }
    await checkReaders(this.#devnet, request.getChannelId(), {
      data: bytes,
      identity: request.getIdentity_asU8(),
      signature: call.request.getSignature_asU8(),
    });
    if (request.getChannelId() !== this.#devnet.channelName) {
      throw new RpcError(GrpcStatus.NOT_FOUND, `channel does not exist: ${request.getChannelId()}`);
    }
    const startBlock = await this.#eventsStartBlock(request);
    const isMatch = chaincodeEventMatcher(request);
    for await (const { bytes: block, number } of this.#devnet.blocks(startBlock, signal)) {
      const events = chaincodeEventsOfBlock(common.Block.deserializeBinary(block)).filter(isMatch);
      if (events.length === 0) continue;
      const response = new gateway.ChaincodeEventsResponse();
      response.setBlockNumber(Number(number));
      response.setEventsList(events);
      await writeMessage(call, response, signal);
    }
    if (!signal.aborted) throw new RpcError(GrpcStatus.ABORTED, 'devnet closed');
    call.end();
  }

  /** After a transaction: its block; else the start position (Specified, or NextCommit by default). */
  async #eventsStartBlock(request: gateway.ChaincodeEventsRequest): Promise<bigint> {
    const after = request.getAfterTransactionId();
    if (after !== '') {
      const status = await this.#devnet.getTransactionStatus(after);
      if (status) return status.blockNumber;
    }
    const position = request.getStartPosition();
    switch (position?.getTypeCase() ?? orderer.SeekPosition.TypeCase.TYPE_NOT_SET) {
      case orderer.SeekPosition.TypeCase.TYPE_NOT_SET:
      case orderer.SeekPosition.TypeCase.NEXT_COMMIT:
        return this.#devnet.chainInfo().height;
      case orderer.SeekPosition.TypeCase.SPECIFIED:
        return BigInt(position?.getSpecified()?.getNumber() ?? 0);
      case orderer.SeekPosition.TypeCase.OLDEST:
        throw new RpcError(GrpcStatus.INVALID_ARGUMENT, 'invalid start position type: *orderer.SeekPosition_Oldest');
      default:
        throw new RpcError(GrpcStatus.INVALID_ARGUMENT, 'invalid start position type: *orderer.SeekPosition_Newest');
    }
  }

  // ---- details ---------------------------------------------------------------------------------

  get #mspIds(): string[] {
    return this.#devnet.organizations.map((o) => o.mspId);
  }

  /** An error detail naming the peer of `mspId` (devnet's first organisation for an unknown one). */
  #peerDetail(mspId: string, message: string): ErrorDetail {
    const known = this.#mspIds.includes(mspId) ? mspId : (this.#mspIds[0] ?? '');
    return { address: this.#address(), mspId: known, message };
  }

  #failureDetail(failure: ProposalFailure, endorsingMspId?: string): ErrorDetail {
    return this.#peerDetail(endorsingMspId ?? failure.mspId, responseStatus(failure).message);
  }
}

function collectFailed(...details: ErrorDetail[]): RpcError {
  return newRpcError(
    GrpcStatus.ABORTED,
    'failed to collect enough transaction endorsements, see attached details for more info',
    ...details,
  );
}

function noChannelConfig(code: GrpcStatus, channelId: string): RpcError {
  return new RpcError(
    code,
    `failed to get config for channel [${channelId}]: could not get last config for channel ${channelId}`,
  );
}

function statusName(code: number): string {
  return Object.entries(common.Status).find(([, value]) => value === code)?.[0] ?? String(code);
}

/** Fabric's getChannelAndChaincodeFromSignedProposal; throws with its messages. */
function unpackProposal(signedProposal: peer.SignedProposal | undefined): UnpackedProposal {
  const proposalBytes = signedProposal?.getProposalBytes_asU8();
  if (!signedProposal || !proposalBytes || proposalBytes.byteLength === 0) {
    throw new Error('a signed proposal is required');
  }
  const proposal = peer.Proposal.deserializeBinary(proposalBytes);
  const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
  const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  const payload = peer.ChaincodeProposalPayload.deserializeBinary(proposal.getPayload_asU8());
  const spec = peer.ChaincodeInvocationSpec.deserializeBinary(payload.getInput_asU8()).getChaincodeSpec();
  const channelId = channelHeader.getChannelId();
  if (channelId === '') throw new Error('no channel id provided');
  if (!spec) throw new Error(`no chaincode spec is provided, channel id [${channelId}]`);
  const chaincodeId = spec.getChaincodeId();
  if (!chaincodeId) throw new Error(`no chaincode id is provided, channel id [${channelId}]`);
  if (chaincodeId.getName() === '') throw new Error(`no chaincode name is provided, channel id [${channelId}]`);
  return {
    signedProposal,
    channelId,
    chaincodeName: chaincodeId.getName(),
    hasTransientData: transientMapOf(payload).getLength() > 0,
  };
}

/**
 * Fabric's chaincodeEventMatcher: events of the chaincode; with an after-transaction id, only those after
 * that transaction's event in block order (the events before it in its block are skipped).
 */
function chaincodeEventMatcher(request: gateway.ChaincodeEventsRequest): (event: peer.ChaincodeEvent) => boolean {
  const chaincodeId = request.getChaincodeId();
  const after = request.getAfterTransactionId();
  if (after === '') return (event) => event.getChaincodeId() === chaincodeId;
  let passed = false;
  return (event) => {
    if (!passed) {
      if (event.getTxId() === after) passed = true;
      return false;
    }
    return event.getChaincodeId() === chaincodeId;
  };
}
