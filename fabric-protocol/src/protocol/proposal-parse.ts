/** Decoding and verifying signed proposals received from clients. */
import { common, peer } from '@hyperledger/fabric-protos';
import { fromUtf8 } from './bytes';
import { MalformedMessageError, ProposalVerificationError, ProtocolError } from './errors';
import { deserializeIdentity } from './identity-codec';
import { bytesMapToRecord, transientMapOf } from './pb-map';
import { chaincodeProposalPayloadForTx, computeProposalHash, computeTxId, type ProposalBundle } from './proposal';
import { fromPbTimestamp } from './timestamp';

/**
 * Checks a signature made by the holder of `certificatePem` over SHA-256(`message`); `signature` is DER ECDSA.
 * Supplied by the MSP module.
 */
export type VerifySignature = (
  certificatePem: string,
  message: Uint8Array,
  signature: Uint8Array,
) => boolean | Promise<boolean>;

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) {
    throw new MalformedMessageError(`Proposal has no ${what}`);
  }
  return value;
}

function parse(signedProposal: peer.SignedProposal): ProposalBundle {
  const proposalBytes = signedProposal.getProposalBytes_asU8();
  const proposal = peer.Proposal.deserializeBinary(proposalBytes);
  const headerBytes = proposal.getHeader_asU8();
  const header = common.Header.deserializeBinary(headerBytes);
  const channelHeaderBytes = header.getChannelHeader_asU8();
  const signatureHeaderBytes = header.getSignatureHeader_asU8();

  const channelHeader = common.ChannelHeader.deserializeBinary(channelHeaderBytes);
  if (channelHeader.getType() !== common.HeaderType.ENDORSER_TRANSACTION) {
    throw new MalformedMessageError(`Unsupported proposal header type ${channelHeader.getType()}`);
  }
  const signatureHeader = common.SignatureHeader.deserializeBinary(signatureHeaderBytes);
  const nonce = signatureHeader.getNonce_asU8();
  const creatorBytes = signatureHeader.getCreator_asU8();
  if (nonce.byteLength === 0) {
    throw new MalformedMessageError('Proposal signature header has an empty nonce');
  }
  if (creatorBytes.byteLength === 0) {
    throw new MalformedMessageError('Proposal signature header has an empty creator');
  }

  const extension = peer.ChaincodeHeaderExtension.deserializeBinary(channelHeader.getExtension_asU8());
  const chaincodeName = required(extension.getChaincodeId(), 'chaincode ID').getName();

  const payloadBytes = proposal.getPayload_asU8();
  const chaincodePayload = peer.ChaincodeProposalPayload.deserializeBinary(payloadBytes);
  const inputBytes = chaincodePayload.getInput_asU8();
  const invocation = peer.ChaincodeInvocationSpec.deserializeBinary(inputBytes);
  const args = invocation.getChaincodeSpec()?.getInput()?.getArgsList_asU8() ?? [];
  const txPayloadBytes = chaincodeProposalPayloadForTx(inputBytes);

  return {
    txId: channelHeader.getTxId(),
    channelId: channelHeader.getChannelId(),
    chaincodeName,
    args,
    transient: bytesMapToRecord(transientMapOf(chaincodePayload)),
    creator: deserializeIdentity(creatorBytes),
    timestamp: fromPbTimestamp(channelHeader.getTimestamp()),
    nonce,
    creatorBytes,
    headerBytes,
    channelHeaderBytes,
    signatureHeaderBytes,
    payloadBytes,
    txPayloadBytes,
    proposalHash: computeProposalHash(channelHeaderBytes, signatureHeaderBytes, txPayloadBytes),
    proposalBytes,
    signature: signedProposal.getSignature_asU8(),
    signedProposal,
  };
}

/**
 * Decodes a signed proposal (message or serialized bytes) without checking it.
 * Throws {@link MalformedMessageError} when a part is missing or undecodable.
 */
export function parseSignedProposal(signedProposal: peer.SignedProposal | Uint8Array): ProposalBundle {
  try {
    const message =
      signedProposal instanceof Uint8Array ? peer.SignedProposal.deserializeBinary(signedProposal) : signedProposal;
    return parse(message);
  } catch (err) {
    if (err instanceof ProtocolError) {
      throw err;
    }
    throw new MalformedMessageError(`Malformed proposal: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/**
 * Verifies a proposal as Fabric's endorser does before simulating it: the transaction ID must be
 * SHA-256(nonce ‖ creator) and the signature must be the creator's over the proposal bytes.
 * Returns the decoded proposal; throws {@link ProposalVerificationError} otherwise.
 * Certificate validity against the channel's MSPs is the caller's concern.
 */
export async function verifyProposal(
  proposal: ProposalBundle | peer.SignedProposal | Uint8Array,
  verify: VerifySignature,
): Promise<ProposalBundle> {
  let bundle: ProposalBundle;
  if (proposal instanceof Uint8Array || proposal instanceof peer.SignedProposal) {
    try {
      bundle = parseSignedProposal(proposal);
    } catch (err) {
      throw new ProposalVerificationError('MALFORMED', err instanceof Error ? err.message : String(err));
    }
  } else {
    bundle = proposal;
  }

  const expectedTxId = computeTxId(bundle.nonce, bundle.creatorBytes);
  if (bundle.txId !== expectedTxId) {
    throw new ProposalVerificationError(
      'TXID_MISMATCH',
      `Transaction ID ${bundle.txId} does not match the computed ${expectedTxId}`,
    );
  }

  let valid: boolean;
  try {
    valid = await verify(fromUtf8(bundle.creator.credentials), bundle.proposalBytes, bundle.signature);
  } catch (err) {
    throw new ProposalVerificationError(
      'BAD_SIGNATURE',
      `Proposal signature could not be checked: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  if (!valid) {
    throw new ProposalVerificationError('BAD_SIGNATURE', `Invalid creator signature on proposal ${bundle.txId}`);
  }
  return bundle;
}
