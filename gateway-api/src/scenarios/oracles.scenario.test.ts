import type { Response } from 'supertest';
import { Alliance, expectProblem, expectStatus, listAll, type Identity } from './alliance-bootstrap';

interface RoundView {
  readonly roundId: string;
  readonly reports: readonly { readonly oracle: string; readonly value: string }[];
  readonly valueAtQuorum?: string;
  readonly current: { readonly status: string; readonly value?: string; readonly freshReports: number };
}

/**
 * Oracles over REST (DOMAIN.md §7): the consortium registers an FX feed with a quorum of two oracles;
 * one report is short of the quorum and the value is refused with NO_QUORUM; the second makes the round's
 * value the lower median of the two; rounds stay queryable as history. The consortium's logistics feed
 * (registered by the bootstrap) carries a delivery: the order turns DELIVERED when the feed says so, and
 * its round names the oracle that reported.
 */
describe('oracles scenario: an FX feed reaches its quorum; a delivery on the logistics feed', () => {
  const ORACLE1: Identity = 'EcommerceMSP:oracle1';
  const METER1: Identity = 'EnergyMSP:meter1';
  const BUYER: Identity = 'EcommerceMSP:buyer1';
  const STORE: Identity = 'EcommerceMSP:store1';
  const AUDITOR: Identity = 'FinanceMSP:auditor1';
  let alliance: Alliance;
  let feedId: string;
  let quote: string;

  const round = (res: Response): RoundView => (res.body as { data: RoundView }).data;

  beforeAll(async () => {
    alliance = await Alliance.open();
    quote = `Q${alliance.target.runId}`.slice(0, 16);
    await alliance.decide(
      'REGISTER_CURRENCY',
      { code: quote, name: `Quote currency ${alliance.target.runId}`, decimals: 2, issuer: 'FinanceMSP:issuer1' },
      'oracle scenario: a second currency',
    );
  }, 120_000);
  afterAll(() => alliance.close());

  it('registers an FX feed by consortium decision: two oracles, a quorum of two', async () => {
    feedId = alliance.uniqueId('fx');
    const { result } = await alliance.decide('REGISTER_FEED', {
      feedId,
      kind: 'FX_RATE',
      description: `${alliance.currency} priced in ${quote}`,
      oracles: [ORACLE1, METER1],
      quorum: 2,
      maxAgeSeconds: 86_400,
      scale: 4,
      base: alliance.currency,
      quote,
    });
    expect(result).toMatchObject({
      feedId,
      quorum: 2,
      scale: 4,
      oracles: [alliance.party(ORACLE1), alliance.party(METER1)],
    });
    const feed = await expectStatus(alliance.as(BUYER).get(`/feeds/${feedId}`), 200);
    expect(feed.body).toMatchObject({ feedId, kind: 'FX_RATE', base: alliance.currency, quote });
  });

  it('refuses the value short of the quorum, then gives the lower median of the fresh reports', async () => {
    const roundId = '2026-11-30T19';
    await expectProblem(
      alliance.as(BUYER).post(`/feeds/${feedId}/rounds/${roundId}/reports`, { value: '71000' }),
      403,
      'FORBIDDEN',
    );
    const first = await expectStatus(
      alliance.as(ORACLE1).post(`/feeds/${feedId}/rounds/${roundId}/reports`, { value: '71300' }),
      201,
    );
    expect(first.headers.location).toBe(`/api/v1/feeds/${feedId}/rounds/${roundId}`);
    expect(round(first).current).toMatchObject({ status: 'NO_QUORUM', freshReports: 1 });
    const short = await expectProblem(alliance.as(BUYER).get(`/feeds/${feedId}/value`, { roundId }), 409, 'NO_QUORUM');
    expect(short.details).toMatchObject({ feedId, roundId, currentReports: 1, quorum: 2 });
    await expectProblem(
      alliance.as(ORACLE1).post(`/feeds/${feedId}/rounds/${roundId}/reports`, { value: '71000' }),
      409,
      'CONFLICT',
    );
    await expectProblem(
      alliance.as(METER1).post(`/feeds/${feedId}/rounds/${roundId}/reports`, { value: '7.12' }),
      400,
      'VALIDATION_FAILED',
    );

    const second = await expectStatus(
      alliance.as(METER1).post(`/feeds/${feedId}/rounds/${roundId}/reports`, { value: '71200' }),
      201,
    );
    expect(round(second)).toMatchObject({
      valueAtQuorum: '71200',
      current: { status: 'FRESH', value: '71200' },
    });
    const value = await expectStatus(alliance.as(BUYER).get(`/feeds/${feedId}/value`), 200);
    expect(value.body).toMatchObject({ feedId, roundId, value: '71200', scale: 4, freshReports: 2, quorum: 2 });

    const history = await listAll<RoundView>(alliance.as(AUDITOR), `/feeds/${feedId}/rounds`);
    expect(history.map((r) => [r.roundId, r.valueAtQuorum, r.reports.length])).toEqual([[roundId, '71200', 2]]);
  });

  it('marks a shipped order DELIVERED through the logistics feed, whose round keeps the report', async () => {
    const buyerAccount = await alliance.openAccount(BUYER, 'wallet', '10000');
    const storeAccount = await alliance.openAccount(STORE, 'shop');
    const purchase = await alliance.purchase(BUYER, buyerAccount, storeAccount, '5000');
    await expectStatus(alliance.as(STORE).post(`${purchase.orderPath}/payment-acknowledgement`), 200);
    await expectStatus(
      alliance.as(STORE).post(`${purchase.orderPath}/shipment`, { carrier: 'SF Express', trackingNo: 'SF1' }),
      200,
    );
    await expectProblem(alliance.as(METER1).post(`${purchase.orderPath}/delivery`, {}), 403, 'FORBIDDEN');
    const delivered = await expectStatus(alliance.as(ORACLE1).post(`${purchase.orderPath}/delivery`, {}), 200);
    expect((delivered.body as { data: { status: string } }).data.status).toBe('DELIVERED');
    const logistics = await expectStatus(
      alliance.as(AUDITOR).get(`/feeds/logistics/rounds/${purchase.settlementNo}`),
      200,
    );
    expect(logistics.body).toMatchObject({
      roundId: purchase.settlementNo,
      valueAtQuorum: '3',
      reports: [{ oracle: alliance.party(ORACLE1), value: '3' }],
    });
    // A shipment's round is the oracles', auditors' and EcommerceMSP's admins' business, not a buyer's nor
    // another organisation's admins' (OpenAPI: the round readers of GET /feeds/{feedId}/rounds/{roundId}).
    await expectProblem(alliance.as(BUYER).get(`/feeds/logistics/rounds/${purchase.settlementNo}`), 403, 'FORBIDDEN');
    await expectStatus(alliance.as('EcommerceMSP:Admin').get(`/feeds/logistics/rounds/${purchase.settlementNo}`), 200);
    for (const admin of ['FinanceMSP:Admin', 'EnergyMSP:Admin'] as const) {
      await expectProblem(alliance.as(admin).get(`/feeds/logistics/rounds/${purchase.settlementNo}`), 403, 'FORBIDDEN');
      await expectProblem(alliance.as(admin).get('/feeds/logistics/rounds'), 403, 'FORBIDDEN');
      await expectProblem(alliance.as(admin).get('/feeds/logistics/value'), 403, 'FORBIDDEN');
      const feed = await expectStatus(alliance.as(admin).get('/feeds/logistics'), 200);
      expect(feed.body).not.toHaveProperty('latestRoundId');
    }
    const feed = await expectStatus(alliance.as('EcommerceMSP:Admin').get('/feeds/logistics'), 200);
    expect(feed.body).toHaveProperty('latestRoundId');
  });
});
