import { createHash, verify } from 'node:crypto';
import { mkdir, mkdtemp, rm, unlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

import { ClientIdentity, type ChaincodeStub } from 'fabric-shim';

import {
  clientIdOf,
  isLowSDerSignature,
  loadOrgTrust,
  loadSigningIdentity,
  newPrivateKeySigner,
  signMessage,
  verifySignature,
} from '@allianceledger/fabric-protocol';
import { writeOrganization, type WrittenOrganization } from './layout';
import { newMessageSigner } from '@allianceledger/fabric-protocol';

const sha256 = (data: Uint8Array): Buffer => createHash('sha256').update(data).digest();

describe('MSP loader', () => {
  let root: string;
  let org: WrittenOrganization;

  beforeAll(async () => {
    root = await mkdtemp(path.join(tmpdir(), 'devnet-msp-loader-'));
    org = await writeOrganization(root, {
      mspId: 'EcommerceMSP',
      domain: 'ecommerce.example.com',
      users: [
        { name: 'Admin', nodeOU: 'admin' },
        { name: 'store1', nodeOU: 'client', attributes: { role: 'store' } },
      ],
    });
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  function userDir(name: string): string {
    const user = org.users.find((u) => u.name === name);
    if (user === undefined) throw new Error(name);
    return user.mspDir;
  }

  it('round-trips a written user identity', async () => {
    const loaded = await loadSigningIdentity(userDir('store1'), 'EcommerceMSP');
    expect(loaded.identity.mspId).toBe('EcommerceMSP');
    expect(Buffer.from(loaded.identity.credentials).toString('utf8')).toBe(loaded.certificatePem);
    expect(loaded.certificatePem).toMatch(/^-----BEGIN CERTIFICATE-----/);
    expect(loaded.privateKey.type).toBe('private');

    const stub = {
      getChannelID: () => 'ch',
      getTxID: () => 'tx',
      getCreator: () => ({ mspid: loaded.identity.mspId, idBytes: Buffer.from(loaded.identity.credentials) }),
    };
    const identity = new ClientIdentity(stub as unknown as ChaincodeStub);
    expect(identity.getAttributeValue('role')).toBe('store');
    // A client names the identity exactly as the shim does, from the certificate alone.
    expect(clientIdOf(loaded.certificatePem)).toBe(identity.getID());

    const message = Buffer.from('signed proposal');
    expect(loaded.hash).toBe('none');
    const signature = await signMessage(loaded, message);
    expect(isLowSDerSignature(signature)).toBe(true);
    expect(verifySignature(loaded.certificatePem, message, signature)).toBe(true);
    expect(verifySignature(loaded.certificatePem, Buffer.from('another message'), signature)).toBe(false);
  });

  it('message signers produce low-S signatures that verify', async () => {
    const { certificatePem, privateKey } = await loadSigningIdentity(userDir('Admin'), 'EcommerceMSP');
    const signer = newMessageSigner(privateKey);
    for (let i = 0; i < 50; i++) {
      const message = Buffer.from(`transaction ${i}`);
      const signature = await signer(message);
      expect(isLowSDerSignature(signature)).toBe(true);
      expect(verifySignature(certificatePem, message, signature)).toBe(true);
    }
  });

  it('signs digests with low-S signatures that verify over the original message', async () => {
    const { certificatePem, privateKey } = await loadSigningIdentity(userDir('Admin'), 'EcommerceMSP');
    const signer = newPrivateKeySigner(privateKey);
    for (let i = 0; i < 50; i++) {
      const message = Buffer.from(`transaction ${i}`);
      const signature = await signer(sha256(message));
      expect(isLowSDerSignature(signature)).toBe(true);
      expect(verify('sha256', message, { key: certificatePem, dsaEncoding: 'der' }, signature)).toBe(true);
      expect(verifySignature(certificatePem, message, signature)).toBe(true);
    }
  });

  it('refuses keys that are not P-256 private keys', async () => {
    const { privateKey } = await loadSigningIdentity(userDir('Admin'), 'EcommerceMSP');
    const { createPublicKey, generateKeyPairSync } = await import('node:crypto');
    expect(() => newPrivateKeySigner(createPublicKey(privateKey))).toThrow(/EC private key/);
    const p384 = generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey;
    expect(() => newPrivateKeySigner(p384)).toThrow(/P-256/);
  });

  it('names the missing folder or file', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'devnet-msp-broken-'));
    try {
      await expect(loadSigningIdentity(dir, 'EcommerceMSP')).rejects.toThrow(
        `MSP folder ${path.join(dir, 'signcerts')} does not exist`,
      );
      await mkdir(path.join(dir, 'signcerts'));
      await expect(loadSigningIdentity(dir, 'EcommerceMSP')).rejects.toThrow(
        `MSP folder ${path.join(dir, 'signcerts')} contains no file`,
      );
      const { certificatePem } = await loadSigningIdentity(userDir('Admin'), 'EcommerceMSP');
      await writeFile(path.join(dir, 'signcerts', 'cert.pem'), certificatePem);
      await expect(loadSigningIdentity(dir, 'EcommerceMSP')).rejects.toThrow(
        `MSP folder ${path.join(dir, 'keystore')} does not exist`,
      );
      await mkdir(path.join(dir, 'keystore'));
      await writeFile(path.join(dir, 'keystore', 'priv_sk'), 'garbage');
      await expect(loadSigningIdentity(dir, 'EcommerceMSP')).rejects.toThrow(/priv_sk is not a PEM private key/);
      await unlink(path.join(dir, 'keystore', 'priv_sk'));
      const other = await loadSigningIdentity(userDir('store1'), 'EcommerceMSP');
      await writeFile(path.join(dir, 'keystore', 'priv_sk'), other.privateKey.export({ type: 'pkcs8', format: 'pem' }));
      await expect(loadSigningIdentity(dir, 'EcommerceMSP')).rejects.toThrow(/does not match certificate/);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  it("loads the organisation's trust anchors and NodeOU setting", async () => {
    const trust = await loadOrgTrust(org.orgMspDir);
    expect(trust.rootCertificatesPem).toEqual([org.ca.certificatePem]);
    expect(trust.nodeOUsEnabled).toBe(true);
  });

  it('reads NodeOUs as disabled when config.yaml is missing or says so', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'devnet-msp-trust-'));
    try {
      await expect(loadOrgTrust(dir)).rejects.toThrow(`MSP folder ${path.join(dir, 'cacerts')} does not exist`);
      await mkdir(path.join(dir, 'cacerts'));
      await expect(loadOrgTrust(dir)).rejects.toThrow(/no certificate in cacerts/);
      await writeFile(path.join(dir, 'cacerts', 'ca.pem'), org.ca.certificatePem);
      expect((await loadOrgTrust(dir)).nodeOUsEnabled).toBe(false);
      await writeFile(path.join(dir, 'config.yaml'), 'NodeOUs:\n  Enable: false\n');
      expect((await loadOrgTrust(dir)).nodeOUsEnabled).toBe(false);
      await writeFile(path.join(dir, 'config.yaml'), 'OrganizationalUnitIdentifiers: []\nEnable: true\n');
      expect((await loadOrgTrust(dir)).nodeOUsEnabled).toBe(false);
      await writeFile(path.join(dir, 'config.yaml'), 'NodeOUs:\n  Enable: true\n');
      expect((await loadOrgTrust(dir)).nodeOUsEnabled).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
