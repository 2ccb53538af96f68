/**
 * TEST-ONLY helpers: a throwaway P-256 identity with a self-signed certificate, a signer over SHA-256 digests
 * and a verifier. Never use for real keys: the signer is a plain (non constant-time) bigint implementation.
 *
 * Node's `crypto.sign(null, data, ecKey)` hashes `data` with SHA-256 first (it does not treat it as prehashed),
 * so signing a digest as Fabric's Signer contract requires is done here with raw ECDSA arithmetic.
 */
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { createHash, randomBytes, verify as nodeVerify, webcrypto, X509Certificate } from 'node:crypto';
import type { Signer, SigningIdentity } from '../msp/identity';
import { derInteger, derSequence } from './der';
import type { VerifySignature } from './proposal-parse';

x509.cryptoProvider.set(webcrypto);

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const GX = 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n;
const GY = 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n;

/** A point in Jacobian coordinates (x = X/Z², y = Y/Z³); null is the point at infinity. */
type Jacobian = readonly [bigint, bigint, bigint] | null;

function mod(a: bigint, m: bigint): bigint {
  const r = a % m;
  return r < 0n ? r + m : r;
}

function modPow(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) {
      result = (result * b) % m;
    }
    b = (b * b) % m;
  }
  return result;
}

function modInverse(a: bigint, m: bigint): bigint {
  return modPow(a, m - 2n, m); // m is prime
}

function double(point: Jacobian): Jacobian {
  if (point === null || point[1] === 0n) {
    return null;
  }
  const [x, y, z] = point;
  const delta = (z * z) % P;
  const gamma = (y * y) % P;
  const beta = (x * gamma) % P;
  const alpha = mod(3n * (x - delta) * (x + delta), P);
  const x3 = mod(alpha * alpha - 8n * beta, P);
  const z3 = mod((y + z) * (y + z) - gamma - delta, P);
  const y3 = mod(alpha * (4n * beta - x3) - 8n * gamma * gamma, P);
  return [x3, y3, z3];
}

/** Adds an affine point (qx, qy) to a Jacobian point. */
function addAffine(point: Jacobian, qx: bigint, qy: bigint): Jacobian {
  if (point === null) {
    return [qx, qy, 1n];
  }
  const [x1, y1, z1] = point;
  const z1z1 = (z1 * z1) % P;
  const u2 = (qx * z1z1) % P;
  const s2 = (qy * z1 * z1z1) % P;
  const h = mod(u2 - x1, P);
  const r = mod(2n * (s2 - y1), P);
  if (h === 0n) {
    return r === 0n ? double(point) : null;
  }
  const hh = (h * h) % P;
  const i = (4n * hh) % P;
  const j = (h * i) % P;
  const v = (x1 * i) % P;
  const x3 = mod(r * r - j - 2n * v, P);
  const y3 = mod(r * (v - x3) - 2n * y1 * j, P);
  const z3 = mod((z1 + h) * (z1 + h) - z1z1 - hh, P);
  return [x3, y3, z3];
}

function multiplyG(k: bigint): bigint {
  let acc: Jacobian = null;
  for (let bit = BigInt(k.toString(2).length - 1); bit >= 0n; bit -= 1n) {
    acc = double(acc);
    if ((k >> bit) & 1n) {
      acc = addAffine(acc, GX, GY);
    }
  }
  if (acc === null) {
    throw new Error('point at infinity');
  }
  const zInv = modInverse(acc[2], P);
  return (acc[0] * zInv * zInv) % P;
}

function toBigInt(bytes: Uint8Array): bigint {
  return BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);
}

/** Raw ECDSA P-256 over a 32-byte digest, low-S normalized like Fabric requires, DER encoded. */
export function signDigest(privateScalar: bigint, digest: Uint8Array): Uint8Array {
  const e = toBigInt(digest) % N;
  for (;;) {
    const k = (toBigInt(randomBytes(40)) % (N - 1n)) + 1n;
    const r = multiplyG(k) % N;
    if (r === 0n) {
      continue;
    }
    let s = (modInverse(k, N) * (e + r * privateScalar)) % N;
    if (s === 0n) {
      continue;
    }
    if (s > N >> 1n) {
      s = N - s;
    }
    return derSequence(derInteger(r), derInteger(s));
  }
}

/** A throwaway identity for tests. */
export interface TestIdentity extends SigningIdentity {
  readonly certificatePem: string;
}

/** Creates a P-256 key and a self-signed certificate for `mspId` (test use only). */
export async function newTestIdentity(mspId = 'Org1MSP', commonName = 'user1'): Promise<TestIdentity> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const certificate = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: randomBytes(8).toString('hex'),
    name: `CN=${commonName}, O=${mspId}`,
    notBefore: new Date(Date.UTC(2024, 0, 1)),
    notAfter: new Date(Date.UTC(2124, 0, 1)),
    signingAlgorithm: { name: 'ECDSA', hash: 'SHA-256' },
    keys,
  });
  const certificatePem = certificate.toString('pem');
  const jwk = await webcrypto.subtle.exportKey('jwk', keys.privateKey);
  if (jwk.d === undefined) {
    throw new Error('private key export failed');
  }
  const privateScalar = toBigInt(Buffer.from(jwk.d, 'base64url'));
  const signer: Signer = (digest) => Promise.resolve(signDigest(privateScalar, digest));
  return {
    identity: { mspId, credentials: Buffer.from(certificatePem) },
    signer,
    certificatePem,
  };
}

/** Verifies a DER ECDSA signature over SHA-256(message) with the certificate's public key (test use only). */
export const testVerify: VerifySignature = (certificatePem, message, signature) =>
  nodeVerify('sha256', message, new X509Certificate(certificatePem).publicKey, signature);

/** SHA-256 digest helper for tests. */
export function testDigest(data: Uint8Array): Uint8Array {
  return createHash('sha256').update(data).digest();
}
