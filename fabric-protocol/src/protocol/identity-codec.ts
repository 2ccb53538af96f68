/** msp.SerializedIdentity encoding of client and peer identities. */
import { msp } from '@hyperledger/fabric-protos';
import type { Identity } from '../msp/identity';
import { fromUtf8 } from './bytes';

/** Serialized forms of identities already seen; identities are immutable and reused for many transactions. */
const serializedCache = new WeakMap<Identity, Uint8Array>();

/**
 * The msp.SerializedIdentity bytes of `identity` (what Fabric puts in SignatureHeader.creator and
 * Endorsement.endorser). Cached per identity object; the returned bytes must not be modified.
 */
export function serializeIdentity(identity: Identity): Uint8Array {
  let bytes = serializedCache.get(identity);
  if (bytes === undefined) {
    const serialized = new msp.SerializedIdentity();
    serialized.setMspid(identity.mspId);
    serialized.setIdBytes(identity.credentials);
    bytes = serialized.serializeBinary();
    serializedCache.set(identity, bytes);
  }
  return bytes;
}

/** Decodes msp.SerializedIdentity bytes into an identity. */
export function deserializeIdentity(bytes: Uint8Array): Identity {
  const serialized = msp.SerializedIdentity.deserializeBinary(bytes);
  return { mspId: serialized.getMspid(), credentials: serialized.getIdBytes_asU8() };
}

/** An identity with its certificate as PEM text, as shown to people and REST clients. */
export interface DecodedIdentity {
  readonly mspId: string;
  readonly certificatePem: string;
}

/** Decodes msp.SerializedIdentity bytes into MSP ID and PEM text. */
export function describeIdentity(bytes: Uint8Array): DecodedIdentity {
  const identity = deserializeIdentity(bytes);
  return { mspId: identity.mspId, certificatePem: fromUtf8(identity.credentials) };
}
