/** Endorsing proposals and assembling endorsed transactions, as Fabric's endorser and protoutil.CreateSignedTx. */
import { common, peer } from '@hyperledger/fabric-protos';
import type { TxRwSet } from '../ledger/rwset';
import { signMessage, type SigningIdentity } from '../msp/identity';
import { bytesEqual } from './bytes';
import { ProposalResponsePayloadMismatchError, ProtocolError, UnendorsedResponseError } from './errors';
import { serializeIdentity } from './identity-codec';
import { encodeBytesFields } from './pb-wire';
import type { ProposalBundle } from './proposal';
import { encodeTxRwSet } from './rwset-codec';

/** Status at or above which the endorser does not endorse (shim.ERRORTHRESHOLD). */
export const ERROR_THRESHOLD = 400;
/** Status at or above which the endorser still returns the (unsigned) payload (shim.ERROR). */
export const ERROR_STATUS = 500;

/** The chaincode's reply to an invocation. */
export interface ChaincodeResponse {
  readonly status: number;
  readonly message: string;
  readonly payload: Uint8Array;
}

/** A chaincode event set by the transaction (`ctx.stub.setEvent`). */
export interface ChaincodeEventData {
  readonly eventName: string;
  readonly payload: Uint8Array;
}

/** The outcome of simulating a proposal, to be endorsed. */
export interface ProposalResponseRequest {
  readonly proposal: ProposalBundle;
  readonly chaincodeName: string;
  readonly chaincodeVersion: string;
  readonly response: ChaincodeResponse;
  /** The simulation's read/write set, or its already-encoded ledger.rwset.TxReadWriteSet bytes. */
  readonly rwset: TxRwSet | Uint8Array;
  readonly event?: ChaincodeEventData;
  readonly endorser: SigningIdentity;
}

function newResponse(response: ChaincodeResponse): peer.Response {
  const result = new peer.Response();
  result.setStatus(response.status);
  result.setMessage(response.message);
  result.setPayload(response.payload);
  return result;
}

function newProposalResponsePayloadBytes(req: ProposalResponseRequest, response: peer.Response): Uint8Array {
  const chaincodeId = new peer.ChaincodeID();
  chaincodeId.setName(req.chaincodeName);
  chaincodeId.setVersion(req.chaincodeVersion);
  const action = new peer.ChaincodeAction();
  action.setResults(req.rwset instanceof Uint8Array ? req.rwset : encodeTxRwSet(req.rwset));
  if (req.event !== undefined) {
    const event = new peer.ChaincodeEvent();
    event.setChaincodeId(req.chaincodeName);
    event.setTxId(req.proposal.txId);
    event.setEventName(req.event.eventName);
    event.setPayload(req.event.payload);
    action.setEvents(event.serializeBinary());
  }
  action.setResponse(response);
  action.setChaincodeId(chaincodeId);
  const payload = new peer.ProposalResponsePayload();
  payload.setProposalHash(req.proposal.proposalHash);
  payload.setExtension$(action.serializeBinary());
  return payload.serializeBinary();
}

/**
 * Builds the endorser's reply exactly as Fabric's peer does (ProcessProposalSuccessfullyOrError + default ESCC):
 * ProposalResponsePayload{proposalHash, ChaincodeAction{results, events, response, chaincodeId}}, endorsed by
 * signing SHA-256(payload ‖ serialized endorser). As in Fabric, a status ≥ 400 is not endorsed: 400–499
 * returns only the response, ≥ 500 the response and the unsigned payload.
 */
export async function newProposalResponse(req: ProposalResponseRequest): Promise<peer.ProposalResponse> {
  const response = newResponse(req.response);
  const result = new peer.ProposalResponse();
  result.setResponse(response);
  if (req.response.status >= ERROR_THRESHOLD && req.response.status < ERROR_STATUS) {
    return result;
  }
  const payloadBytes = newProposalResponsePayloadBytes(req, response);
  result.setPayload(payloadBytes);
  if (req.response.status >= ERROR_STATUS) {
    return result;
  }
  const endorserBytes = serializeIdentity(req.endorser.identity);
  const endorsement = new peer.Endorsement();
  endorsement.setEndorser(endorserBytes);
  endorsement.setSignature(await signMessage(req.endorser, Buffer.concat([payloadBytes, endorserBytes])));
  result.setVersion(1);
  result.setEndorsement(endorsement);
  return result;
}

