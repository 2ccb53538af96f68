/** Building signed chaincode proposals exactly as fabric-gateway does. */
import { randomBytes } from 'node:crypto';
import { common, peer } from '@hyperledger/fabric-protos';
import { signMessage, type Identity, type SigningIdentity } from '../msp/identity';
import { sha256, toHex } from './bytes';
import { serializeIdentity } from './identity-codec';
import { transientMapOf } from './pb-map';
import { toPbTimestamp, type TxTimestamp } from './timestamp';

/** Length of the random nonce in a SignatureHeader, as fabric-gateway uses. */
export const NONCE_LENGTH = 24;

/** What a client asks to invoke. */
export interface ProposalRequest {
  readonly channelId: string;
  readonly chaincodeName: string;
  /** Chaincode input: the transaction function name followed by its arguments. */
  readonly args: readonly Uint8Array[];
  /** Private inputs; passed to the chaincode but never recorded in the transaction. */
  readonly transient?: Readonly<Record<string, Uint8Array>>;
  readonly creator: Identity;
  readonly timestamp: TxTimestamp;
  /** SignatureHeader nonce; 24 random bytes when omitted. */
  readonly nonce?: Uint8Array;
}

/**
 * A signed proposal together with every part endorsement and transaction assembly need,
 * so that nothing has to be decoded or serialized twice.
 */
export interface ProposalBundle {
  readonly txId: string;
  readonly channelId: string;
  readonly chaincodeName: string;
  /** Chaincode input: function name followed by its arguments. */
  readonly args: readonly Uint8Array[];
  readonly transient: Readonly<Record<string, Uint8Array>>;
  readonly creator: Identity;
  readonly timestamp: TxTimestamp;
  readonly nonce: Uint8Array;
  /** Serialized msp.SerializedIdentity of the creator (SignatureHeader.creator). */
  readonly creatorBytes: Uint8Array;
  /** Serialized common.Header (Proposal.header); also the header of the transaction payload. */
  readonly headerBytes: Uint8Array;
  readonly channelHeaderBytes: Uint8Array;
  readonly signatureHeaderBytes: Uint8Array;
  /** Serialized ChaincodeProposalPayload as proposed, transient map included. */
  readonly payloadBytes: Uint8Array;
  /** Serialized ChaincodeProposalPayload without the transient map: what goes into the transaction. */
  readonly txPayloadBytes: Uint8Array;
  /** Fabric's proposal hash (GetProposalHash1), carried by every ProposalResponsePayload. */
  readonly proposalHash: Uint8Array;
  /** Serialized peer.Proposal: the bytes the creator signed. */
  readonly proposalBytes: Uint8Array;
  /** DER ECDSA signature over SHA-256(proposalBytes). */
  readonly signature: Uint8Array;
  readonly signedProposal: peer.SignedProposal;
}

/** Fabric's transaction ID: hex SHA-256 of the nonce followed by the serialized creator. */
export function computeTxId(nonce: Uint8Array, creatorBytes: Uint8Array): string {
  return toHex(sha256(nonce, creatorBytes));
}

/** ChaincodeProposalPayload bytes with the transient map removed (Fabric's GetBytesProposalPayloadForTx). */
export function chaincodeProposalPayloadForTx(inputBytes: Uint8Array): Uint8Array {
  const payload = new peer.ChaincodeProposalPayload();
  payload.setInput(inputBytes);
  return payload.serializeBinary();
}

/** Fabric's GetProposalHash1: SHA-256 of channel header, signature header and transient-free payload bytes. */
export function computeProposalHash(
  channelHeaderBytes: Uint8Array,
  signatureHeaderBytes: Uint8Array,
  txPayloadBytes: Uint8Array,
): Uint8Array {
  return sha256(channelHeaderBytes, signatureHeaderBytes, txPayloadBytes);
}

function newChaincodeId(name: string): peer.ChaincodeID {
  const result = new peer.ChaincodeID();
  result.setName(name);
  return result;
}

