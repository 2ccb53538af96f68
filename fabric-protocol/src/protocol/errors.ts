/** Typed errors raised by the protocol codecs. */

/** Base class of every error raised by the protocol module. */
export class ProtocolError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** A protobuf structure is missing a required part or cannot be decoded. */
export class MalformedMessageError extends ProtocolError {}

/** Why a signed proposal was rejected. */
export type ProposalRejection = 'TXID_MISMATCH' | 'BAD_SIGNATURE' | 'MALFORMED';

/** A signed proposal failed verification, as Fabric's `ValidateProposalMessage` would reject it. */
export class ProposalVerificationError extends ProtocolError {
  constructor(
    readonly reason: ProposalRejection,
    message: string,
  ) {
    super(message);
  }
}

/** Endorsers returned different proposal response payloads (Fabric: "ProposalResponsePayloads do not match"). */
export class ProposalResponsePayloadMismatchError extends ProtocolError {
  constructor(readonly responseIndex: number) {
    super(`ProposalResponsePayloads do not match (response ${responseIndex} differs from response 0)`);
  }
}

/** A proposal response cannot go into a transaction: unsuccessful status or no endorsement. */
export class UnendorsedResponseError extends ProtocolError {
  constructor(
    readonly responseIndex: number,
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}
