import { createHash, generateKeyPairSync, sign, verify } from 'node:crypto';

import {
  bigIntToBytes,
  decodeDerSignature,
  encodeDerSignature,
  isLowS,
  normalizeLowS,
  P256_HALF_ORDER,
  P256_ORDER,
  signDigestP256,
} from './ecdsa';

const sha256 = (data: Uint8Array | string): Buffer => createHash('sha256').update(data).digest();

describe('ECDSA P-256 over a digest', () => {
  it('matches the RFC 6979 A.2.5 test vector (P-256, SHA-256, "sample"), in low-S form', () => {
    const d = 0xc9afa9d845ba75166b5c215767b1d6934e50c3db36e89b127b8a622b120f6721n;
    const { r, s } = signDigestP256(d, sha256('sample'));
    expect(r).toBe(0xefd48b2aacb6a8fd1140dd9cd45e81d69d2c877b56aaf991c34d0ea84eaf3716n);
    // The vector's s (0xF7CB…) is high; the signer returns n − s.
    expect(s).toBe(P256_ORDER - 0xf7cb1c942d657c41d436c7a1b6e29f65f3e900dbb9aff4064dc4ab2f843acda8n);
  });

  it('produces signatures Node verifies against the original message', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const d = BigInt(`0x${Buffer.from(privateKey.export({ format: 'jwk' }).d!, 'base64url').toString('hex')}`);
    const message = Buffer.from('a transaction proposal');
    const der = encodeDerSignature(signDigestP256(d, sha256(message)));
    expect(verify('sha256', message, publicKey, der)).toBe(true);
    expect(verify('sha256', Buffer.from('another proposal'), publicKey, der)).toBe(false);
  });

  it('shows why crypto.sign(null, digest) is not used: for EC keys Node hashes the digest again', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const message = Buffer.from('hello');
    const digest = sha256(message);
    const signature = sign(null, digest, { key: privateKey, dsaEncoding: 'der' });
    expect(verify('sha256', message, publicKey, signature)).toBe(false);
    expect(verify('sha256', digest, publicKey, signature)).toBe(true);
  });

  it('rejects out-of-range keys and empty digests', () => {
    expect(() => signDigestP256(0n, sha256('x'))).toThrow(/out of range/);
    expect(() => signDigestP256(P256_ORDER, sha256('x'))).toThrow(/out of range/);
    expect(() => signDigestP256(1n, new Uint8Array())).toThrow(/empty digest/);
  });
});

describe('DER signatures', () => {
  it('round-trips, adding a zero byte to integers with the top bit set', () => {
    const signature = { r: 0x80n, s: P256_HALF_ORDER };
    const der = encodeDerSignature(signature);
    expect(der.toString('hex')).toBe(`3026020200800220${P256_HALF_ORDER.toString(16)}`);
    expect(decodeDerSignature(der)).toEqual(signature);
  });

  it('round-trips real OpenSSL signatures', () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    for (let i = 0; i < 20; i++) {
      const der = sign('sha256', Buffer.from(`m${i}`), { key: privateKey, dsaEncoding: 'der' });
      expect(encodeDerSignature(decodeDerSignature(der)).equals(der)).toBe(true);
    }
  });

  it('rejects malformed encodings', () => {
    const good = encodeDerSignature({ r: 5n, s: 7n });
    expect(() => decodeDerSignature(Buffer.concat([good, Buffer.from([0])]))).toThrow(/trailing/);
    expect(() => decodeDerSignature(good.subarray(0, good.length - 1))).toThrow(/truncated/);
    expect(() => decodeDerSignature(Buffer.from('3006020180020107', 'hex'))).toThrow(/negative/);
    expect(() => decodeDerSignature(Buffer.from('300702020005020107', 'hex'))).toThrow(/minimally/);
    expect(() => decodeDerSignature(Buffer.from('3106020105020107', 'hex'))).toThrow(/tag/);
  });

  it('normalises high S to n − s, which still verifies', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const message = Buffer.from('m');
    let high: { r: bigint; s: bigint } | undefined;
    for (let i = 0; high === undefined && i < 200; i++) {
      const candidate = decodeDerSignature(sign('sha256', message, { key: privateKey, dsaEncoding: 'der' }));
      if (!isLowS(candidate)) {
        high = candidate;
      }
    }
    expect(high).toBeDefined();
    const low = normalizeLowS(high!);
    expect(isLowS(low)).toBe(true);
    expect(low.s).toBe(P256_ORDER - high!.s);
    expect(verify('sha256', message, publicKey, encodeDerSignature(low))).toBe(true);
  });

  it('encodes fixed-width integers', () => {
    expect(bigIntToBytes(1n, 4).toString('hex')).toBe('00000001');
    expect(() => bigIntToBytes(0x1_0000_0000n, 4)).toThrow(RangeError);
  });
});
