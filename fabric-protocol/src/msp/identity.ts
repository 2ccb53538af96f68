import { createHash } from 'node:crypto';

/**
 * A client identity as Fabric sees it: the MSP ID and the PEM certificate bytes.
 * Same shape as `@hyperledger/fabric-gateway`'s `Identity`, so one loader serves devnet and Fabric.
 */
export interface Identity {
  readonly mspId: string;
  /** PEM-encoded X.509 certificate. */
  readonly credentials: Uint8Array;
}

/**
 * Signs bytes and returns a DER-encoded, low-S ECDSA signature. What it is given depends on the
 * identity's `hash` mode. Same shape as `@hyperledger/fabric-gateway`'s `Signer`.
 */
export type Signer = (bytes: Uint8Array) => Promise<Uint8Array>;

/**
 * What a signer is handed: `sha256`, a SHA-256 digest of the message (fabric-gateway's default);
 * `none`, the message itself, which the signer hashes (fabric-gateway's `hash.none`).
 */
export type HashMode = 'sha256' | 'none';

/** An identity together with the means to sign as it. */
export interface SigningIdentity {
  readonly identity: Identity;
  readonly signer: Signer;
  /** Defaults to `sha256`. */
  readonly hash?: HashMode;
}

/** Signs a whole message as the identity, hashing first when its signer expects a digest. */
export function signMessage(
  signing: Pick<SigningIdentity, 'signer' | 'hash'>,
  message: Uint8Array,
): Promise<Uint8Array> {
  return signing.signer(signing.hash === 'none' ? message : createHash('sha256').update(message).digest());
}
