import { createHash, createPrivateKey, generateKeyPairSync, sign, verify } from 'node:crypto';
import { p256 } from '@noble/curves/nist';
import { isLowSDerSignature, lowSDer, newMessageSigner, newPrivateKeySigner } from './signer';

const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();
const N = p256.Point.CURVE().n;

/** RFC 6979 A.2.5's P-256 key as a Node key object (JWK from its scalar and public point). */
function rfc6979Key(): ReturnType<typeof createPrivateKey> {
  const d = Buffer.from('c9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721', 'hex');
  const point = p256.getPublicKey(d, false);
  return createPrivateKey({
    key: {
      kty: 'EC',
      crv: 'P-256',
      d: d.toString('base64url'),
      x: Buffer.from(point.subarray(1, 33)).toString('base64url'),
      y: Buffer.from(point.subarray(33)).toString('base64url'),
    },
    format: 'jwk',
  });
}

describe('ECDSA P-256 signers', () => {
  it('signs a digest deterministically (RFC 6979 A.2.5, "sample"), in low-S form', async () => {
    const der = await newPrivateKeySigner(rfc6979Key())(sha256('sample'));
    const { r, s } = p256.Signature.fromBytes(der, 'der');
    expect(r).toBe(0xefd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716n);
    // The vector's s (0xF7CB…) is high; the signer returns n − s, which Fabric peers require.
    expect(s).toBe(N - 0xf7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8n);
  });

  it('signs a digest as is: Node verifies it against the original message', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const message = Buffer.from('a transaction proposal');
    const der = await newPrivateKeySigner(privateKey)(sha256(message));
    expect(verify('sha256', message, publicKey, der)).toBe(true);
    expect(verify('sha256', Buffer.from('another proposal'), publicKey, der)).toBe(false);
    await expect(newPrivateKeySigner(privateKey)(new Uint8Array())).rejects.toThrow(/empty digest/);
  });

  it('signs messages with Node, always in low-S form, and they verify', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const signer = newMessageSigner(privateKey);
    for (let i = 0; i < 64; i++) {
      const message = Buffer.from(`message ${i}`);
      const der = await signer(message);
      expect(isLowSDerSignature(der)).toBe(true);
      expect(verify('sha256', message, publicKey, der)).toBe(true);
    }
  });

  it('refuses keys that are not P-256', () => {
    const { privateKey: ed } = generateKeyPairSync('ed25519');
    const { privateKey: k1 } = generateKeyPairSync('ec', { namedCurve: 'secp256k1' });
    expect(() => newMessageSigner(ed)).toThrow(/EC private key/);
    expect(() => newPrivateKeySigner(k1)).toThrow(/P-256/);
  });

  it('tells high-S and malformed signatures from low-S ones', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const low = p256.Signature.fromBytes(await newMessageSigner(privateKey)(Buffer.from('m')), 'der');
    const high = new p256.Signature(low.r, N - low.s);
    expect(isLowSDerSignature(low.toBytes('der'))).toBe(true);
    expect(isLowSDerSignature(high.toBytes('der'))).toBe(false);
    expect(isLowSDerSignature(Buffer.from('not DER'))).toBe(false);
    expect(isLowSDerSignature(Buffer.concat([low.toBytes('der'), Buffer.from([0])]))).toBe(false);
  });
});

describe('lowSDer', () => {
  const noble = (compact: Uint8Array): string => {
    const signature = p256.Signature.fromBytes(compact, 'compact');
    const low = signature.hasHighS() ? new p256.Signature(signature.r, N - signature.s) : signature;
    return Buffer.from(low.toBytes('der')).toString('hex');
  };
  const compactOf = (r: bigint, s: bigint): Uint8Array =>
    Buffer.from(r.toString(16).padStart(64, '0') + s.toString(16).padStart(64, '0'), 'hex');

  it('gives the bytes noble gives, for random signatures and the edge cases of r and s', () => {
    const half = N >> 1n;
    const edges = [
      1n,
      0x7fn,
      0x80n,
      0xffn,
      2n ** 248n - 1n,
      2n ** 248n,
      2n ** 255n - 1n,
      2n ** 255n,
      half,
      half + 1n,
      N - 1n,
    ];
    for (const r of edges)
      for (const s of edges) expect(Buffer.from(lowSDer(compactOf(r, s))).toString('hex')).toBe(noble(compactOf(r, s)));
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 500; i++) {
      const compact = sign('sha256', Buffer.from(`m${i}`), { key: privateKey, dsaEncoding: 'ieee-p1363' });
      expect(Buffer.from(lowSDer(compact)).toString('hex')).toBe(noble(compact));
    }
  });
});
