import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { promisify } from 'node:util';

import { x509 } from '../msp/x509';
import { openTestDevnet } from '../test/harness';
import type { Devnet } from '../devnet';
import { startDevnetCaServer, type DevnetCaServer } from '.';
import { attributesOf, issuedBy, subjectOf } from './test/ca-fixtures';

const run = promisify(execFile);

/** The real fabric-ca-client (Fabric CA 1.5): FABRIC_CA_BIN, else PATH. */
const CLI = process.env.FABRIC_CA_BIN ? path.join(process.env.FABRIC_CA_BIN, 'fabric-ca-client') : 'fabric-ca-client';

async function cliAvailable(): Promise<boolean> {
  try {
    await run(CLI, ['version']);
    return true;
  } catch {
    return false;
  }
}

/** Runs fabric-ca-client; resolves its exit code and output instead of throwing. */
async function cli(home: string, args: readonly string[]): Promise<{ code: number; out: string }> {
  try {
    const { stdout, stderr } = await run(CLI, [...args], { env: { ...process.env, FABRIC_CA_CLIENT_HOME: home } });
    return { code: 0, out: stdout + stderr };
  } catch (error: unknown) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? 1, out: `${e.stdout ?? ''}${e.stderr ?? ''}` };
  }
}

const available = cliAvailable();

