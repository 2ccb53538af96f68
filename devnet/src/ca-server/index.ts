/**
 * A Fabric CA for one devnet organisation: the subset of Fabric CA 1.5's REST API (v1) that
 * fabric-ca-client (the CLI, and the `fabric-ca-client` npm package 2.2) uses — cainfo, register, enroll,
 * reenroll, revoke, gencrl, identities — signing with the organisation's devnet CA, so that what it issues
 * is valid on devnet's channel (and carries Fabric CA's NodeOU and attribute extension).
 *
 * @example
 * ```ts
 * const ca = await startDevnetCaServer({
 *   dataDir: '.devnet',
 *   org: { mspId: 'EcommerceMSP', domain: 'ecommerce.example.com' },
 *   port: 7054,
 * });
 * // fabric-ca-client register -u ca.url --caname ca.caName --tls.certfiles <ca.tlsRootCertPath>
 * //   --mspdir ca.registrar.mspDir --id.name buyer3 --id.attrs role=buyer:ecert
 * await ca.close();
 * ```
 */
import { randomBytes } from 'node:crypto';
import { chmod, copyFile, mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';

import { orgDir, orgMspDir, privateKeyToPem, userMspDir } from '../msp';
import { isErrno } from '@allianceledger/fabric-protocol';
import { ECDSA_P256_SHA256, subtle, x509 } from '../msp/x509';
import { Attr } from './authorization';
import { CaService } from './ca-service';
import { fabricCaRequestHandler, type CaRequestLog } from './http-api';
import { issueServerCertificate, loadSigningCa } from './issuer';
import { CaRegistry } from './registry';

export { FabricCaCode, FabricCaError } from './fabric-ca-errors';
export { createToken, verifyToken, type SignedRequest } from './token';
export type { CaRequestLog } from './http-api';

/** Options of {@link startDevnetCaServer}. */
export interface DevnetCaServerOptions {
  /**
   * devnet's data directory. The org's CA key is read from `organizations/peerOrganizations/<domain>/ca/`
   * (devnet must have created the org); the CA's registry is kept in `fabric-ca/<domain>/` (files 0600).
   */
  readonly dataDir: string;
  readonly org: { readonly mspId: string; readonly domain: string };
  /** Default `127.0.0.1`. */
  readonly host?: string;
  /** Default 0: a free port (see `url`). */
  readonly port?: number;
  /**
   * Default true: HTTPS with a certificate the org's CA issues for `host` (as fabric-ca-server issues its
   * `tls-cert.pem`), so clients trust the org's CA certificate.
   */
  readonly tls?: boolean;
  /** Default `ca-<first label of the domain>`, e.g. `ca-ecommerce` (as on the real network). */
  readonly caName?: string;
  /**
   * The bootstrap admin (the first registrar, with every `hf.` power). Registered on first start only.
   * Default: `admin` with a secret generated once and kept in `fabric-ca/<domain>/bootstrap-admin.json`.
   */
  readonly bootstrapAdmin?: { readonly enrollmentId: string; readonly secret: string };
  /**
   * Default true: registers the org's `registrar` (may register clients with a `role`, revoke, generate
   * CRLs — as on the real network) and writes its MSP folder at `users/registrar@<domain>/msp` once.
   */
  readonly registrar?: boolean;
  /** Enrollment cap per identity (`registry.maxenrollments`); default -1, none. */
  readonly maxEnrollments?: number;
  /** Wrong secrets before an identity is locked (`cfg.identities.passwordattempts`); default 10. */
  readonly passwordAttempts?: number;
  /** Validity of generated CRLs; default 24 h (`crl.expiry`). */
  readonly crlValidityMs?: number;
  /** Called once per request (fabric-ca-server's access log). */
  readonly log?: (entry: CaRequestLog) => void;
}

/** A running devnet CA server. */
export interface DevnetCaServer {
  /** `https://127.0.0.1:<port>` (or `http://` without TLS). */
  readonly url: string;
  readonly caName: string;
  readonly mspId: string;
  /** The org's CA certificate: the TLS root of this server and the root of what it issues. */
  readonly tlsRootCertPath: string;
  readonly bootstrapAdmin: { readonly enrollmentId: string; readonly secret: string };
  /** The CA's folder: its registry and, when generated, `bootstrap-admin.json`. */
  readonly home: string;
  /** The org's registrar, when `registrar` is on: its enrollment ID and MSP folder. */
  readonly registrar?: { readonly enrollmentId: string; readonly mspDir: string };
  close(): Promise<void>;
}

/** Fabric CA's default profile of its bootstrap identity. */
/** How long an idle keep-alive connection stays open (longer than any client keeps one). */
const IDLE_CONNECTION_MS = 65_000;

const BOOTSTRAP_ATTRIBUTES = [
  { name: Attr.Roles, value: '*' },
  { name: Attr.DelegateRoles, value: '*' },
  { name: Attr.RegistrarAttributes, value: '*' },
  { name: Attr.Revoker, value: 'true' },
  { name: Attr.IntermediateCA, value: 'true' },
  { name: Attr.GenCRL, value: 'true' },
  { name: Attr.AffiliationMgr, value: 'true' },
];

/** The org registrar's powers, as `network.sh` registers it on the real network. */
const REGISTRAR_ATTRIBUTES = [
  { name: Attr.Roles, value: 'client' },
  { name: Attr.RegistrarAttributes, value: 'role' },
  { name: Attr.Revoker, value: 'true' },
  { name: Attr.GenCRL, value: 'true' },
];

export const REGISTRAR_ID = 'registrar';

/** Starts a Fabric CA REST server for one devnet organisation. */
export async function startDevnetCaServer(options: Readonly<DevnetCaServerOptions>): Promise<DevnetCaServer> {
  const { dataDir, org } = options;
  const host = options.host ?? '127.0.0.1';
  const tls = options.tls ?? true;
  const caName = options.caName ?? `ca-${org.domain.split('.')[0] ?? org.domain}`;
  const organizationsRoot = path.join(dataDir, 'organizations');
  const ca = await loadSigningCa(organizationsRoot, org.domain);
  const home = path.join(dataDir, 'fabric-ca', org.domain);
  const registry = await CaRegistry.open(home);
  const service = new CaService({
    caName,
    ca,
    registry,
    maxEnrollments: options.maxEnrollments ?? -1,
    passwordAttempts: options.passwordAttempts ?? 10,
    crlValidityMs: options.crlValidityMs ?? 24 * 60 * 60 * 1000,
    version: '1.5.5-devnet',
  });

  const bootstrapAdmin = options.bootstrapAdmin ?? (await bootstrapCredentials(home));
  await service.registerInternal({
    id: bootstrapAdmin.enrollmentId,
    type: 'client',
    attrs: BOOTSTRAP_ATTRIBUTES,
    secret: bootstrapAdmin.secret,
  });
  const registrar =
    (options.registrar ?? true) ? await ensureRegistrar(service, organizationsRoot, org.domain) : undefined;

  const handler = fabricCaRequestHandler(service, options.log);
  let server: Server;
  if (tls) {
    const hosts = [...new Set([host, 'localhost', '127.0.0.1'])];
    const { certificatePem, privateKey } = await issueServerCertificate(ca, hosts);
    server = createHttpsServer({ cert: certificatePem, key: privateKeyToPem(privateKey) }, handler);
  } else {
    server = createHttpServer(handler);
  }
  // Fabric CA (Go's net/http) keeps idle connections open; Node's 5 s default closes one just as a
  // keep-alive client (Node's global agent, also 5 s) may reuse it, which the client sees as ECONNRESET.
  server.keepAliveTimeout = IDLE_CONNECTION_MS;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const urlHost = host.includes(':') ? `[${host}]` : host;
  return {
    url: `${tls ? 'https' : 'http'}://${urlHost}:${port}`,
    caName,
    mspId: org.mspId,
    tlsRootCertPath: path.join(orgDir(organizationsRoot, org.domain), 'ca', `ca.${org.domain}-cert.pem`),
    bootstrapAdmin,
    home,
    ...(registrar !== undefined && { registrar }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.close((error) => {
          if (error) reject(error);
          else resolve();
        });
        server.closeAllConnections();
      }),
  };
}

