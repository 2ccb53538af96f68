import type { Response } from 'supertest';
import { Alliance, awaitResource, expectProblem, expectStatus, listAll, type Identity } from './alliance-bootstrap';

interface Offer {
  readonly offerId: string;
  readonly status: string;
  readonly soldWh: string;
  readonly windowEnd: string;
  readonly settleBy: string;
  readonly settlement?: Readonly<Record<string, string>>;
}
interface Purchase {
  readonly purchaseId: string;
  readonly frozenAmount: string;
  readonly status: string;
  readonly settlement?: Readonly<Record<string, string>>;
}
interface Certificate {
  readonly certificateId: string;
  readonly owner: string;
  readonly units: string;
  readonly status: string;
  readonly evidenceHash: string;
}

/** Seconds from the offer to its window's start: the purchases happen before it, on Fabric too. */
const LEAD_SECONDS = 30;
const WINDOW_SECONDS = 10;
/** How long after the window the meters report it; the keeper settles then. */
const GRACE_SECONDS = 15;

/**
 * Energy trading over REST (DOMAIN.md §7; docs/walkthrough-grid-company.md tells the same story): the
 * grid company registers a producer's and a consumer's meter on two meter feeds; the producer offers
 * renewable energy for a delivery window; the consumer buys twice and the price is frozen. The meters
 * report for the window — the producer delivered 1.5 of the 2.5 MWh bought, the consumer's meter
 * received 1.45 MWh — and once the window has ended the keeper settles it by itself: each purchase pays
 * for its pro-rata share, the rest is unfrozen, money is conserved, the producer gets an under-delivery
 * credit record, and the consumer a green certificate anchored as evidence, which it retires once.
 */
