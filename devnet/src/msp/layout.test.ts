import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { verifyIssuedBy, nodeOUOf, commonNameOf } from '@allianceledger/fabric-protocol';
import { orgMspDir, peerMspDir, userMspDir, writeOrganization, type OrgSpec } from './layout';

const SPEC: OrgSpec = {
  mspId: 'EcommerceMSP',
  domain: 'ecommerce.example.com',
  users: [
    { name: 'Admin', nodeOU: 'admin' },
    { name: 'store1', nodeOU: 'client', attributes: { role: 'store' } },
  ],
};

/** Every file under `dir`, relative, sorted. */
async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('writeOrganization', () => {
  let root: string;

  beforeEach(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'devnet-msp-layout-'));
  });
  afterEach(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it("writes cryptogen's layout", async () => {
    const written = await writeOrganization(root, SPEC);
    const d = 'ecommerce.example.com';
    expect(await listTree(root)).toEqual(
      [
        `peerOrganizations/${d}/ca/ca.${d}-cert.pem`,
        `peerOrganizations/${d}/ca/priv_sk`,
        `peerOrganizations/${d}/msp/cacerts/ca.${d}-cert.pem`,
        `peerOrganizations/${d}/msp/config.yaml`,
        `peerOrganizations/${d}/peers/peer0.${d}/msp/cacerts/ca.${d}-cert.pem`,
        `peerOrganizations/${d}/peers/peer0.${d}/msp/config.yaml`,
        `peerOrganizations/${d}/peers/peer0.${d}/msp/keystore/priv_sk`,
        `peerOrganizations/${d}/peers/peer0.${d}/msp/signcerts/peer0.${d}-cert.pem`,
        `peerOrganizations/${d}/users/Admin@${d}/msp/cacerts/ca.${d}-cert.pem`,
        `peerOrganizations/${d}/users/Admin@${d}/msp/config.yaml`,
        `peerOrganizations/${d}/users/Admin@${d}/msp/keystore/priv_sk`,
        `peerOrganizations/${d}/users/Admin@${d}/msp/signcerts/Admin@${d}-cert.pem`,
        `peerOrganizations/${d}/users/store1@${d}/msp/cacerts/ca.${d}-cert.pem`,
        `peerOrganizations/${d}/users/store1@${d}/msp/config.yaml`,
        `peerOrganizations/${d}/users/store1@${d}/msp/keystore/priv_sk`,
        `peerOrganizations/${d}/users/store1@${d}/msp/signcerts/store1@${d}-cert.pem`,
      ].map((p) => p.split('/').join(path.sep)),
    );

    expect(written.orgDir).toBe(path.join(root, 'peerOrganizations', d));
    expect(written.orgMspDir).toBe(orgMspDir(root, d));
    expect(written.peerMspDir).toBe(peerMspDir(root, d));
    expect(written.peerMspDir).toBe(path.join(root, 'peerOrganizations', d, 'peers', `peer0.${d}`, 'msp'));
    expect(written.users).toEqual([
      { name: 'Admin', commonName: `Admin@${d}`, mspDir: userMspDir(root, d, 'Admin') },
      { name: 'store1', commonName: `store1@${d}`, mspDir: userMspDir(root, d, 'store1') },
    ]);
    expect(userMspDir(root, d, 'Admin')).toBe(path.join(root, 'peerOrganizations', d, 'users', `Admin@${d}`, 'msp'));
  });

  it('writes consistent certificates, NodeOU config and private keys readable by the owner only', async () => {
    const written = await writeOrganization(root, SPEC);
    const d = SPEC.domain;
    const caPem = await readFile(path.join(written.orgMspDir, 'cacerts', `ca.${d}-cert.pem`), 'utf8');
    expect(caPem).toBe(written.ca.certificatePem);
    expect(await readFile(path.join(written.orgDir, 'ca', `ca.${d}-cert.pem`), 'utf8')).toBe(caPem);

    const peerPem = await readFile(path.join(written.peerMspDir, 'signcerts', `peer0.${d}-cert.pem`), 'utf8');
    expect(nodeOUOf(peerPem)).toBe('peer');
    expect(commonNameOf(peerPem)).toBe(`peer0.${d}`);
    expect(await verifyIssuedBy(peerPem, caPem)).toBe(true);
    const adminPem = await readFile(
      path.join(userMspDir(root, d, 'Admin'), 'signcerts', `Admin@${d}-cert.pem`),
      'utf8',
    );
    expect(nodeOUOf(adminPem)).toBe('admin');

    const config = await readFile(path.join(written.orgMspDir, 'config.yaml'), 'utf8');
    expect(config).toBe(
      [
        'NodeOUs:',
        '  Enable: true',
        '  ClientOUIdentifier:',
        `    Certificate: cacerts/ca.${d}-cert.pem`,
        '    OrganizationalUnitIdentifier: client',
        '  PeerOUIdentifier:',
        `    Certificate: cacerts/ca.${d}-cert.pem`,
        '    OrganizationalUnitIdentifier: peer',
        '  AdminOUIdentifier:',
        `    Certificate: cacerts/ca.${d}-cert.pem`,
        '    OrganizationalUnitIdentifier: admin',
        '  OrdererOUIdentifier:',
        `    Certificate: cacerts/ca.${d}-cert.pem`,
        '    OrganizationalUnitIdentifier: orderer',
        '',
      ].join('\n'),
    );
    expect(await readFile(path.join(userMspDir(root, d, 'store1'), 'config.yaml'), 'utf8')).toBe(config);

    for (const key of [
      path.join(written.orgDir, 'ca', 'priv_sk'),
      path.join(written.peerMspDir, 'keystore', 'priv_sk'),
      path.join(userMspDir(root, d, 'store1'), 'keystore', 'priv_sk'),
    ]) {
      expect((await stat(key)).mode & 0o777).toBe(0o600);
      expect(await readFile(key, 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    }
  });

  it('refuses to overwrite an existing organisation and leaves it untouched', async () => {
    const first = await writeOrganization(root, SPEC);
    const before = await listTree(root);
    const caKey = await readFile(path.join(first.orgDir, 'ca', 'priv_sk'), 'utf8');
    await expect(writeOrganization(root, SPEC)).rejects.toThrow(/already exists/);
    expect(await listTree(root)).toEqual(before);
    expect(await readFile(path.join(first.orgDir, 'ca', 'priv_sk'), 'utf8')).toBe(caKey);
    // No staging folder is left behind.
    expect(await readdir(path.join(root, 'peerOrganizations'))).toEqual([SPEC.domain]);
  });

  it('writes a second organisation beside the first', async () => {
    await writeOrganization(root, SPEC);
    await writeOrganization(root, { mspId: 'FinanceMSP', domain: 'finance.example.com', users: [] });
    expect((await readdir(path.join(root, 'peerOrganizations'))).sort()).toEqual([
      'ecommerce.example.com',
      'finance.example.com',
    ]);
  });

  it('rejects unsafe or duplicate names before writing anything', async () => {
    await expect(writeOrganization(root, { ...SPEC, domain: '../evil' })).rejects.toThrow(/DNS name/);
    await expect(writeOrganization(root, { ...SPEC, users: [{ name: 'a/b', nodeOU: 'client' }] })).rejects.toThrow(
      /User name/,
    );
    await expect(
      writeOrganization(root, {
        ...SPEC,
        users: [
          { name: 'User1', nodeOU: 'client' },
          { name: 'User1', nodeOU: 'admin' },
        ],
      }),
    ).rejects.toThrow(/twice/);
    expect(await readdir(root)).toEqual([]);
  });
});
