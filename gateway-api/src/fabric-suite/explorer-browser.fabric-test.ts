import { Alliance, expectStatus } from '../scenarios/alliance-bootstrap';
import { browserMissing, explorerBrowserScenarios } from '../test/explorer-browser';
import { gatewayUrl } from './fabric-env';

/**
 * The explorer in headless Chromium against the gateway on the real network: the same scenarios as on
 * devnet, and a network view of real nodes (peers' heights from their qscc, orderers' from their operations
 * service, each node's /healthz, the chaincode definition from _lifecycle).
 */
const missing = browserMissing();
if (missing) {
  // A skipped suite says why, in the test output.
  console.warn(missing);
}

describe('Fabric: the network view', () => {
  let alliance: Alliance;
  beforeAll(async () => {
    alliance = await Alliance.open();
  }, 300_000);
  afterAll(() => alliance.close());

  it('reports every peer and orderer up, with heights and health from their operations endpoints', async () => {
    const view = (await expectStatus(alliance.as('FinanceMSP:auditor1').get('/network'), 200)).body as {
      ledger: string;
      chaincode: { name: string; version?: string; sequence?: string };
      nodes: { kind: string; name: string; status: string; height?: string; health?: { status: string } }[];
    };
    expect(view.ledger).toBe('fabric');
    expect(view.chaincode).toMatchObject({
      name: 'alliance',
      version: expect.any(String),
      sequence: expect.any(String),
    });
    const peers = view.nodes.filter((n) => n.kind === 'peer');
    const orderers = view.nodes.filter((n) => n.kind === 'orderer');
    expect(peers).toHaveLength(3);
    expect(orderers).toHaveLength(3);
    for (const node of view.nodes) {
      expect(node).toMatchObject({
        status: 'UP',
        health: { status: 'OK' },
        height: expect.stringMatching(/^[1-9]\d*$/),
      });
    }
  }, 60_000);
});

(missing ? describe.skip : describe)('Fabric: the explorer in a browser', () => {
  let alliance: Alliance;
  beforeAll(async () => {
    alliance = await Alliance.open();
  }, 300_000);
  afterAll(() => alliance.close());

  explorerBrowserScenarios(() => ({ alliance, baseUrl: gatewayUrl() }));
});
