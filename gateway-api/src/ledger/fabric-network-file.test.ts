import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { readFabricNetworkFile } from './fabric-network-file';

describe('Fabric connection file', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fabric-file-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  const write = async (name: string, content: unknown): Promise<string> => {
    const file = path.join(dir, name);
    await writeFile(file, typeof content === 'string' ? content : JSON.stringify(content));
    return file;
  };

  const valid = {
    channelName: 'alliance',
    chaincodeName: 'alliance',
    peers: [{ mspId: 'EcommerceMSP', endpoint: '127.0.0.1:7051', tlsRootCertPath: 'tls/ca.pem', hostAlias: 'peer0' }],
    identities: [{ name: 'EcommerceMSP:store1', mspId: 'EcommerceMSP', mspDir: 'users/store1/msp' }],
    reader: 'EcommerceMSP:store1',
  };

  it('resolves relative paths against the file’s folder', async () => {
    const network = await readFabricNetworkFile(await write('ok.json', valid));
    expect(network.peers[0]!.tlsRootCertPath).toBe(path.join(dir, 'tls/ca.pem'));
    expect(network.identities[0]!.mspDir).toBe(path.join(dir, 'users/store1/msp'));
  });

  it('reads each org’s CA and registrar, resolving their paths', async () => {
    const ca = {
      mspId: 'EcommerceMSP',
      caName: 'ca-ecommerce',
      url: 'https://127.0.0.1:7054',
      tlsRootCertPath: 'fabric-ca/ecommerce/server/ca-cert.pem',
      registrar: { enrollmentId: 'registrar', mspDir: 'users/registrar/msp' },
    };
    const network = await readFabricNetworkFile(await write('ca.json', { ...valid, certificateAuthorities: [ca] }));
    expect(network.certificateAuthorities).toEqual([
      {
        ...ca,
        tlsRootCertPath: path.join(dir, 'fabric-ca/ecommerce/server/ca-cert.pem'),
        registrar: { enrollmentId: 'registrar', mspDir: path.join(dir, 'users/registrar/msp') },
      },
    ]);
    expect((await readFabricNetworkFile(await write('no-ca.json', valid))).certificateAuthorities).toBeUndefined();
    await expect(
      readFabricNetworkFile(
        await write('bad-ca.json', { ...valid, certificateAuthorities: [{ ...ca, url: 'ftp://x' }] }),
      ),
    ).rejects.toThrow(/certificateAuthorities\.0\.url/);
  });

  it('names every invalid field', async () => {
    const file = await write('bad.json', { ...valid, peers: [{ ...valid.peers[0], endpoint: 'nope' }], extra: 1 });
    await expect(readFabricNetworkFile(file)).rejects.toThrow(/peers\.0\.endpoint: host:port[\s\S]*Unrecognized key/);
  });

  it('refuses a reader that is not one of the identities, and unreadable files', async () => {
    await expect(
      readFabricNetworkFile(await write('reader.json', { ...valid, reader: 'FinanceMSP:bank1' })),
    ).rejects.toThrow(/reader: FinanceMSP:bank1 is not among the identities/);
    await expect(readFabricNetworkFile(await write('broken.json', '{'))).rejects.toThrow(/cannot read/);
    await expect(readFabricNetworkFile(path.join(dir, 'missing.json'))).rejects.toThrow(/cannot read/);
  });
});
