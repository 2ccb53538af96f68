/** Decoding transaction envelopes into plain, display-ready records. */
import { common, peer } from '@hyperledger/fabric-protos';
import type { TxRwSet } from '../rwset';
import { EMPTY_BYTES, fromUtf8 } from './bytes';
import { headerTypeName, TxValidationCode, validationCodeName } from './codes';
import { MalformedMessageError } from './errors';
import { describeIdentity, type DecodedIdentity } from './identity-codec';
import { decodeTxRwSet } from './rwset-codec';
import { fromPbTimestamp, type TxTimestamp } from './timestamp';

/** An endorsement: who endorsed and their signature over the response payload and identity. */
export interface DecodedEndorsement extends DecodedIdentity {
  readonly signature: Uint8Array;
}

/** A chaincode event emitted by a transaction. */
export interface DecodedChaincodeEvent {
  readonly chaincodeId: string;
  readonly txId: string;
  readonly eventName: string;
  readonly payload: Uint8Array;
}

/** The chaincode response recorded in a transaction. */
export interface DecodedResponse {
  readonly status: number;
  readonly message: string;
  readonly payload: Uint8Array;
}

/**
 * One transaction of a block. Chaincode fields are empty for non-endorser transactions (e.g. CONFIG);
 * whatever could not be decoded stays empty and `decodeError` says why.
 */
export interface DecodedTransaction {
  readonly txId: string;
  readonly channelId: string;
  /** common.HeaderType name, e.g. 'ENDORSER_TRANSACTION' or 'CONFIG'. */
  readonly type: string;
  readonly timestamp: TxTimestamp;
  readonly creator: DecodedIdentity;
  readonly chaincodeName: string;
  /** First chaincode argument (UTF-8), the transaction function. */
  readonly functionName: string;
  /** The remaining chaincode arguments as UTF-8. */
  readonly args: readonly string[];
  readonly response: DecodedResponse;
  readonly rwset: TxRwSet;
  readonly event?: DecodedChaincodeEvent;
  readonly endorsements: readonly DecodedEndorsement[];
  readonly validationCode: number;
  readonly validationCodeName: string;
  /** Present when part of the envelope could not be decoded. */
  readonly decodeError?: string;
}

type Draft = { -readonly [K in keyof DecodedTransaction]: DecodedTransaction[K] };

function emptyTransaction(validationCode: number): Draft {
  return {
    txId: '',
    channelId: '',
    type: '',
    timestamp: { seconds: 0n, nanos: 0 },
    creator: { mspId: '', certificatePem: '' },
    chaincodeName: '',
    functionName: '',
    args: [],
    response: { status: 0, message: '', payload: EMPTY_BYTES },
    rwset: { namespaces: [] },
    endorsements: [],
    validationCode,
    validationCodeName: validationCodeName(validationCode),
  };
}

function decodeEndorserTransaction(channelHeader: common.ChannelHeader, data: Uint8Array, tx: Draft): void {
  const extension = peer.ChaincodeHeaderExtension.deserializeBinary(channelHeader.getExtension_asU8());
  tx.chaincodeName = extension.getChaincodeId()?.getName() ?? '';

  const action = peer.Transaction.deserializeBinary(data).getActionsList()[0];
  if (action === undefined) {
    throw new MalformedMessageError('Transaction has no actions');
  }
  const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
  const proposalPayload = peer.ChaincodeProposalPayload.deserializeBinary(
    actionPayload.getChaincodeProposalPayload_asU8(),
  );
  const invocation = peer.ChaincodeInvocationSpec.deserializeBinary(proposalPayload.getInput_asU8());
  const [fn, ...args] = (invocation.getChaincodeSpec()?.getInput()?.getArgsList_asU8() ?? []).map(fromUtf8);
  tx.functionName = fn ?? '';
  tx.args = args;

  const endorsedAction = actionPayload.getAction();
  if (endorsedAction === undefined) {
    throw new MalformedMessageError('Transaction action has no endorsed action');
  }
  tx.endorsements = endorsedAction.getEndorsementsList().map((endorsement) => ({
    ...describeIdentity(endorsement.getEndorser_asU8()),
    signature: endorsement.getSignature_asU8(),
  }));
  const responsePayload = peer.ProposalResponsePayload.deserializeBinary(
    endorsedAction.getProposalResponsePayload_asU8(),
  );
  const chaincodeAction = peer.ChaincodeAction.deserializeBinary(responsePayload.getExtension_asU8());
  if (tx.chaincodeName === '') {
    tx.chaincodeName = chaincodeAction.getChaincodeId()?.getName() ?? '';
  }
  const response = chaincodeAction.getResponse();
  if (response !== undefined) {
    tx.response = { status: response.getStatus(), message: response.getMessage(), payload: response.getPayload_asU8() };
  }
  const eventBytes = chaincodeAction.getEvents_asU8();
  if (eventBytes.byteLength > 0) {
    const event = peer.ChaincodeEvent.deserializeBinary(eventBytes);
    tx.event = {
      chaincodeId: event.getChaincodeId(),
      txId: event.getTxId(),
      eventName: event.getEventName(),
      payload: event.getPayload_asU8(),
    };
  }
  tx.rwset = decodeTxRwSet(chaincodeAction.getResults_asU8());
}

/**
 * Decodes one transaction envelope (a block data entry). Never throws: a malformed envelope yields the
 * fields decoded before the fault and `decodeError`.
 * @param validationCode the transaction's code from the block's transactions filter (NOT_VALIDATED if unknown)
 */
export function decodeTransactionEnvelope(
  envelope: common.Envelope | Uint8Array,
  validationCode: number = TxValidationCode.NOT_VALIDATED,
): DecodedTransaction {
  const tx = emptyTransaction(validationCode);
  try {
    const message = envelope instanceof Uint8Array ? common.Envelope.deserializeBinary(envelope) : envelope;
    const payload = common.Payload.deserializeBinary(message.getPayload_asU8());
    const header = payload.getHeader();
    if (header === undefined) {
      throw new MalformedMessageError('Envelope payload has no header');
    }
    const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
    tx.txId = channelHeader.getTxId();
    tx.channelId = channelHeader.getChannelId();
    tx.type = headerTypeName(channelHeader.getType());
    tx.timestamp = fromPbTimestamp(channelHeader.getTimestamp());
    const creatorBytes = common.SignatureHeader.deserializeBinary(header.getSignatureHeader_asU8()).getCreator_asU8();
    if (creatorBytes.byteLength > 0) {
      tx.creator = describeIdentity(creatorBytes);
    }
    if (channelHeader.getType() === common.HeaderType.ENDORSER_TRANSACTION) {
      decodeEndorserTransaction(channelHeader, payload.getData_asU8(), tx);
    }
  } catch (err) {
    tx.decodeError = err instanceof Error ? err.message : String(err);
  }
  return tx;
}
