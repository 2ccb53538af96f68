import { openTestGateway, type TestGateway } from '../test/test-gateway';
import { partyOf } from '../test/ledger-helpers';
import { listen, readEvents } from '../test/sse-client';

/** Registers members directly through the ledger port: each registration is one committed event. */
async function registerMembers(t: TestGateway, users: readonly string[]): Promise<void> {
  const admin = await t.gateway.identities.signer('EcommerceMSP:Admin');
  for (const user of users) {
    const party = await partyOf(t, `EcommerceMSP:${user}`);
    const submitted = await t.gateway.ledger.submit({
      signer: admin,
      transaction: 'members:RegisterMember',
      arguments: [JSON.stringify({ member: party, name: user, roles: ['buyer'] })],
    });
    expect((await submitted.status()).valid).toBe(true);
  }
}

describe('GET /api/v1/events (Server-Sent Events)', () => {
  let t: TestGateway;
  let server: Awaited<ReturnType<typeof listen>>;
  let key: string;

  beforeAll(async () => {
    t = await openTestGateway();
    server = await listen(t.gateway.app);
    key = t.key('EcommerceMSP:buyer1');
    await registerMembers(t, ['buyer1', 'buyer2', 'store1']);
  });
  afterAll(async () => {
    await server.close();
    await t.destroy();
  });

  it('streams committed events with position ids, from the start of the chain', async () => {
    const { status, contentType, events } = await readEvents(`${server.url}/api/v1/events`, { 'x-api-key': key }, 3);
    expect(status).toBe(200);
    expect(contentType).toMatch(/^text\/event-stream/);
    expect(events.map((e) => e.event)).toEqual(['MemberRegistered', 'MemberRegistered', 'MemberRegistered']);
    for (const e of events) {
      expect(e.id).toMatch(/^[0-9]+:[0-9]+$/);
      const data = JSON.parse(e.data) as { transactionId: string; blockNumber: string; transactionIndex: number };
      expect(`${data.blockNumber}:${data.transactionIndex}`).toBe(e.id);
      expect(data.transactionId).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it('resumes after Last-Event-ID with no gap and no duplicate, including events committed while disconnected', async () => {
    const first = await readEvents(`${server.url}/api/v1/events`, { 'x-api-key': key }, 2);
    const lastSeen = first.events[1]!.id;
    await registerMembers(t, ['arbitrator1', 'oracle1']);
    const resumed = await readEvents(`${server.url}/api/v1/events`, { 'x-api-key': key, 'last-event-id': lastSeen }, 3);
    const all = await readEvents(`${server.url}/api/v1/events`, { 'x-api-key': key }, 5);
    expect(resumed.events.map((e) => e.id)).toEqual(all.events.slice(2).map((e) => e.id));
    expect(new Set([...first.events, ...resumed.events].map((e) => e.id)).size).toBe(5);
    const after = await readEvents(`${server.url}/api/v1/events?after=${lastSeen}`, { 'x-api-key': key }, 1);
    expect(after.events[0]!.id).toBe(resumed.events[0]!.id);
  });

  it('delivers events live to a connected client', async () => {
    const before = await readEvents(`${server.url}/api/v1/events`, { 'x-api-key': key }, 5);
    const live = readEvents(
      `${server.url}/api/v1/events`,
      { 'x-api-key': key, 'last-event-id': before.events[4]!.id },
      1,
    );
    await registerMembers(t, ['store2']);
    const { events } = await live;
    expect(events[0]!.event).toBe('MemberRegistered');
    expect(JSON.parse(events[0]!.data)).toMatchObject({ eventName: 'MemberRegistered' });
  });

  it("shows an event's payload only to its audience: the member itself and its org's admin", async () => {
    const all = await readEvents(`${server.url}/api/v1/events`, { 'x-api-key': key }, 6);
    const store2Event = all.events[5]!;
    const as = async (identity: string): Promise<Record<string, unknown>> => {
      const after = all.events[4]!.id;
      const { events } = await readEvents(
        `${server.url}/api/v1/events`,
        { 'x-api-key': t.key(identity), 'last-event-id': after },
        1,
      );
      expect(events[0]!.id).toBe(store2Event.id);
      return JSON.parse(events[0]!.data) as Record<string, unknown>;
    };
    // buyer1 (another member) and another org's admin see that it happened, not what.
    for (const outsider of ['EcommerceMSP:buyer1', 'FinanceMSP:Admin']) {
      const seen = await as(outsider);
      expect(seen).toMatchObject({ eventName: 'MemberRegistered', transactionId: expect.any(String) as unknown });
      expect(seen).not.toHaveProperty('payload');
    }
    for (const reader of ['EcommerceMSP:store2', 'EcommerceMSP:Admin']) {
      expect(await as(reader)).toMatchObject({ payload: { name: 'store2', roles: ['buyer'] } });
    }
  });

  it('refuses a malformed Last-Event-ID and a missing credential', async () => {
    const bad = await readEvents(`${server.url}/api/v1/events`, { 'x-api-key': key, 'last-event-id': 'yesterday' }, 1);
    expect(bad.status).toBe(400);
    const anonymous = await readEvents(`${server.url}/api/v1/events`, {}, 1);
    expect(anonymous.status).toBe(401);
  });
});