describe('devnet CA server with the fabric-ca-client CLI', () => {
  let devnet: Devnet;
  let cleanup: () => Promise<void>;
  let server: DevnetCaServer;
  let home: string;
  let caPem: string;
  let caArgs: string[];
  let registrarMsp: string;

  beforeAll(async () => {
    if (!(await available)) return;
    let dataDir: string;
    ({ devnet, dir: dataDir, cleanup } = await openTestDevnet());
    server = await startDevnetCaServer({ dataDir, org: { mspId: 'EcommerceMSP', domain: 'ecommerce.example.com' } });
    caPem = await readFile(server.tlsRootCertPath, 'utf8');
    home = await mkdtemp(path.join(tmpdir(), 'fabric-ca-cli-'));
    caArgs = ['-u', server.url, '--caname', server.caName, '--tls.certfiles', server.tlsRootCertPath];
    // A copy: `revoke --gencrl` writes the CRL into the registrar's MSP folder.
    registrarMsp = path.join(home, 'registrar-msp');
    await cp(server.registrar!.mspDir, registrarMsp, { recursive: true });
  });
  afterAll(async () => {
    if (!(await available)) return;
    await server.close();
    await cleanup();
    await rm(home, { recursive: true, force: true });
  });

  const skipWithout = async (): Promise<boolean> => {
    if (await available) return false;
    console.warn(`skipped: ${CLI} not found (set FABRIC_CA_BIN or put Fabric CA 1.5's bin/ on PATH)`);
    return true;
  };

  const enrollUrl = (id: string, secret: string): string => server.url.replace('://', `://${id}:${secret}@`);

  it('serves getcainfo, register (role=buyer:ecert), enroll and reenroll to the CLI', async () => {
    if (await skipWithout()) return;
    const info = await cli(home, ['getcainfo', ...caArgs, '-M', path.join(home, 'info')]);
    expect(info.code).toBe(0);
    expect(
      await readFile(
        path.join(home, 'info', 'cacerts', `127-0-0-1-${new URL(server.url).port}-ca-ecommerce.pem`),
        'utf8',
      ),
    ).toBe(caPem);

    const registered = await cli(home, [
      'register',
      ...caArgs,
      '--mspdir',
      registrarMsp,
      '--id.name',
      'buyer7',
      '--id.secret',
      'buyer7-secret',
      '--id.type',
      'client',
      '--id.attrs',
      'role=buyer:ecert',
    ]);
    expect(registered).toEqual({ code: 0, out: expect.stringContaining('Password: buyer7-secret') });

    const msp = path.join(home, 'buyer7');
    const enrolled = await cli(home, [
      'enroll',
      ...caArgs.slice(2),
      '-u',
      enrollUrl('buyer7', 'buyer7-secret'),
      '-M',
      msp,
    ]);
    expect(enrolled.code).toBe(0);
    const certificate = await readFile(path.join(msp, 'signcerts', 'cert.pem'), 'utf8');
    expect(issuedBy(certificate, caPem)).toBe(true);
    expect(subjectOf(certificate)).toMatchObject({ OU: ['client'], CN: ['buyer7'] });
    expect(attributesOf(certificate)).toEqual({
      'hf.Affiliation': '',
      'hf.EnrollmentID': 'buyer7',
      'hf.Type': 'client',
      role: 'buyer',
    });

    const reenrolled = await cli(home, ['reenroll', ...caArgs, '-M', msp]);
    expect(reenrolled.code).toBe(0);
    const renewed = await readFile(path.join(msp, 'signcerts', 'cert.pem'), 'utf8');
    expect(renewed).not.toBe(certificate);
    expect(attributesOf(renewed)?.role).toBe('buyer');

    const listed = await cli(home, ['identity', 'list', ...caArgs, '--mspdir', registrarMsp]);
    expect(listed.out).toMatch(/Name: buyer7, Type: client, Affiliation: , Max Enrollments: -1/);
  });

  it('answers the CLI’s failures with Fabric CA’s codes: wrong secret, not a registrar, another CA’s identity', async () => {
    if (await skipWithout()) return;
    const wrongSecret = await cli(home, [
      'enroll',
      ...caArgs.slice(2),
      '-u',
      enrollUrl('buyer7', 'nope'),
      '-M',
      path.join(home, 'x'),
    ]);
    expect(wrongSecret.code).not.toBe(0);
    expect(wrongSecret.out).toContain('Error Code: 20 - Authentication failure');

    const notRegistrar = await cli(home, [
      'register',
      ...caArgs,
      '--mspdir',
      path.join(home, 'buyer7'),
      '--id.name',
      'x1',
    ]);
    expect(notRegistrar.out).toContain('Error Code: 71 - Authorization failure');

    // FinanceMSP's admin, in the file names the CLI reads.
    const finance = await devnet.identity('FinanceMSP', 'Admin');
    const stranger = path.join(home, 'stranger');
    await mkdir(path.join(stranger, 'signcerts'), { recursive: true });
    await mkdir(path.join(stranger, 'keystore'), { recursive: true });
    await writeFile(path.join(stranger, 'signcerts', 'cert.pem'), finance.certificatePem);
    await writeFile(
      path.join(stranger, 'keystore', 'key_sk'),
      finance.privateKey.export({ type: 'pkcs8', format: 'pem' }),
    );
    const otherCa = await cli(home, ['register', ...caArgs, '--mspdir', stranger, '--id.name', 'x2']);
    expect(otherCa.out).toContain('Error Code: 20 - Authentication failure');
  });

  it('revokes with --gencrl and generates CRLs for the CLI; the revoked identity cannot reenroll', async () => {
    if (await skipWithout()) return;
    const certificate = await readFile(path.join(home, 'buyer7', 'signcerts', 'cert.pem'), 'utf8');
    const revoked = await cli(home, [
      'revoke',
      ...caArgs,
      '--mspdir',
      registrarMsp,
      '-e',
      'buyer7',
      '-r',
      'keycompromise',
      '--gencrl',
    ]);
    expect(revoked.out).toMatch(/Successfully revoked certificates: \[\{Serial:[0-9a-f]+ AKI:[0-9a-f]+\} \{Serial/);
    const crl = new x509.X509Crl(await readFile(path.join(registrarMsp, 'crls', 'crl.pem'), 'utf8'));
    const serial = new x509.X509Certificate(certificate).serialNumber.toLowerCase();
    expect(crl.entries.map((e) => e.serialNumber.toLowerCase())).toContain(serial);

    const generated = await cli(home, ['gencrl', ...caArgs, '--mspdir', registrarMsp]);
    expect(generated).toEqual({ code: 0, out: expect.stringContaining('Successfully stored the CRL') });

    const reenroll = await cli(home, ['reenroll', ...caArgs, '-M', path.join(home, 'buyer7')]);
    expect(reenroll.out).toContain('Error Code: 20 - Authentication failure');
  });
});
