/**
 * Writes one organisation's crypto material in `cryptogen`'s folder layout, so Fabric tooling and
 * fabric-samples-style loaders can read it:
 *
 * ```
 * <root>/peerOrganizations/<domain>/
 *   ca/ca.<domain>-cert.pem, ca/priv_sk
 *   msp/cacerts/ca.<domain>-cert.pem, msp/config.yaml
 *   peers/peer0.<domain>/msp/{cacerts,keystore,signcerts,config.yaml}
 *   users/<Name>@<domain>/msp/{cacerts,keystore,signcerts,config.yaml}
 * ```
 */
import { mkdir, mkdtemp, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import * as path from 'node:path';

import { isErrno } from './errno';
import { createCertificateAuthority, issueCertificate, type CertificateAuthority, type NodeOU } from './ca';
import { privateKeyFromPem, privateKeyToPem } from './keys';

/** A user to enroll in the organisation. */
export interface UserSpec {
  /** Name before `@<domain>`, e.g. `Admin` or `User1`. */
  readonly name: string;
  readonly nodeOU: 'client' | 'admin';
  /** Fabric CA attributes for attribute-based access control. */
  readonly attributes?: Readonly<Record<string, string>>;
}

/** One organisation to write. */
export interface OrgSpec {
  readonly mspId: string;
  readonly domain: string;
  readonly users: readonly UserSpec[];
}

/** Paths of a written user. */
export interface WrittenUser {
  readonly name: string;
  /** `<name>@<domain>`, the certificate CN. */
  readonly commonName: string;
  readonly mspDir: string;
}

/** What `writeOrganization` wrote. */
export interface WrittenOrganization {
  readonly mspId: string;
  readonly domain: string;
  /** `<root>/peerOrganizations/<domain>` */
  readonly orgDir: string;
  /** The organisation's verifying MSP (`msp/`): CA certificates and NodeOU config. */
  readonly orgMspDir: string;
  readonly peerMspDir: string;
  readonly users: readonly WrittenUser[];
  /** The organisation's CA, to issue further certificates. */
  readonly ca: CertificateAuthority;
}

/** `<root>/peerOrganizations/<domain>` */
export function orgDir(root: string, domain: string): string {
  return path.join(root, 'peerOrganizations', domain);
}

/** The organisation's MSP folder: `<root>/peerOrganizations/<domain>/msp`. */
export function orgMspDir(root: string, domain: string): string {
  return path.join(orgDir(root, domain), 'msp');
}

/** The peer's local MSP folder: `<root>/peerOrganizations/<domain>/peers/peer0.<domain>/msp`. */
export function peerMspDir(root: string, domain: string): string {
  return path.join(orgDir(root, domain), 'peers', `peer0.${domain}`, 'msp');
}

/** A user's MSP folder: `<root>/peerOrganizations/<domain>/users/<name>@<domain>/msp`. */
export function userMspDir(root: string, domain: string, name: string): string {
  return path.join(orgDir(root, domain), 'users', `${name}@${domain}`, 'msp');
}

/** Loads an organisation's CA (certificate and key) from `<root>/peerOrganizations/<domain>/ca`, to issue more certificates. */
export async function loadCertificateAuthority(
  root: string,
  mspId: string,
  domain: string,
): Promise<CertificateAuthority> {
  const caDir = path.join(orgDir(root, domain), 'ca');
  const certificatePem = await readFile(path.join(caDir, caCertFileName(domain)), 'utf8');
  const privateKey = privateKeyFromPem(await readFile(path.join(caDir, 'priv_sk'), 'utf8'));
  return { mspId, domain, certificatePem, privateKey };
}

/** cryptogen's `config.yaml`, enabling NodeOUs with every OU identified by the organisation's CA. */
export function nodeOUsConfigYaml(domain: string): string {
  const certificate = `cacerts/${caCertFileName(domain)}`;
  const identifier = (key: string, ou: string): string =>
    `  ${key}:\n    Certificate: ${certificate}\n    OrganizationalUnitIdentifier: ${ou}\n`;
  return (
    'NodeOUs:\n' +
    '  Enable: true\n' +
    identifier('ClientOUIdentifier', 'client') +
    identifier('PeerOUIdentifier', 'peer') +
    identifier('AdminOUIdentifier', 'admin') +
    identifier('OrdererOUIdentifier', 'orderer')
  );
}

/**
 * Creates the organisation's CA, the peer identity `peer0.<domain>` and every user, and writes them under
 * `<root>/peerOrganizations/<domain>`. Throws, writing nothing, if that folder already exists: the caller decides
 * whether to reuse or delete it. The material is assembled in a temporary sibling folder and renamed into place,
 * so a failure never leaves a half-written organisation behind.
 */
export async function writeOrganization(root: string, spec: OrgSpec): Promise<WrittenOrganization> {
  validateSpec(spec);
  const finalDir = orgDir(root, spec.domain);
  if (await exists(finalDir)) {
    throw organizationExists(finalDir);
  }
  const parent = path.dirname(finalDir);
  await mkdir(parent, { recursive: true });
  const stagingRoot = await mkdtemp(path.join(parent, `.${spec.domain}.staging-`));
  try {
    const ca = await writeAll(stagingRoot, spec);
    try {
      await rename(orgDir(stagingRoot, spec.domain), finalDir);
    } catch (error: unknown) {
      if (isErrno(error, 'EEXIST', 'ENOTEMPTY')) {
        throw organizationExists(finalDir);
      }
      throw error;
    }
    return {
      mspId: spec.mspId,
      domain: spec.domain,
      orgDir: finalDir,
      orgMspDir: orgMspDir(root, spec.domain),
      peerMspDir: peerMspDir(root, spec.domain),
      users: spec.users.map((user) => ({
        name: user.name,
        commonName: `${user.name}@${spec.domain}`,
        mspDir: userMspDir(root, spec.domain, user.name),
      })),
      ca,
    };
  } finally {
    await rm(stagingRoot, { recursive: true, force: true });
  }
}

/** Writes the whole organisation under `root` (whose organisation folder must not exist yet). */
async function writeAll(root: string, spec: OrgSpec): Promise<CertificateAuthority> {
  const { domain } = spec;
  const ca = await createCertificateAuthority({ mspId: spec.mspId, domain });
  const caDir = path.join(orgDir(root, domain), 'ca');
  await writeText(path.join(caDir, caCertFileName(domain)), ca.certificatePem);
  await writeSecret(path.join(caDir, 'priv_sk'), privateKeyToPem(ca.privateKey));

  const mspDir = orgMspDir(root, domain);
  await writeText(path.join(mspDir, 'cacerts', caCertFileName(domain)), ca.certificatePem);
  await writeText(path.join(mspDir, 'config.yaml'), nodeOUsConfigYaml(domain));

  await writeLocalMsp(peerMspDir(root, domain), ca, `peer0.${domain}`, 'peer', undefined);
  for (const user of spec.users) {
    await writeLocalMsp(
      userMspDir(root, domain, user.name),
      ca,
      `${user.name}@${domain}`,
      user.nodeOU,
      user.attributes,
    );
  }
  return ca;
}

/** Writes a signing MSP: CA certificate, private key, signing certificate and NodeOU config. */
async function writeLocalMsp(
  mspDir: string,
  ca: CertificateAuthority,
  commonName: string,
  nodeOU: NodeOU,
  attributes: Readonly<Record<string, string>> | undefined,
): Promise<void> {
  const issued = await issueCertificate(
    ca,
    attributes === undefined ? { commonName, nodeOU } : { commonName, nodeOU, attributes },
  );
  await writeText(path.join(mspDir, 'cacerts', caCertFileName(ca.domain)), ca.certificatePem);
  await writeSecret(path.join(mspDir, 'keystore', 'priv_sk'), privateKeyToPem(issued.privateKey));
  await writeText(path.join(mspDir, 'signcerts', `${commonName}-cert.pem`), issued.certificatePem);
  await writeText(path.join(mspDir, 'config.yaml'), nodeOUsConfigYaml(ca.domain));
}

function caCertFileName(domain: string): string {
  return `ca.${domain}-cert.pem`;
}

async function writeText(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content, { flag: 'wx' });
}

async function writeSecret(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, content, { flag: 'wx', mode: 0o600 });
}

const DOMAIN = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*$/;
const USER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

function validateSpec(spec: OrgSpec): void {
  if (spec.mspId.trim() === '') {
    throw new Error('OrgSpec.mspId must not be empty');
  }
  if (!DOMAIN.test(spec.domain)) {
    throw new Error(`OrgSpec.domain ${JSON.stringify(spec.domain)} is not a DNS name`);
  }
  const seen = new Set<string>();
  for (const user of spec.users) {
    if (!USER_NAME.test(user.name)) {
      throw new Error(`User name ${JSON.stringify(user.name)} must be letters, digits, '.', '_' or '-'`);
    }
    if (seen.has(user.name.toLowerCase())) {
      throw new Error(`User ${user.name} is listed twice`);
    }
    seen.add(user.name.toLowerCase());
  }
}

function organizationExists(dir: string): Error {
  return new Error(`Organisation folder ${dir} already exists; delete it or load it instead of writing it again`);
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error: unknown) {
    if (isErrno(error, 'ENOENT')) {
      return false;
    }
    throw error;
  }
}