function newChannelHeaderBytes(req: ProposalRequest, txId: string): Uint8Array {
  const extension = new peer.ChaincodeHeaderExtension();
  extension.setChaincodeId(newChaincodeId(req.chaincodeName));
  const result = new common.ChannelHeader();
  result.setType(common.HeaderType.ENDORSER_TRANSACTION);
  result.setTxId(txId);
  result.setTimestamp(toPbTimestamp(req.timestamp));
  result.setChannelId(req.channelId);
  result.setExtension$(extension.serializeBinary());
  result.setEpoch(0);
  return result.serializeBinary();
}

function newInvocationSpecBytes(req: ProposalRequest): Uint8Array {
  const input = new peer.ChaincodeInput();
  input.setArgsList([...req.args]);
  const spec = new peer.ChaincodeSpec();
  spec.setType(peer.ChaincodeSpec.Type.NODE);
  spec.setChaincodeId(newChaincodeId(req.chaincodeName));
  spec.setInput(input);
  const invocation = new peer.ChaincodeInvocationSpec();
  invocation.setChaincodeSpec(spec);
  return invocation.serializeBinary();
}

/**
 * Creates and signs a chaincode proposal the way fabric-gateway's ProposalBuilder does
 * (ENDORSER_TRANSACTION header, epoch 0, NODE chaincode spec); signed by the creator
 * (`signMessage`: the signer receives SHA-256(proposalBytes), or the bytes themselves in hash mode `none`).
 */
export async function newSignedProposal(
  req: ProposalRequest,
  signing: Pick<SigningIdentity, 'signer' | 'hash'>,
): Promise<ProposalBundle> {
  const nonce = req.nonce ?? new Uint8Array(randomBytes(NONCE_LENGTH));
  const creatorBytes = serializeIdentity(req.creator);
  const txId = computeTxId(nonce, creatorBytes);

  const channelHeaderBytes = newChannelHeaderBytes(req, txId);
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(creatorBytes);
  signatureHeader.setNonce(nonce);
  const signatureHeaderBytes = signatureHeader.serializeBinary();
  const header = new common.Header();
  header.setChannelHeader(channelHeaderBytes);
  header.setSignatureHeader(signatureHeaderBytes);
  const headerBytes = header.serializeBinary();

  const inputBytes = newInvocationSpecBytes(req);
  const transient = req.transient ?? {};
  const transientEntries = Object.entries(transient);
  const chaincodePayload = new peer.ChaincodeProposalPayload();
  chaincodePayload.setInput(inputBytes);
  const transientMap = transientMapOf(chaincodePayload);
  for (const [key, value] of transientEntries) {
    transientMap.set(key, value);
  }
  const payloadBytes = chaincodePayload.serializeBinary();
  // Without transient data the proposed payload already is the transaction payload.
  const txPayloadBytes = transientEntries.length === 0 ? payloadBytes : chaincodeProposalPayloadForTx(inputBytes);

  const proposal = new peer.Proposal();
  proposal.setHeader(headerBytes);
  proposal.setPayload(payloadBytes);
  const proposalBytes = proposal.serializeBinary();
  const signature = await signMessage(signing, proposalBytes);
  const signedProposal = new peer.SignedProposal();
  signedProposal.setProposalBytes(proposalBytes);
  signedProposal.setSignature(signature);

  return {
    txId,
    channelId: req.channelId,
    chaincodeName: req.chaincodeName,
    args: req.args,
    transient,
    creator: req.creator,
    timestamp: req.timestamp,
    nonce,
    creatorBytes,
    headerBytes,
    channelHeaderBytes,
    signatureHeaderBytes,
    payloadBytes,
    txPayloadBytes,
    proposalHash: computeProposalHash(channelHeaderBytes, signatureHeaderBytes, txPayloadBytes),
    proposalBytes,
    signature,
    signedProposal,
  };
}
