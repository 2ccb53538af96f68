/** Loads identities and trust anchors from MSP folders in cryptogen's layout, like fabric-samples' gateway code. */
import { createPublicKey, type KeyObject } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import * as path from 'node:path';

import { isErrno } from './errno';
import type { SigningIdentity } from './identity';
import { privateKeyFromPem, samePublicKey } from './keys';
import { newMessageSigner } from './signer';

/** A signing identity loaded from disk, with its raw key and certificate for callers that need them. */
export type LoadedSigningIdentity = SigningIdentity & {
  readonly privateKey: KeyObject;
  readonly certificatePem: string;
};

/** An organisation's verifying material. */
export interface OrgTrust {
  /** PEM of every certificate in `cacerts/`. */
  readonly rootCertificatesPem: string[];
  /** Whether `config.yaml` enables NodeOUs. */
  readonly nodeOUsEnabled: boolean;
}

/**
 * Loads the signing identity of an MSP folder: the first file (by name) of `signcerts/` and of `keystore/`.
 * Throws, naming the folder or file, when either is missing or the key does not belong to the certificate.
 */
export async function loadSigningIdentity(mspDir: string, mspId: string): Promise<LoadedSigningIdentity> {
  if (mspId.trim() === '') {
    throw new Error('mspId must not be empty');
  }
  const certFile = await firstFile(path.join(mspDir, 'signcerts'));
  const keyFile = await firstFile(path.join(mspDir, 'keystore'));
  const certificatePem = await readFile(certFile, 'utf8');
  const keyPem = await readFile(keyFile, 'utf8');
  let certificateKey: KeyObject;
  try {
    certificateKey = createPublicKey(certificatePem);
  } catch (error: unknown) {
    throw new Error(`${certFile} is not a PEM certificate`, { cause: error });
  }
  let privateKey: KeyObject;
  try {
    privateKey = privateKeyFromPem(keyPem);
  } catch (error: unknown) {
    throw new Error(`${keyFile} is not a PEM private key`, { cause: error });
  }
  if (!samePublicKey(privateKey, certificateKey)) {
    throw new Error(`Private key ${keyFile} does not match certificate ${certFile}`);
  }
  return {
    identity: { mspId, credentials: new Uint8Array(Buffer.from(certificatePem, 'utf8')) },
    // Native message signing: hash mode `none` (fabric-gateway's `hash.none`).
    signer: newMessageSigner(privateKey),
    hash: 'none',
    privateKey,
    certificatePem,
  };
}

/** Loads an organisation MSP folder's root CA certificates (`cacerts/`) and whether NodeOUs are enabled. */
export async function loadOrgTrust(orgMspDir: string): Promise<OrgTrust> {
  const cacertsDir = path.join(orgMspDir, 'cacerts');
  const rootCertificatesPem: string[] = [];
  for (const file of await listFiles(cacertsDir)) {
    const content = await readFile(path.join(cacertsDir, file), 'utf8');
    rootCertificatesPem.push(...(content.match(PEM_CERTIFICATE) ?? []).map((pem) => `${pem}\n`));
  }
  if (rootCertificatesPem.length === 0) {
    throw new Error(`MSP folder ${orgMspDir} has no certificate in cacerts/`);
  }
  return { rootCertificatesPem, nodeOUsEnabled: await readNodeOUsEnabled(path.join(orgMspDir, 'config.yaml')) };
}

const PEM_CERTIFICATE = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/g;

/**
 * Reads `NodeOUs: Enable:` from an MSP `config.yaml` without a YAML library (the file is cryptogen's fixed shape).
 * A missing file means NodeOUs are off, as in Fabric.
 */
async function readNodeOUsEnabled(configFile: string): Promise<boolean> {
  let yaml: string;
  try {
    yaml = await readFile(configFile, 'utf8');
  } catch (error: unknown) {
    if (isErrno(error, 'ENOENT')) {
      return false;
    }
    throw error;
  }
  const section = /^NodeOUs:[ \t]*\r?\n((?:[ \t]+.*(?:\r?\n|$)|[ \t]*(?:\r?\n|$))*)/m.exec(yaml)?.[1] ?? '';
  return /^[ \t]+Enable:[ \t]*(?:true|True|TRUE)[ \t]*(?:#.*)?$/m.test(section);
}

/** The path of the first regular file, by name, in `dir`; throws naming the folder if it is missing or empty. */
async function firstFile(dir: string): Promise<string> {
  const [first] = await listFiles(dir);
  if (first === undefined) {
    throw new Error(`MSP folder ${dir} contains no file`);
  }
  return path.join(dir, first);
}

/** Names of the regular files in `dir`, sorted; throws naming the folder if it does not exist. */
async function listFiles(dir: string): Promise<string[]> {
  try {
    const entries = await readdir(dir, { withFileTypes: true });
    return entries
      .filter((entry) => entry.isFile())
      .map((entry) => entry.name)
      .sort();
  } catch (error: unknown) {
    if (isErrno(error, 'ENOENT', 'ENOTDIR')) {
      throw new Error(`MSP folder ${dir} does not exist`, { cause: error });
    }
    throw error;
  }
}
