/**
 * gRPC errors exactly as a Fabric v2.5 peer's gateway returns them (internal/pkg/gateway/apiutils.go):
 * a status code and message, and for failures at an endorsing peer or orderer a `grpc-status-details-bin`
 * trailer holding a google.rpc.Status whose details are `gateway.ErrorDetail`s. fabric-gateway turns these
 * into GatewayError / EndorseError / SubmitError / CommitStatusError with `details`.
 */
import { Metadata, status as GrpcStatus, type ServerErrorResponse } from '@grpc/grpc-js';
import { gateway } from '@hyperledger/fabric-protos';
import type { ProposalFailure } from '../peer/endorser';
import { utf8 } from '../protocol/bytes';
import { encodeBytesFields, encodeVarintField } from '../protocol/pb-wire';

/** What went wrong at one endpoint (gateway.ErrorDetail). */
export interface ErrorDetail {
  readonly address: string;
  readonly mspId: string;
  readonly message: string;
}

const ERROR_DETAIL_TYPE_URL = 'type.googleapis.com/gateway.ErrorDetail';
const STATUS_DETAILS_KEY = 'grpc-status-details-bin';

/** A gRPC error status as grpc-js servers send it, with Fabric's error details. */
export class RpcError extends Error implements ServerErrorResponse {
  override readonly name = 'RpcError';
  readonly code: GrpcStatus;
  readonly details: string;
  readonly metadata: Metadata;

  constructor(code: GrpcStatus, message: string, details: readonly ErrorDetail[] = []) {
    super(message);
    this.code = code;
    this.details = message;
    this.metadata = new Metadata();
    if (details.length > 0) this.metadata.set(STATUS_DETAILS_KEY, Buffer.from(encodeStatus(code, message, details)));
  }
}

/** Fabric's newRpcError: a status with the given details attached. */
export function newRpcError(code: GrpcStatus, message: string, ...details: ErrorDetail[]): RpcError {
  return new RpcError(code, message, details);
}

/** google.rpc.Status{code = 1, message = 2, details = 3 (Any{type_url = 1, value = 2})}. */
function encodeStatus(code: GrpcStatus, message: string, details: readonly ErrorDetail[]): Uint8Array {
  const anys = details.map((d) => {
    const detail = new gateway.ErrorDetail();
    detail.setAddress(d.address);
    detail.setMspId(d.mspId);
    detail.setMessage(d.message);
    return encodeBytesFields([
      { fieldNumber: 1, bytes: utf8(ERROR_DETAIL_TYPE_URL) },
      { fieldNumber: 2, bytes: detail.serializeBinary() },
    ]);
  });
  return Buffer.concat([
    encodeVarintField(1, BigInt(code)),
    encodeBytesFields([
      { fieldNumber: 2, bytes: utf8(message) },
      ...anys.map((bytes) => ({ fieldNumber: 3, bytes, always: true })),
    ]),
  ]);
}

/** How the gateway reacts to an endorser's answer (Fabric's responseStatus). */
export interface ResponseStatus {
  readonly code: GrpcStatus;
  readonly message: string;
  /** Whether the gateway would try another peer (Evaluate does). */
  readonly retry: boolean;
}

/**
 * Fabric's responseStatus over a failed proposal: a proposal the peer refused with an error (unpacking,
 * validation, duplicate) is the client's fault (FAILED_PRECONDITION); a 500 the peer made itself, without a
 * payload, is worth retrying elsewhere (ABORTED); an error status from the chaincode is UNKNOWN with
 * "chaincode response <status>, <message>".
 */
export function responseStatus(failure: ProposalFailure): ResponseStatus {
  switch (failure.kind) {
    case 'refused':
      return { code: GrpcStatus.FAILED_PRECONDITION, message: failure.message, retry: false };
    case 'channel':
    case 'definition':
      return { code: GrpcStatus.ABORTED, message: failure.message, retry: true };
    case 'chaincode': {
      const response = failure.response.getResponse();
      const status = response?.getStatus() ?? 0;
      return {
        code: GrpcStatus.UNKNOWN,
        message: `chaincode response ${status}, ${response?.getMessage() ?? ''}`,
        retry: false,
      };
    }
  }
}
