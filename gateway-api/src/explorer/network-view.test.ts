import type { LedgerPort } from '../ledger/ledger-port';
import { networkView, type Fetch, type NetworkDescription } from './network-view';

const description: NetworkDescription = {
  ledger: 'fabric',
  channel: 'alliance',
  chaincode: 'alliance',
  peers: [
    { name: 'peer0.a', mspId: 'AMSP', endpoint: '127.0.0.1:7051', operationsUrl: 'http://127.0.0.1:9444' },
    { name: 'peer0.b', mspId: 'BMSP', endpoint: '127.0.0.1:8051', operationsUrl: 'http://127.0.0.1:9445' },
  ],
  orderers: [
    { name: 'orderer1', mspId: 'OrdererMSP', endpoint: '127.0.0.1:7050', operationsUrl: 'http://127.0.0.1:9443/' },
    { name: 'orderer2', mspId: 'OrdererMSP', endpoint: '127.0.0.1:7150', operationsUrl: 'http://127.0.0.1:9453' },
    { name: 'orderer3', mspId: 'OrdererMSP' },
  ],
};

const ledger = {
  peerChainViews: () =>
    Promise.resolve([
      { mspId: 'AMSP', endpoint: '127.0.0.1:7051', height: 12n },
      { mspId: 'BMSP', endpoint: '127.0.0.1:8051', error: 'UNAVAILABLE' },
    ]),
  chaincodeDefinition: () =>
    Promise.resolve({
      name: 'alliance',
      version: '2.0',
      sequence: 2n,
      endorsementPlugin: 'escc',
      validationPlugin: 'vscc',
      approvals: { AMSP: true, BMSP: false },
    }),
} as unknown as LedgerPort;

/** Operations services: orderer1 healthy at height 12, peer0.b failing a check, orderer2 silent. */
const fetchFake: Fetch = (url) => {
  const answer = (status: number, body: string): ReturnType<Fetch> =>
    Promise.resolve({ ok: status < 300, status, text: () => Promise.resolve(body) });
  if (url === 'http://127.0.0.1:9443/healthz') return answer(200, '{"status":"OK","time":"2026-01-01T00:00:00Z"}');
  if (url === 'http://127.0.0.1:9443/metrics') {
    return answer(200, '# TYPE ledger_blockchain_height gauge\nledger_blockchain_height{channel="alliance"} 12\n');
  }
  if (url === 'http://127.0.0.1:9444/healthz') return answer(200, '{"status":"OK"}');
  if (url === 'http://127.0.0.1:9445/healthz') {
    return answer(503, '{"status":"Service Unavailable","failed_checks":[{"component":"docker","reason":"x"}]}');
  }
  if (url.endsWith('/metrics')) return answer(200, '');
  return Promise.reject(Object.assign(new Error('connect ECONNREFUSED'), { name: 'TypeError' }));
};

describe('the network view', () => {
  it("shows each node's height and health, and the chaincode definition", async () => {
    const view = await networkView(description, ledger, fetchFake);
    expect(view.chaincode).toEqual({
      name: 'alliance',
      version: '2.0',
      sequence: '2',
      approvals: { AMSP: true, BMSP: false },
    });
    expect(view.nodes.map((n) => [n.kind, n.name, n.status, n.height, n.health?.status, n.error])).toEqual([
      ['peer', 'peer0.a', 'UP', '12', 'OK', undefined],
      ['peer', 'peer0.b', 'DOWN', undefined, 'Service Unavailable', 'UNAVAILABLE'],
      ['orderer', 'orderer1', 'UP', '12', 'OK', undefined],
      ['orderer', 'orderer2', 'DOWN', undefined, undefined, 'connect ECONNREFUSED'],
      ['orderer', 'orderer3', 'UNKNOWN', undefined, undefined, undefined],
    ]);
    expect(view.nodes[1]?.health?.failedChecks).toEqual(['docker']);
  });

  it('shows the chaincode name and why its definition could not be read', async () => {
    const failing = { ...ledger, chaincodeDefinition: () => Promise.reject(new Error('access denied')) };
    const view = await networkView({ ...description, orderers: [] }, failing, fetchFake);
    expect(view.chaincode).toEqual({ name: 'alliance', error: 'access denied' });
  });
});
