import { createPrivateKey, webcrypto } from 'node:crypto';
import { chmod, mkdir, open, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { enroll, generateKeyPair, type Enrollment, type EnrollOptions } from '../enrollment';
import { newPemSigner } from './pem-signer';
import type { Signer } from '../signers';

/** A WebCrypto private key (extractable) as a PKCS#8 PEM. */
export async function privateKeyToPem(privateKey: CryptoKey): Promise<string> {
  const pkcs8 = Buffer.from(await webcrypto.subtle.exportKey('pkcs8', privateKey));
  const lines = pkcs8.toString('base64').match(/.{1,64}/g) ?? [];
  return `-----BEGIN PRIVATE KEY-----\n${lines.join('\n')}\n-----END PRIVATE KEY-----\n`;
}

/** A PEM P-256 private key as a WebCrypto key pair (what a CSR is made with). */
export async function keyPairFromPem(pem: string): Promise<CryptoKeyPair> {
  const key = createPrivateKey(pem);
  const jwk = key.export({ format: 'jwk' });
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256' };
  const { d: _d, ...publicJwk } = jwk;
  const [privateKey, publicKey] = await Promise.all([
    webcrypto.subtle.importKey('jwk', jwk, algorithm, true, ['sign']),
    webcrypto.subtle.importKey('jwk', publicJwk, algorithm, true, ['verify']),
  ]);
  return { privateKey, publicKey };
}

/**
 * Writes a secret (a private key, an API key) readable by its owner only: mode 0600 from the moment the
 * file exists, whatever the umask, and never over an existing file unless `overwrite`.
 */
export async function writeSecretFile(
  file: string,
  text: string,
  options: { overwrite?: boolean } = {},
): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  const handle = await open(file, options.overwrite === true ? 'w' : 'wx', 0o600);
  try {
    await handle.chmod(0o600);
    await handle.writeFile(text);
  } finally {
    await handle.close();
  }
}

/** Where `enrollToFiles` keeps a device's key and certificate. */
export interface EnrollToFilesOptions extends Omit<EnrollOptions, 'keys'> {
  /** The private key's file (PEM, PKCS#8, mode 0600). An existing key is used again (a resumed enrolment). */
  readonly keyFile: string;
  /** The certificate's file (PEM); the CA chain goes beside it as `<name>.ca.pem`. */
  readonly certificateFile: string;
}

/** An enrolment whose key is on disk. */
export interface EnrolledFiles extends Enrollment {
  readonly keyFile: string;
  readonly certificateFile: string;
  readonly signer: Signer;
}

/**
 * Enrols from a Node program, keeping the key in a file: the key is made and written (0600) before the
 * CSR leaves, so an answer lost on the way can be asked for again with the same key and secret; then the
 * certificate and the CA chain are written beside it.
 *
 * @example
 * ```ts
 * const device = await enrollToFiles({ baseUrl, identity: 'EcommerceMSP:wallet7', secret,
 *   keyFile: 'wallet/key.pem', certificateFile: 'wallet/cert.pem' });
 * ```
 */
export async function enrollToFiles(options: Readonly<EnrollToFilesOptions>): Promise<EnrolledFiles> {
  let pem = await readFile(options.keyFile, 'utf8').catch((error: unknown) => {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  });
  if (pem === undefined) {
    const made = await generateKeyPair({ extractable: true });
    pem = await privateKeyToPem(made.privateKey);
    await writeSecretFile(options.keyFile, pem);
  } else {
    await chmod(options.keyFile, 0o600);
  }
  const { keyFile, certificateFile, ...rest } = options;
  const enrolled = await enroll({ ...rest, keys: await keyPairFromPem(pem) });
  await writeFile(certificateFile, enrolled.certificate);
  if (enrolled.caChain !== '') await writeFile(certificateFile.replace(/(\.pem)?$/, '.ca.pem'), enrolled.caChain);
  const { keys: _keys, signer: _signer, ...enrollment } = enrolled;
  return { ...enrollment, keyFile, certificateFile, signer: newPemSigner(pem) };
}
