/**
 * Reading a signed transaction envelope as the orderer and the committing peer do: the orderer needs
 * the channel, the creator and the signature; the committer the structural checks of Fabric's
 * ValidateTransaction, the endorsements and the read/write set.
 */
import { common, peer } from '@hyperledger/fabric-protos';
import type { TxRwSet } from '../ledger/rwset';
import type { Identity } from '../msp/identity';
import { bytesEqual } from './bytes';
import { TxValidationCode } from './codes';
import { MalformedMessageError } from './errors';
import { deserializeIdentity } from './identity-codec';
import { computeProposalHash, computeTxId } from './proposal';
import { decodeTxRwSet } from './rwset-codec';
import { fromPbTimestamp, type TxTimestamp } from './timestamp';

/** One endorsement of a transaction: who endorsed, and the signature over response payload ‖ endorser. */
export interface TransactionEndorsement {
  readonly endorser: Identity;
  readonly endorserBytes: Uint8Array;
  readonly signature: Uint8Array;
}

/** What an endorser transaction carries for validation and commit. */
export interface EndorsedAction {
  readonly chaincodeName: string;
  /** Serialized ProposalResponsePayload, what each endorser signed (with its identity). */
  readonly responsePayload: Uint8Array;
  readonly endorsements: readonly TransactionEndorsement[];
  readonly rwset: TxRwSet;
}

export interface ParsedTransaction {
  readonly envelopeBytes: Uint8Array;
  /** The signed bytes (Envelope.payload). */
  readonly payloadBytes: Uint8Array;
  readonly signature: Uint8Array;
  readonly channelId: string;
  readonly txId: string;
  /** common.HeaderType */
  readonly type: number;
  readonly timestamp: TxTimestamp;
  /** Serialized msp.SerializedIdentity of the creator (may be empty). */
  readonly creatorBytes: Uint8Array;
  readonly creator: Identity | undefined;
  /**
   * VALID, or the code Fabric's ValidateTransaction and rwset decoding give the envelope's structure
   * (BAD_COMMON_HEADER, BAD_PROPOSAL_TXID, INVALID_ENDORSER_TRANSACTION, UNSUPPORTED_TX_PAYLOAD, BAD_RWSET);
   * signatures are checked separately.
   */
  readonly structureCode: number;
  /** Present for a structurally valid endorser transaction. */
  readonly action?: EndorsedAction;
}

/**
 * Parses a transaction envelope. Throws {@link MalformedMessageError} only when not even the channel
 * header can be read (the orderer's "could not determine channel ID"); any later fault is reported in
 * `structureCode`.
 */
export function parseTransactionEnvelope(envelope: Uint8Array): ParsedTransaction {
  let message: common.Envelope;
  let payload: common.Payload;
  let header: common.Header | undefined;
  let channelHeader: common.ChannelHeader;
  try {
    message = common.Envelope.deserializeBinary(envelope);
    payload = common.Payload.deserializeBinary(message.getPayload_asU8());
    header = payload.getHeader();
    if (!header) throw new MalformedMessageError('envelope has no header');
    channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
  } catch (err) {
    throw err instanceof MalformedMessageError ? err : new MalformedMessageError((err as Error).message);
  }
  const base = {
    envelopeBytes: envelope,
    payloadBytes: message.getPayload_asU8(),
    signature: message.getSignature_asU8(),
    channelId: channelHeader.getChannelId(),
    txId: channelHeader.getTxId(),
    type: channelHeader.getType(),
    timestamp: fromPbTimestamp(channelHeader.getTimestamp()),
  };
  let signatureHeader: common.SignatureHeader;
  let creator: Identity | undefined;
  try {
    signatureHeader = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8());
    creator = deserializeIdentity(signatureHeader.getCreator_asU8());
  } catch {
    return { ...base, creatorBytes: new Uint8Array(0), creator: undefined, structureCode: Code.BAD_COMMON_HEADER };
  }
  const creatorBytes = signatureHeader.getCreator_asU8();
  const withCreator = { ...base, creatorBytes, creator };
  const nonce = signatureHeader.getNonce_asU8();
  if (channelHeader.getEpoch() !== 0 || nonce.byteLength === 0 || creatorBytes.byteLength === 0) {
    return { ...withCreator, structureCode: Code.BAD_COMMON_HEADER };
  }
  if (base.type !== common.HeaderType.ENDORSER_TRANSACTION) {
    return { ...withCreator, structureCode: Code.UNSUPPORTED_TX_PAYLOAD };
  }
  if (base.txId !== computeTxId(nonce, creatorBytes)) return { ...withCreator, structureCode: Code.BAD_PROPOSAL_TXID };

  let action: Omit<EndorsedAction, 'rwset'> & { readonly rwsetBytes: Uint8Array };
  try {
    action = endorsedAction(header.getChannelHeader_asU8(), payload.getData_asU8());
  } catch {
    return { ...withCreator, structureCode: Code.INVALID_ENDORSER_TRANSACTION };
  }
  let rwset: TxRwSet;
  try {
    rwset = decodeTxRwSet(action.rwsetBytes);
  } catch {
    return { ...withCreator, structureCode: Code.BAD_RWSET };
  }
  const { rwsetBytes: _bytes, ...rest } = action;
  return { ...withCreator, structureCode: Code.VALID, action: { ...rest, rwset } };
}

const Code = TxValidationCode;

/** Fabric's validateEndorserTransaction, returning what the committer needs; throws when invalid. */
function endorsedAction(
  channelHeaderBytes: Uint8Array,
  data: Uint8Array,
): Omit<EndorsedAction, 'rwset'> & { readonly rwsetBytes: Uint8Array } {
  const actions = peer.Transaction.deserializeBinary(data).getActionsList();
  const [first] = actions;
  if (actions.length !== 1 || !first) {
    throw new MalformedMessageError(`only one action per transaction is supported, tx contains ${actions.length}`);
  }
  const actionHeader = first.getHeader_asU8();
  if (common.SignatureHeader.deserializeBinary(actionHeader).getNonce_asU8().byteLength === 0) {
    throw new MalformedMessageError('invalid nonce specified in the header');
  }
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(first.getPayload_asU8());
  const endorsed = actionPayload.getAction();
  if (!endorsed) throw new MalformedMessageError('transaction action has no endorsed action');
  const responsePayload = endorsed.getProposalResponsePayload_asU8();
  const prp = peer.ProposalResponsePayload.deserializeBinary(responsePayload);
  const proposalHash = computeProposalHash(
    channelHeaderBytes,
    actionHeader,
    actionPayload.getChaincodeProposalPayload_asU8(),
  );
  if (!bytesEqual(proposalHash, prp.getProposalHash_asU8())) {
    throw new MalformedMessageError('proposal hash does not match');
  }
  const chaincodeAction = peer.ChaincodeAction.deserializeBinary(prp.getExtension_asU8());
  return {
    chaincodeName: chaincodeAction.getChaincodeId()?.getName() ?? '',
    responsePayload,
    endorsements: endorsed.getEndorsementsList().map((e) => ({
      endorser: deserializeIdentity(e.getEndorser_asU8()),
      endorserBytes: e.getEndorser_asU8(),
      signature: e.getSignature_asU8(),
    })),
    rwsetBytes: chaincodeAction.getResults_asU8(),
  };
}
