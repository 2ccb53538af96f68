import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { msp } from '@allianceledger/devnet';
import * as grpc from '@grpc/grpc-js';
import { hash, type Network } from '@hyperledger/fabric-gateway';
import {
  DEFAULT_DEADLINES,
  isFailoverError,
  newFabricConnection,
  newGrpcClient,
  type FabricConnectionOptions,
  type FabricPeerEndpoint,
} from './fabric-connection';
import { LedgerUnavailable } from './ledger-errors';
import type { SigningIdentity } from './ledger-port';
import { endorseError, FakeFabric, commitStatusError, gatewayError, submitError } from './test/fake-fabric';

const PEERS: FabricPeerEndpoint[] = [
  { mspId: 'EcommerceMSP', endpoint: 'peer0.ecommerce:7051', tlsRootCertPath: '/unused' },
  { mspId: 'FinanceMSP', endpoint: 'peer0.finance:9051', tlsRootCertPath: '/unused' },
  { mspId: 'EcommerceMSP', endpoint: 'peer1.ecommerce:8051', tlsRootCertPath: '/unused' },
];

function identity(mspId: string, certificate: string, hashMode?: 'none' | 'sha256'): SigningIdentity {
  return {
    identity: { mspId, credentials: Buffer.from(certificate) },
    signer: () => Promise.resolve(new Uint8Array([1])),
    ...(hashMode ? { hash: hashMode } : {}),
  };
}

const store1 = identity('EcommerceMSP', 'cert of store1', 'none');
const store2 = identity('EcommerceMSP', 'cert of store2');
const bank1 = identity('FinanceMSP', 'cert of bank1', 'sha256');

function open(fake: FakeFabric, overrides: Partial<FabricConnectionOptions> = {}) {
  return newFabricConnection({
    channelName: 'alliance',
    chaincodeName: 'alliance',
    peers: PEERS,
    connect: fake.connect,
    newGrpcClient: fake.newGrpcClient,
    ...overrides,
  });
}

/** The endpoint a fake network belongs to, learnt by calling through it. */
async function endpointOf(fake: FakeFabric, network: Network): Promise<string> {
  fake.behaviour.evaluate = () => Promise.resolve(new Uint8Array());
  await network.getContract('alliance').evaluate('Probe');
  return fake.calls.at(-1)!.endpoint;
}

