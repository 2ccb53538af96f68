import { createHash, generateKeyPairSync, verify, webcrypto, type KeyObject } from 'node:crypto';
import { p256 } from '@noble/curves/nist';
import { newPemSigner } from './node/pem-signer';
import { isLowSDer, lowSDer, newPrivateKeySigner, newWebCryptoSigner, type Signer } from './signers';

const ORDER = p256.Point.CURVE().n;

function request(text: string): { message: Uint8Array; digest: Uint8Array } {
  const message = new TextEncoder().encode(text);
  return { message, digest: createHash('sha256').update(message).digest() };
}

/** What the gateway checks (offline-signing.ts → fabric-protocol verifySignature): Node's ECDSA-SHA256 over the message, DER, low-S. */
function verifiesAsFabric(key: KeyObject, message: Uint8Array, der: Uint8Array): boolean {
  return verify('sha256', message, { key, dsaEncoding: 'der' }, der) && isLowSDer(der);
}

/** Checks many signatures: ECDSA answers high-S half of the time, so 24 tries meet it almost surely. */
async function expectFabricSignatures(signer: Signer, publicKey: KeyObject): Promise<void> {
  for (let i = 0; i < 24; i++) {
    const { message, digest } = request(`proposal ${i}`);
    const der = await signer.sign({ message, digest });
    expect(der[0]).toBe(0x30); // a DER SEQUENCE
    const signature = p256.Signature.fromBytes(der, 'der');
    expect(signature.s <= ORDER / 2n).toBe(true);
    expect(verifiesAsFabric(publicKey, message, der)).toBe(true);
  }
}

describe('signers', () => {
  const node = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });

  it('a PEM key (Node createPrivateKey): DER, low-S, verifies as ECDSA-SHA256 over the message', async () => {
    const pem = node.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    await expectFabricSignatures(newPemSigner(pem), node.publicKey);
    const sec1 = node.privateKey.export({ format: 'pem', type: 'sec1' }).toString();
    await expectFabricSignatures(newPemSigner(sec1), node.publicKey);
  });

  it('a WebCrypto key, non-extractable: signs the message, normalised to DER low-S', async () => {
    const keys = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, ['sign', 'verify']);
    const spki = Buffer.from(await webcrypto.subtle.exportKey('spki', keys.publicKey));
    const { createPublicKey } = await import('node:crypto');
    await expectFabricSignatures(
      newWebCryptoSigner(keys.privateKey),
      createPublicKey({ key: spki, format: 'der', type: 'spki' }),
    );
  });

  it('a raw scalar signs the digest as a prehash (no second hash)', async () => {
    const { d } = node.privateKey.export({ format: 'jwk' });
    const signer = newPrivateKeySigner(Buffer.from(d!, 'base64url'));
    await expectFabricSignatures(signer, node.publicKey);
    // Signing the digest of another message gives a signature of that message, not of the one passed.
    const der = await signer.sign({ message: request('a').message, digest: request('b').digest });
    expect(verifiesAsFabric(node.publicKey, request('b').message, der)).toBe(true);
    expect(verifiesAsFabric(node.publicKey, request('a').message, der)).toBe(false);
  });

  it('turns a high-S P1363 signature into its low-S DER twin, which verifies alike', () => {
    const { message, digest } = request('twin');
    const { d } = node.privateKey.export({ format: 'jwk' });
    const low = p256.sign(digest, Buffer.from(d!, 'base64url'), { prehash: false, lowS: true });
    const high = new p256.Signature(low.r, ORDER - low.s);
    const der = lowSDer(high.toBytes('compact'));
    expect(isLowSDer(high.toBytes('der'))).toBe(false);
    expect(Buffer.from(der)).toEqual(Buffer.from(low.toBytes('der')));
    expect(verifiesAsFabric(node.publicKey, message, der)).toBe(true);
  });

  it('refuses keys that are not P-256 private keys, and digests that are not SHA-256', async () => {
    const p384 = generateKeyPairSync('ec', { namedCurve: 'secp384r1' });
    expect(() => newPemSigner(p384.privateKey)).toThrow(/P-256/);
    expect(() => newPemSigner(generateKeyPairSync('ed25519').privateKey)).toThrow(/EC private key/);
    expect(() => newPrivateKeySigner(new Uint8Array(32))).toThrow(/P-256/);
    const verifyOnly = await webcrypto.subtle.generateKey({ name: 'ECDSA', namedCurve: 'P-256' }, false, [
      'sign',
      'verify',
    ]);
    expect(() => newWebCryptoSigner(verifyOnly.publicKey)).toThrow(/private key/);
    const hmac = await webcrypto.subtle.generateKey({ name: 'HMAC', hash: 'SHA-256' }, false, ['sign']);
    expect(() => newWebCryptoSigner(hmac)).toThrow(/ECDSA P-256/);
    const { d } = node.privateKey.export({ format: 'jwk' });
    await expect(
      newPrivateKeySigner(Buffer.from(d!, 'base64url')).sign({
        message: new Uint8Array(1),
        digest: new Uint8Array(20),
      }),
    ).rejects.toThrow(/SHA-256/);
  });
});