/** A signed transaction envelope ready for ordering. */
export interface TransactionEnvelope {
  readonly envelope: common.Envelope;
  /** Serialized common.Envelope: one entry of a block's data. */
  readonly envelopeBytes: Uint8Array;
}

/** Fabric's ensureValidResponses: every response successful, endorsed and carrying identical payload bytes. */
function endorsedPayload(responses: readonly peer.ProposalResponse[]): {
  payload: Uint8Array;
  endorsements: peer.Endorsement[];
} {
  const first = responses[0];
  if (first === undefined) {
    throw new ProtocolError('At least one proposal response is required');
  }
  const payload = first.getPayload_asU8();
  const endorsements: peer.Endorsement[] = [];
  responses.forEach((response, index) => {
    const status = response.getResponse()?.getStatus() ?? 0;
    if (status < 200 || status >= ERROR_THRESHOLD) {
      const message = response.getResponse()?.getMessage() ?? '';
      throw new UnendorsedResponseError(
        index,
        status,
        `Proposal response was not successful, error code ${status}, msg ${message}`,
      );
    }
    if (index > 0 && !bytesEqual(payload, response.getPayload_asU8())) {
      throw new ProposalResponsePayloadMismatchError(index);
    }
    const endorsement = response.getEndorsement();
    if (endorsement === undefined) {
      throw new UnendorsedResponseError(index, status, `Proposal response ${index} carries no endorsement`);
    }
    endorsements.push(endorsement);
  });
  return { payload, endorsements };
}

/**
 * Assembles the transaction as Fabric's gateway (prepareTransaction) and protoutil.CreateSignedTx do:
 * Payload{header: the proposal's header, data: Transaction{[TransactionAction{signature header,
 * ChaincodeActionPayload{transient-free proposal payload, ChaincodeEndorsedAction{response payload,
 * endorsements}}}]}}. Returns the serialized payload: the bytes the creator signs.
 * Throws {@link ProposalResponsePayloadMismatchError} or {@link UnendorsedResponseError}.
 */
export function newTransactionPayload(
  proposal: ProposalBundle,
  responses: readonly peer.ProposalResponse[],
): Uint8Array {
  const { payload, endorsements } = endorsedPayload(responses);
  const endorsedAction = new peer.ChaincodeEndorsedAction();
  endorsedAction.setProposalResponsePayload(payload);
  endorsedAction.setEndorsementsList(endorsements);
  const actionPayload = new peer.ChaincodeActionPayload();
  actionPayload.setChaincodeProposalPayload(proposal.txPayloadBytes);
  actionPayload.setAction(endorsedAction);
  const action = new peer.TransactionAction();
  action.setHeader(proposal.signatureHeaderBytes);
  action.setPayload(actionPayload.serializeBinary());
  const transaction = new peer.Transaction();
  transaction.setActionsList([action]);

  // common.Payload{header = 1, data = 2}, embedding the proposal's header bytes verbatim.
  return encodeBytesFields([
    { fieldNumber: 1, bytes: proposal.headerBytes, always: true },
    { fieldNumber: 2, bytes: transaction.serializeBinary() },
  ]);
}

/** The transaction of {@link newTransactionPayload}, signed by the proposal's creator. */
export async function newTransactionEnvelope(
  proposal: ProposalBundle,
  responses: readonly peer.ProposalResponse[],
  signing: Pick<SigningIdentity, 'signer' | 'hash'>,
): Promise<TransactionEnvelope> {
  const payloadBytes = newTransactionPayload(proposal, responses);
  const envelope = new common.Envelope();
  envelope.setPayload(payloadBytes);
  envelope.setSignature(await signMessage(signing, payloadBytes));
  return { envelope, envelopeBytes: envelope.serializeBinary() };
}