describe('FabricConnection', () => {
  it('dials nothing until the first call, then one client per peer shared by every identity', async () => {
    const fake = new FakeFabric();
    const connection = open(fake);
    expect(fake.clientsMade).toEqual([]);

    const action = (network: Network) => network.getContract('alliance').evaluate('Probe');
    fake.behaviour.evaluate = () => Promise.resolve(new Uint8Array([7]));
    await connection.withNetwork(store1, action);
    await connection.withNetwork(store1, action);
    await connection.withNetwork(store2, action);

    expect(fake.clientsMade.map((p) => p.endpoint)).toEqual(['peer0.ecommerce:7051']);
    // One gateway per identity and peer, reused on the next call.
    expect(fake.connections.map((c) => [c.endpoint, c.options.identity.credentials.toString()])).toEqual([
      ['peer0.ecommerce:7051', 'cert of store1'],
      ['peer0.ecommerce:7051', 'cert of store2'],
    ]);
    expect(fake.connections[0]!.options.client).toBe(fake.connections[1]!.options.client);
    expect(fake.calls.map((c) => c.channelName)).toEqual(['alliance', 'alliance', 'alliance']);
  });

  it("orders peers by the signer's organisation first", async () => {
    const fake = new FakeFabric();
    const connection = open(fake);
    const order = async (signer: SigningIdentity): Promise<string[]> => {
      const endpoints: string[] = [];
      for await (const network of connection.networks(signer)) endpoints.push(await endpointOf(fake, network));
      return endpoints;
    };
    expect(await order(bank1)).toEqual(['peer0.finance:9051', 'peer0.ecommerce:7051', 'peer1.ecommerce:8051']);
    expect(await order(store1)).toEqual(['peer0.ecommerce:7051', 'peer1.ecommerce:8051', 'peer0.finance:9051']);
  });

  it('signs with hash.none for identities whose signer hashes itself, SHA-256 otherwise', async () => {
    const fake = new FakeFabric();
    const connection = open(fake);
    fake.behaviour.evaluate = () => Promise.resolve(new Uint8Array());
    for (const signer of [store1, store2, bank1]) {
      await connection.withNetwork(signer, (n) => n.getContract('alliance').evaluate('Probe'));
    }
    expect(fake.connections.map((c) => c.options.hash)).toEqual([hash.none, hash.sha256, hash.sha256]);
    expect(fake.connections[0]!.options.signer).toBe(store1.signer);
  });

  describe('deadlines', () => {
    const now = 1_700_000_000_000;
    beforeEach(() => jest.spyOn(Date, 'now').mockReturnValue(now));
    afterEach(() => jest.restoreAllMocks());

    async function connectOptions(overrides: Partial<FabricConnectionOptions>) {
      const fake = new FakeFabric();
      fake.behaviour.evaluate = () => Promise.resolve(new Uint8Array());
      await open(fake, overrides).withNetwork(store1, (n) => n.getContract('alliance').evaluate('Probe'));
      const options = fake.connections[0]!.options;
      return {
        evaluate: options.evaluateOptions?.().deadline,
        endorse: options.endorseOptions?.().deadline,
        submit: options.submitOptions?.().deadline,
        commitStatus: options.commitStatusOptions?.().deadline,
      };
    }

    it('gives each stage its own deadline, fabric-samples defaults unless configured', async () => {
      expect(DEFAULT_DEADLINES).toEqual({ evaluateMs: 5000, endorseMs: 15000, submitMs: 5000, commitStatusMs: 60000 });
      expect(await connectOptions({})).toEqual({
        evaluate: now + 5000,
        endorse: now + 15000,
        submit: now + 5000,
        commitStatus: now + 60000,
      });
      expect(await connectOptions({ deadlines: { endorseMs: 30000, commitStatusMs: 120000 } })).toEqual({
        evaluate: now + 5000,
        endorse: now + 30000,
        submit: now + 5000,
        commitStatus: now + 120000,
      });
    });

    it('computes each deadline when the call starts, not when the gateway connected', async () => {
      const fake = new FakeFabric();
      fake.behaviour.evaluate = () => Promise.resolve(new Uint8Array());
      await open(fake).withNetwork(store1, (n) => n.getContract('alliance').evaluate('Probe'));
      jest.spyOn(Date, 'now').mockReturnValue(now + 60_000);
      expect(fake.connections[0]!.options.evaluateOptions?.().deadline).toBe(now + 65_000);
    });
  });

  describe('failover', () => {
    it("moves to the next peer when the signer's own is UNAVAILABLE", async () => {
      const fake = new FakeFabric();
      const connection = open(fake);
      fake.behaviour.evaluate = (call) =>
        call.endpoint === 'peer0.ecommerce:7051'
          ? Promise.reject(gatewayError(grpc.status.UNAVAILABLE, 'No connection established'))
          : Promise.resolve(Buffer.from(call.endpoint));
      const result = await connection.withNetwork(store1, (n) => n.getContract('alliance').evaluate('Get'));
      expect(Buffer.from(result).toString()).toBe('peer1.ecommerce:8051');
      expect(fake.endpointsCalled()).toEqual(['peer0.ecommerce:7051', 'peer1.ecommerce:8051']);
    });

    it('throws the last failure when every peer is UNAVAILABLE', async () => {
      const fake = new FakeFabric();
      const connection = open(fake);
      fake.behaviour.evaluate = (call) =>
        Promise.reject(gatewayError(grpc.status.UNAVAILABLE, `down: ${call.endpoint}`));
      const err = await connection
        .withNetwork(bank1, (n) => n.getContract('alliance').evaluate('Get'))
        .catch((e: unknown) => e);
      expect(err).toMatchObject({ code: grpc.status.UNAVAILABLE, message: expect.stringContaining('peer1.ecommerce') });
      expect(fake.endpointsCalled()).toEqual(['peer0.finance:9051', 'peer0.ecommerce:7051', 'peer1.ecommerce:8051']);
    });

    it.each([
      ['a chaincode error', gatewayError(grpc.status.UNKNOWN, 'chaincode response 500, boom')],
      ['a deadline', gatewayError(grpc.status.DEADLINE_EXCEEDED, 'Deadline exceeded')],
      ['an UNAVAILABLE orderer (the transaction may be ordered)', submitError(grpc.status.UNAVAILABLE, 'x', 'tx1')],
      ['an UNAVAILABLE commit status', commitStatusError(grpc.status.UNAVAILABLE, 'x', 'tx1')],
      ['a programming error', new TypeError('oops')],
    ])('does not fail over on %s', async (_name, error) => {
      const fake = new FakeFabric();
      const connection = open(fake);
      fake.behaviour.evaluate = () => Promise.reject(error);
      await expect(connection.withNetwork(store1, (n) => n.getContract('alliance').evaluate('Get'))).rejects.toBe(
        error,
      );
      expect(fake.endpointsCalled()).toEqual(['peer0.ecommerce:7051']);
    });

    it('classifies failover errors: UNAVAILABLE before the orderer only', () => {
      expect(isFailoverError(gatewayError(grpc.status.UNAVAILABLE, 'x'))).toBe(true);
      expect(isFailoverError(endorseError(grpc.status.UNAVAILABLE, 'x', 'tx1'))).toBe(true);
      expect(isFailoverError(endorseError(grpc.status.ABORTED, 'x', 'tx1'))).toBe(false);
      expect(isFailoverError(submitError(grpc.status.UNAVAILABLE, 'x', 'tx1'))).toBe(false);
      expect(isFailoverError(commitStatusError(grpc.status.UNAVAILABLE, 'x', 'tx1'))).toBe(false);
      expect(isFailoverError(Object.assign(new Error('x'), { code: grpc.status.UNAVAILABLE }))).toBe(false);
    });
  });

  describe('close', () => {
    it('closes every gateway, then every client, and refuses later calls', async () => {
      const fake = new FakeFabric();
      const connection = open(fake);
      fake.behaviour.evaluate = (call) =>
        call.endpoint === 'peer0.finance:9051'
          ? Promise.reject(gatewayError(grpc.status.UNAVAILABLE, 'down'))
          : Promise.resolve(new Uint8Array());
      await connection.withNetwork(store1, (n) => n.getContract('alliance').evaluate('Get'));
      await connection.withNetwork(bank1, (n) => n.getContract('alliance').evaluate('Get'));
      expect(fake.connections).toHaveLength(3);

      await connection.close();
      expect(fake.closed.slice(0, 3).sort()).toEqual([
        'gateway peer0.ecommerce:7051 EcommerceMSP',
        'gateway peer0.ecommerce:7051 FinanceMSP',
        'gateway peer0.finance:9051 FinanceMSP',
      ]);
      expect(fake.closed.slice(3).sort()).toEqual(['client peer0.ecommerce:7051', 'client peer0.finance:9051']);

      await expect(connection.withNetwork(store1, (n) => n.getContract('alliance').evaluate('Get'))).rejects.toThrow(
        LedgerUnavailable,
      );
      await connection.close();
      expect(fake.closed).toHaveLength(5);
    });

    it('closes a client that was still being made', async () => {
      const fake = new FakeFabric();
      let release: () => void = () => undefined;
      const gate = new Promise<void>((resolve) => {
        release = resolve;
      });
      const connection = open(fake, {
        newGrpcClient: async (peer) => {
          await gate;
          return fake.newGrpcClient(peer);
        },
      });
      const call = connection.withNetwork(store1, (n) => n.getContract('alliance').evaluate('Get'));
      const closing = connection.close();
      release();
      await closing;
      await expect(call).rejects.toThrow(LedgerUnavailable);
      expect(fake.closed).toEqual(['client peer0.ecommerce:7051']);
      expect(fake.connections).toHaveLength(0);
    });
  });

  it('makes a failed client afresh on the next call', async () => {
    const fake = new FakeFabric();
    let attempts = 0;
    const connection = open(fake, {
      newGrpcClient: (peer) => {
        attempts++;
        return attempts === 1 ? Promise.reject(new Error('ENOENT: tls cert')) : fake.newGrpcClient(peer);
      },
    });
    fake.behaviour.evaluate = () => Promise.resolve(new Uint8Array());
    const action = (n: Network) => n.getContract('alliance').evaluate('Get');
    await expect(connection.withNetwork(store1, action)).rejects.toThrow('ENOENT: tls cert');
    await expect(connection.withNetwork(store1, action)).resolves.toEqual(new Uint8Array());
    expect(attempts).toBe(2);
  });

  it('refuses a connection without peers', () => {
    expect(() => newFabricConnection({ channelName: 'c', chaincodeName: 'cc', peers: [] })).toThrow(
      /at least one peer/,
    );
  });
});

describe('newGrpcClient', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'fabric-connection-test-'));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('makes a TLS client for the endpoint from the CA file, without dialling', async () => {
    const ca = await msp.createCertificateAuthority({ mspId: 'EcommerceMSP', domain: 'ecommerce.example.com' });
    const caFile = path.join(dir, 'ca.crt');
    await writeFile(caFile, ca.certificatePem);
    const client = await newGrpcClient({
      mspId: 'EcommerceMSP',
      endpoint: 'localhost:7051',
      tlsRootCertPath: caFile,
      hostAlias: 'peer0.ecommerce.example.com',
    });
    try {
      expect(client).toBeInstanceOf(grpc.Client);
      expect(client.getChannel().getTarget()).toBe('dns:localhost:7051');
      expect(client.getChannel().getConnectivityState(false)).toBe(grpc.connectivityState.IDLE);
    } finally {
      client.close();
    }
  });

  it('names the missing TLS file', async () => {
    const missing = path.join(dir, 'missing.crt');
    await expect(
      newGrpcClient({ mspId: 'EcommerceMSP', endpoint: 'localhost:7051', tlsRootCertPath: missing }),
    ).rejects.toThrow(missing);
  });
});