/** The bootstrap admin's credentials, generated on first start and kept 0600. */
async function bootstrapCredentials(home: string): Promise<{ enrollmentId: string; secret: string }> {
  const file = path.join(home, 'bootstrap-admin.json');
  try {
    return JSON.parse(await readFile(file, 'utf8')) as { enrollmentId: string; secret: string };
  } catch (error: unknown) {
    if (!isErrno(error, 'ENOENT')) throw error;
  }
  const credentials = { enrollmentId: 'admin', secret: randomBytes(16).toString('hex') };
  await writeFile(file, `${JSON.stringify(credentials)}\n`, { mode: 0o600, flag: 'wx' });
  return credentials;
}

/** Registers the org's registrar and writes its MSP folder, once. */
async function ensureRegistrar(
  service: CaService,
  organizationsRoot: string,
  domain: string,
): Promise<{ enrollmentId: string; mspDir: string }> {
  const mspDir = userMspDir(organizationsRoot, domain, REGISTRAR_ID);
  await service.registerInternal({
    id: REGISTRAR_ID,
    type: 'client',
    attrs: REGISTRAR_ATTRIBUTES,
    secret: randomBytes(16).toString('hex'),
  });
  const certificateFile = path.join(mspDir, 'signcerts', 'cert.pem');
  if (!(await exists(certificateFile))) {
    const keys = await subtle.generateKey(ECDSA_P256_SHA256, true, ['sign', 'verify']);
    const csr = await x509.Pkcs10CertificateRequestGenerator.create({
      name: `CN=${REGISTRAR_ID}`,
      keys,
      signingAlgorithm: ECDSA_P256_SHA256,
    });
    const certificatePem = await service.issueInternal(REGISTRAR_ID, csr.toString('pem'));
    const pkcs8 = Buffer.from(await subtle.exportKey('pkcs8', keys.privateKey)).toString('base64');
    const keyPem = `-----BEGIN PRIVATE KEY-----\n${(pkcs8.match(/.{1,64}/g) ?? []).join('\n')}\n-----END PRIVATE KEY-----\n`;
    const orgMsp = orgMspDir(organizationsRoot, domain);
    for (const folder of ['signcerts', 'keystore', 'cacerts'])
      await mkdir(path.join(mspDir, folder), { recursive: true });
    await writeFile(path.join(mspDir, 'keystore', 'priv_sk'), keyPem, { mode: 0o600 });
    await chmod(path.join(mspDir, 'keystore', 'priv_sk'), 0o600);
    await copyFile(
      path.join(orgMsp, 'cacerts', `ca.${domain}-cert.pem`),
      path.join(mspDir, 'cacerts', `ca.${domain}-cert.pem`),
    );
    await copyFile(path.join(orgMsp, 'config.yaml'), path.join(mspDir, 'config.yaml'));
    // Last, so that an interrupted write is redone at the next start.
    await writeFile(certificateFile, certificatePem);
  }
  return { enrollmentId: REGISTRAR_ID, mspDir };
}

async function exists(file: string): Promise<boolean> {
  try {
    await stat(file);
    return true;
  } catch (error: unknown) {
    if (isErrno(error, 'ENOENT')) return false;
    throw error;
  }
}
