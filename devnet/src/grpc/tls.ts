/**
 * TLS material for the devnet endpoint: a server certificate for the hosts clients dial (localhost,
 * 127.0.0.1, ...), issued by the first organisation's CA and kept under `<dataDir>/tls/` so that a
 * restarted devnet presents the same trust root and clients find it at a fixed path.
 */
import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { Devnet } from '../devnet';
import { issueCertificate, loadCertificateAuthority, privateKeyToPem } from '../msp';
import { x509 } from '../msp/x509';

/** A server's TLS certificate and key, and the root certificate clients trust it by. */
export interface TlsMaterial {
  readonly certificatePem: string;
  readonly privateKeyPem: string;
  readonly rootCertificatePem: string;
}

/** Issued TLS material and where it is written. */
export interface DevnetTlsFiles extends TlsMaterial {
  readonly directory: string;
  /** `<dataDir>/tls/ca.crt`: what clients pass as their TLS root certificate. */
  readonly rootCertificatePath: string;
}

/** The hosts the endpoint's certificate names by default. */
export const DEFAULT_TLS_HOSTS: readonly string[] = ['localhost', '127.0.0.1'];

/** Where a devnet keeps its endpoint's TLS material. */
export function tlsDirectory(dataDir: string): string {
  return path.join(dataDir, 'tls');
}

/**
 * The endpoint's TLS material: reused from `<dataDir>/tls/` when its certificate names every host, else
 * issued afresh by the first organisation's CA.
 */
export async function devnetServerTls(devnet: Devnet, hosts: readonly string[]): Promise<DevnetTlsFiles> {
  const directory = tlsDirectory(devnet.dataDir);
  const files = {
    certificate: path.join(directory, 'server.crt'),
    privateKey: path.join(directory, 'server.key'),
    root: path.join(directory, 'ca.crt'),
  };
  const wanted = [...new Set([...DEFAULT_TLS_HOSTS, ...hosts])];
  if (existsSync(files.certificate) && existsSync(files.privateKey) && existsSync(files.root)) {
    const certificatePem = await readFile(files.certificate, 'utf8');
    if (wanted.every((host) => namesOf(certificatePem).includes(host))) {
      return {
        directory,
        rootCertificatePath: files.root,
        certificatePem,
        privateKeyPem: await readFile(files.privateKey, 'utf8'),
        rootCertificatePem: await readFile(files.root, 'utf8'),
      };
    }
  }
  const org = devnet.organizations[0];
  if (!org) throw new Error('devnet has no organisation to issue a TLS certificate');
  const ca = await loadCertificateAuthority(path.join(devnet.dataDir, 'organizations'), org.mspId, org.domain);
  const issued = await issueCertificate(ca, { commonName: `devnet.${org.domain}`, nodeOU: 'peer', hosts: wanted });
  const material = {
    certificatePem: issued.certificatePem,
    privateKeyPem: privateKeyToPem(issued.privateKey),
    rootCertificatePem: ca.certificatePem,
  };
  await mkdir(directory, { recursive: true });
  await writeFile(files.root, material.rootCertificatePem);
  await writeFile(files.certificate, material.certificatePem);
  await writeFile(files.privateKey, material.privateKeyPem, { mode: 0o600 });
  return { directory, rootCertificatePath: files.root, ...material };
}

function namesOf(certificatePem: string): string[] {
  const san = new x509.X509Certificate(certificatePem).getExtension(x509.SubjectAlternativeNameExtension);
  return san ? san.names.toJSON().map((name) => name.value) : [];
}