describe('energy trading scenario: a window with under-delivery, settled by the keeper', () => {
  const GRID: Identity = 'EnergyMSP:Admin';
  const PRODUCER: Identity = 'EnergyMSP:producer1';
  const CONSUMER: Identity = 'EnergyMSP:consumer1';
  const METER: Identity = 'EnergyMSP:meter1';
  const AUDITOR: Identity = 'FinanceMSP:auditor1';
  let alliance: Alliance;
  let accounts: Record<'producer' | 'consumer', string>;
  let meters: Record<'producer' | 'consumer', string>;
  let offer: Offer;
  let purchases: Purchase[] = [];

  const data = (res: Response): unknown => (res.body as { data: unknown }).data;
  const total = async (): Promise<bigint> => {
    let sum = 0n;
    for (const accountId of Object.values(accounts)) {
      const b = await alliance.balance(AUDITOR, accountId);
      sum += BigInt(b.available) + BigInt(b.frozen);
    }
    return sum;
  };
  const report = (meter: 'producer' | 'consumer', value: string) =>
    expectStatus(alliance.as(METER).post(`/feeds/${meters[meter]}/rounds/${offer.offerId}/reports`, { value }), 201);

  beforeAll(async () => {
    alliance = await Alliance.open();
    const meterOf = async (owner: 'producer' | 'consumer'): Promise<string> => {
      const feedId = alliance.uniqueId(`meter-${owner}`);
      await alliance.decide('REGISTER_FEED', {
        feedId,
        kind: 'METER_READING',
        description: `the ${owner}'s meter, in Wh per delivery window`,
        oracles: [METER],
        quorum: 1,
        maxAgeSeconds: 86_400,
        scale: 0,
      });
      return feedId;
    };
    meters = { producer: await meterOf('producer'), consumer: await meterOf('consumer') };
    accounts = {
      producer: await alliance.openAccount(PRODUCER, 'energy-sales'),
      consumer: await alliance.openAccount(CONSUMER, 'energy-wallet', '1000000'),
    };
  }, 180_000);
  afterAll(() => alliance.close());

  it('the grid company registers the meters; only it may', async () => {
    const body = (owner: 'producer' | 'consumer') => ({
      meterId: meters[owner],
      party: owner === 'producer' ? PRODUCER : CONSUMER,
      side: owner === 'producer' ? 'PRODUCER' : 'CONSUMER',
      feedId: meters[owner],
    });
    await expectProblem(alliance.as(PRODUCER).post('/meters', body('producer')), 403, 'FORBIDDEN');
    const registered = await expectStatus(alliance.as(GRID).post('/meters', body('producer')), 201);
    expect(registered.headers.location).toBe(`/api/v1/meters/${meters.producer}`);
    await expectStatus(alliance.as(GRID).post('/meters', body('consumer')), 201);
    const mine = await listAll<{ meterId: string }>(alliance.as(CONSUMER), '/meters');
    expect(mine.map((m) => m.meterId)).toContain(meters.consumer);
  });

  it('the producer offers renewable energy for a window; the consumer buys twice, the price frozen', async () => {
    const now = await alliance.ledgerNow(PRODUCER);
    const at = (seconds: number) => new Date(now + seconds * 1000).toISOString();
    const offered = await expectStatus(
      alliance.as(PRODUCER).post('/energy-offers', {
        meterId: meters.producer,
        accountId: accounts.producer,
        windowStart: at(LEAD_SECONDS),
        windowEnd: at(LEAD_SECONDS + WINDOW_SECONDS),
        quantityWh: '3000000',
        pricePerKwh: '80',
        currency: alliance.currency,
        renewable: true,
        readingGraceSeconds: GRACE_SECONDS,
      }),
      201,
    );
    offer = data(offered) as Offer;
    expect(offered.headers.location).toBe(`/api/v1/energy-offers/${offer.offerId}`);
    expect(offer).toMatchObject({ status: 'OPEN', soldWh: '0' });
    expect(Date.parse(offer.settleBy) - Date.parse(offer.windowEnd)).toBe(GRACE_SECONDS * 1000);
    const market = await listAll<Offer>(alliance.as(CONSUMER), '/energy-offers', { producer: PRODUCER });
    expect(market.map((o) => o.offerId)).toContain(offer.offerId);

    const buy = (quantityWh: string) =>
      alliance.as(CONSUMER).post(`/energy-offers/${offer.offerId}/purchases`, {
        meterId: meters.consumer,
        accountId: accounts.consumer,
        quantityWh,
      });
    for (const quantityWh of ['2000000', '500000']) {
      const bought = await expectStatus(buy(quantityWh), 201);
      purchases.push(data(bought) as Purchase);
      expect(bought.headers.location).toBe(`/api/v1/energy-purchases/${(data(bought) as Purchase).purchaseId}`);
    }
    expect(purchases.map((p) => p.frozenAmount)).toEqual(['160000', '40000']);
    const over = await expectProblem(buy('600000'), 409, 'ILLEGAL_STATE');
    expect(over.details).toMatchObject({ remainingWh: '500000' });
    expect(await alliance.balance(CONSUMER, accounts.consumer)).toEqual({ available: '800000', frozen: '200000' });
    await expectProblem(alliance.as(CONSUMER).post(`/energy-offers/${offer.offerId}/settlement`), 409, 'ILLEGAL_STATE');
  });

  it('the meters report; after the window the keeper settles pro rata, money conserved, under-delivery recorded', async () => {
    const before = await total();
    // The meters read the window once it has ended (a reading taken during it would not count).
    const waited = Date.parse(offer.windowEnd) - (await alliance.ledgerNow(PRODUCER));
    await alliance.target.elapse(Math.max(0, Math.ceil(waited / 1000)) + 1);
    await report('producer', '1500000');
    await report('consumer', '1450000');
    // Then nobody settles: the keeper does at settleBy.
    await alliance.target.elapse(GRACE_SECONDS);

    const settled = await awaitResource<Offer>(
      alliance.as(PRODUCER),
      `/energy-offers/${offer.offerId}`,
      (o) => o.status === 'SETTLED',
      60_000,
    );
    expect(settled.settlement).toMatchObject({
      deliveredWh: '1500000',
      delivered: 'METERED',
      boughtWh: '2500000',
      settledWh: '1450000',
      paidAmount: '116000',
      underDeliveredWh: '1000000',
      certificateUnits: '1',
    });
    // 1.5 MWh delivered of 2.5 bought: shares 1.2 and 0.3 MWh; the meter received 1.45 of those 1.5.
    const read = async (p: Purchase): Promise<Purchase> =>
      (await expectStatus(alliance.as(CONSUMER).get(`/energy-purchases/${p.purchaseId}`), 200)).body as Purchase;
    purchases = [await read(purchases[0]!), await read(purchases[1]!)];
    expect(purchases.map((p) => p.settlement)).toEqual([
      expect.objectContaining({
        allocatedWh: '1200000',
        settledWh: '1160000',
        paidAmount: '92800',
        refundedAmount: '67200',
      }),
      expect.objectContaining({
        allocatedWh: '300000',
        settledWh: '290000',
        paidAmount: '23200',
        refundedAmount: '16800',
      }),
    ]);
    expect(await alliance.balance(CONSUMER, accounts.consumer)).toEqual({ available: '884000', frozen: '0' });
    expect(await alliance.balance(PRODUCER, accounts.producer)).toEqual({ available: '116000', frozen: '0' });
    expect(await total()).toBe(before);

    const records = await listAll<{ kind: string }>(alliance.as(AUDITOR), '/credit-records', {
      subject: alliance.party(PRODUCER),
    });
    expect(records).toContainEqual(
      expect.objectContaining({ kind: 'ENERGY_UNDER_DELIVERED', reference: `energy-offer:${offer.offerId}` }),
    );
    await expectProblem(alliance.as(CONSUMER).post(`/energy-offers/${offer.offerId}/settlement`), 409, 'ILLEGAL_STATE');
  }, 120_000);

  it('the consumer holds a green certificate anchored as evidence, and retires it once', async () => {
    const certificateId = purchases[0]!.settlement?.certificateId ?? '';
    const mine = await listAll<Certificate>(alliance.as(CONSUMER), '/green-certificates');
    const certificate = mine.find((c) => c.certificateId === certificateId);
    expect(certificate).toMatchObject({ owner: alliance.party(CONSUMER), units: '1', status: 'ACTIVE' });
    const verified = await expectStatus(
      alliance.as(CONSUMER).get(`/evidence/${certificate?.evidenceHash ?? ''}/verification`),
      200,
    );
    expect(verified.body).toMatchObject({ registered: true, owner: alliance.party(PRODUCER) });
    await expectProblem(
      alliance.as(PRODUCER).post(`/green-certificates/${certificateId}/retirement`, { claim: 'not mine' }),
      403,
      'FORBIDDEN',
    );
    const retired = await expectStatus(
      alliance.as(CONSUMER).post(`/green-certificates/${certificateId}/retirement`, { claim: 'scenario: scope 2' }),
      200,
    );
    expect((data(retired) as Certificate).status).toBe('RETIRED');
    await expectProblem(
      alliance.as(CONSUMER).post(`/green-certificates/${certificateId}/retirement`, { claim: 'twice' }),
      409,
      'ILLEGAL_STATE',
    );
    await expectProblem(
      alliance.as(CONSUMER).post(`/green-certificates/${certificateId}/transfer`, { to: 'EcommerceMSP:buyer1' }),
      409,
      'ILLEGAL_STATE',
    );
  });
});
