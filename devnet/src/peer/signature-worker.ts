/**
 * The signature checks' worker thread (started by signature-verifier.ts): verifies ECDSA-SHA256
 * signatures as Fabric's MSP does — low-S only — with the Fabric protocol package's own check.
 */
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import { isLowSDerSignature } from '@allianceledger/fabric-protocol';

/** A batch of checks; certificates cross once and are named by number afterwards. */
export interface VerifyRequest {
  readonly id: number;
  readonly certificates: readonly (readonly [number, string])[];
  readonly checks: readonly { readonly keyId: number; readonly message: Uint8Array; readonly signature: Uint8Array }[];
}

export interface VerifyResponse {
  readonly id: number;
  readonly results: readonly boolean[];
}

const keys = new Map<number, KeyObject | undefined>();

/** Answers one batch: a result per check, false for an unknown key or a bad signature. */
export function answer(request: VerifyRequest): VerifyResponse {
  for (const [keyId, pem] of request.certificates) {
    try {
      keys.set(keyId, createPublicKey(pem));
    } catch {
      keys.set(keyId, undefined);
    }
  }
  const results = request.checks.map((c) => {
    const key = keys.get(c.keyId);
    try {
      return key !== undefined && isLowSDerSignature(c.signature) && verify('sha256', c.message, key, c.signature);
    } catch {
      return false;
    }
  });
  return { id: request.id, results };
}

parentPort?.on('message', (request: VerifyRequest) => {
  parentPort?.postMessage(answer(request));
});
