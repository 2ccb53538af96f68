import { Alliance, expectStatus } from '../scenarios/alliance-bootstrap';
import { readEvents } from '../test/sse-client';
import { gatewayUrl } from './fabric-env';

/** On the real network: chaincode events through SSE with resume, and the explorer over real blocks. */
describe('Fabric: events and explorer', () => {
  let alliance: Alliance;
  beforeAll(async () => {
    alliance = await Alliance.open();
  }, 300_000);
  afterAll(() => alliance.close());

  it('streams committed events over SSE and resumes after Last-Event-ID without gap or duplicate', async () => {
    const key = alliance.target.key('EcommerceMSP:buyer1');
    const url = `${gatewayUrl()}/api/v1/events`;
    const all = await readEvents(url, { 'x-api-key': key }, 5, 60_000);
    expect(all.status).toBe(200);
    for (const e of all.events) expect(e.id).toMatch(/^\d+:\d+$/);
    const resumed = await readEvents(url, { 'x-api-key': key, 'last-event-id': all.events[2]!.id }, 2, 60_000);
    expect(resumed.events.map((e) => e.id)).toEqual(all.events.slice(3, 5).map((e) => e.id));

    // A new transaction reaches a stream that is already open (resumed after everything committed so far).
    const chain = (await expectStatus(alliance.as('EcommerceMSP:buyer1').get('/chain'), 200)).body as {
      height: string;
    };
    const afterEverything = `${BigInt(chain.height) - 1n}:${Number.MAX_SAFE_INTEGER}`;
    const live = readEvents(url, { 'x-api-key': key, 'last-event-id': afterEverything }, 1, 60_000);
    const outsider = readEvents(
      url,
      { 'x-api-key': alliance.target.key('EnergyMSP:producer1'), 'last-event-id': afterEverything },
      1,
      60_000,
    );
    const account = await alliance.openAccount('EcommerceMSP:buyer1', 'sse');
    const { events } = await live;
    expect(events[0]!.event).toBe('AccountOpened');
    expect(JSON.parse(events[0]!.data)).toMatchObject({ payload: { accountId: account } });
    // Another party learns that an account was opened, not whose or which.
    const seen = JSON.parse((await outsider).events[0]!.data) as Record<string, unknown>;
    expect(seen).toMatchObject({
      eventName: 'AccountOpened',
      transactionId: JSON.parse(events[0]!.data).transactionId,
    });
    expect(seen).not.toHaveProperty('payload');
  }, 180_000);

  it('shows real, hash-chained blocks and committed transactions', async () => {
    const reader = alliance.as('FinanceMSP:auditor1');
    const chain = (await expectStatus(reader.get('/chain'), 200)).body as { height: string };
    const top = BigInt(chain.height) - 1n;
    const block = (await expectStatus(reader.get(`/blocks/${top}`), 200)).body as {
      previousHash: string;
      transactions: { transactionId: string; validationCode: string; creatorMspId: string }[];
    };
    const parent = (await expectStatus(reader.get(`/blocks/${top - 1n}`), 200)).body as { hash: string };
    expect(block.previousHash).toBe(parent.hash);
    expect(block.transactions.length).toBeGreaterThan(0);
    const tx = block.transactions[0]!;
    const status = (await expectStatus(reader.get(`/transactions/${tx.transactionId}`), 200)).body as {
      status: string;
      blockNumber: string;
      creatorMspId: string;
    };
    expect(status).toMatchObject({ blockNumber: top.toString(), creatorMspId: tx.creatorMspId });
    expect(status.status).toBe(tx.validationCode === 'VALID' ? 'COMMITTED' : 'INVALID');
    // Block 0 is the channel's genesis (config) block.
    const genesis = (await expectStatus(reader.get('/blocks/0'), 200)).body as {
      previousHash: string;
      transactionCount: number;
    };
    expect(genesis).toMatchObject({ previousHash: '', transactionCount: 1 });
  }, 60_000);
});
