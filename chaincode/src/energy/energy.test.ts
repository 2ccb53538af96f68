import { createHash } from 'node:crypto';
import { canonicalJson } from '@allianceledger/contract';
import { Alliance, Client, expectCode, pluck, type Doc, type UserRef } from '../test/alliance';
import { certificateUnits, costOf, frozenFor, proRata, settleShares } from './allocation';

const HOUR = 3600;
const PRODUCER: UserRef = ['EnergyMSP', 'producer1'];
const CONSUMER: UserRef = ['EnergyMSP', 'consumer1'];
/** Devnet has one consumer identity: meter1 doubles as a second consumer here, oracle1 reads the meters. */
const CONSUMER2: UserRef = ['EnergyMSP', 'meter1'];
const READER: UserRef = ['EcommerceMSP', 'oracle1'];

describe('energy arithmetic', () => {
  it('freezes rounded up and pays rounded down: the payer never pays for a fraction', () => {
    expect(frozenFor(2_000_001n, 80n)).toBe(160_001n);
    expect(costOf(2_000_001n, 80n)).toBe(160_000n);
    expect(frozenFor(1_000n, 80n)).toBe(costOf(1_000n, 80n));
    expect(certificateUnits(1_999_999n)).toBe(1n);
    expect(certificateUnits(999_999n)).toBe(0n);
  });
  it('shares pro rata, rounded down, only when short', () => {
    expect(proRata([3n, 5n], 10n)).toEqual([3n, 5n]);
    expect(proRata([1n, 1n, 1n], 2n)).toEqual([0n, 0n, 0n]);
    expect(proRata([2n, 1n], 2n)).toEqual([1n, 0n]);
    // Delivered short, then one consumer meter received short.
    const shares = settleShares(
      [
        { boughtWh: 600n, meterId: 'a' },
        { boughtWh: 400n, meterId: 'b' },
      ],
      500n,
      new Map([
        ['a', 1000n],
        ['b', 100n],
      ]),
    );
    expect(shares).toEqual([
      { allocatedWh: 300n, settledWh: 300n },
      { allocatedWh: 200n, settledWh: 100n },
    ]);
  });
});

describe('energy trading', () => {
  let alliance: Alliance;
  let admin: Client;
  let producer: Client;
  let consumer: Client;
  let consumer2: Client;
  let reader: Client;
  let auditor: Client;
  const parties: Record<'producer' | 'consumer' | 'consumer2', string> = { producer: '', consumer: '', consumer2: '' };
  let meterFeed = 0;

  const iso = (secondsFromNow: number): string => new Date(alliance.now + secondsFromNow * 1000).toISOString();
  const balance = async (accountId: string): Promise<{ available: bigint; frozen: bigint }> => {
    const b = await auditor.evaluate('wallets:GetBalance', { accountId, currency: 'CNY' });
    return { available: BigInt(String(b.available)), frozen: BigInt(String(b.frozen)) };
  };
  const total = async (): Promise<bigint> => {
    let sum = 0n;
    for (const id of ['e-p', 'e-c1', 'e-c2']) {
      const b = await balance(id);
      sum += b.available + b.frozen;
    }
    return sum;
  };
  /** A meter feed read by oracle1, and a meter of `party` on it. */
  async function meter(
    meterId: string,
    party: string,
    side: 'PRODUCER' | 'CONSUMER',
    maxAgeSeconds = 30 * 86_400,
  ): Promise<string> {
    const feedId = `e-meter-${++meterFeed}`;
    await alliance.registerMeterFeed(feedId, [await alliance.party(...READER)], maxAgeSeconds);
    await admin.submit('energy:RegisterMeter', { meterId, party, side, feedId });
    return feedId;
  }
  const feeds: Record<string, string> = {};
  const report = (meterId: string, roundId: unknown, value: string) =>
    reader.submit('oracles:ReportObservation', { feedId: feeds[meterId], roundId: String(roundId), value });
  const offer = (input: Record<string, unknown> = {}) =>
    producer.submit('energy:OfferEnergy', {
      meterId: 'm-p',
      accountId: 'e-p',
      windowStart: iso(HOUR),
      windowEnd: iso(2 * HOUR),
      quantityWh: '5000000',
      pricePerKwh: '80',
      currency: 'CNY',
      renewable: true,
      readingGraceSeconds: HOUR,
      ...input,
    });

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers([
      ['EnergyMSP', 'producer1', ['energy_producer']],
      ['EnergyMSP', 'consumer1', ['energy_consumer']],
      ['EnergyMSP', 'meter1', ['oracle', 'energy_consumer']],
      ['EcommerceMSP', 'oracle1', ['oracle']],
      ['FinanceMSP', 'issuer1', ['issuer']],
      ['FinanceMSP', 'auditor1', ['auditor']],
    ]);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    admin = await alliance.client('EnergyMSP', 'Admin');
    producer = await alliance.client(...PRODUCER);
    consumer = await alliance.client(...CONSUMER);
    consumer2 = await alliance.client(...CONSUMER2);
    reader = await alliance.client(...READER);
    auditor = await alliance.client('FinanceMSP', 'auditor1');
    parties.producer = await alliance.party(...PRODUCER);
    parties.consumer = await alliance.party(...CONSUMER);
    parties.consumer2 = await alliance.party(...CONSUMER2);
    feeds['m-p'] = await meter('m-p', parties.producer, 'PRODUCER');
    feeds['m-c1'] = await meter('m-c1', parties.consumer, 'CONSUMER');
    feeds['m-c2'] = await meter('m-c2', parties.consumer2, 'CONSUMER');
    await producer.submit('wallets:OpenAccount', { accountId: 'e-p' });
    await consumer.submit('wallets:OpenAccount', { accountId: 'e-c1' });
    await consumer2.submit('wallets:OpenAccount', { accountId: 'e-c2' });
    const issuer = await alliance.client('FinanceMSP', 'issuer1');
    await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'e-c1', amount: '1000000' });
    await issuer.submit('wallets:Issue', { currency: 'CNY', accountId: 'e-c2', amount: '1000000' });
  });
  afterAll(() => alliance.close());

  it('registers meters only by the grid organisation, on a meter feed, for a party of the right role', async () => {
    const spare = `e-meter-${++meterFeed}`;
    await alliance.registerMeterFeed(spare, [await alliance.party(...READER)]);
    const input = { meterId: 'm-x', party: parties.consumer, side: 'PRODUCER', feedId: spare };
    await expectCode((await alliance.client('FinanceMSP', 'Admin')).submit('energy:RegisterMeter', input), 'FORBIDDEN');
    await expectCode(producer.submit('energy:RegisterMeter', input), 'FORBIDDEN');
    // consumer1 has no producer role.
    await expectCode(admin.submit('energy:RegisterMeter', input), 'ILLEGAL_STATE');
    await expectCode(
      admin.submit('energy:RegisterMeter', { ...input, side: 'CONSUMER', feedId: feeds['m-c1'] }),
      'CONFLICT',
    );
    await expectCode(admin.submit('energy:RegisterMeter', { ...input, meterId: 'm-p' }), 'CONFLICT');
    // No party reads its own meter: meter1 (consumer2 here) is the oracle of this feed.
    const own = `e-meter-${++meterFeed}`;
    await alliance.registerMeterFeed(own, [parties.consumer2]);
    const refused = await expectCode(
      admin.submit('energy:RegisterMeter', {
        meterId: 'm-own',
        party: parties.consumer2,
        side: 'CONSUMER',
        feedId: own,
      }),
      'ILLEGAL_STATE',
    );
    expect(refused.details).toEqual({ feedId: own, party: parties.consumer2 });
    // Its event reaches those who read the meter: its party and the grid organisation (and auditors).
    const registered = `e-meter-${++meterFeed}`;
    await alliance.registerMeterFeed(registered, [await alliance.party(...READER)]);
    const run = await admin.run('energy:RegisterMeter', {
      meterId: 'm-event',
      party: parties.consumer2,
      side: 'CONSUMER',
      feedId: registered,
    });
    const event = await alliance.event(run.txId);
    expect(event?.name).toBe('MeterRegistered');
    expect(event?.payload.audience).toEqual({ parties: [parties.consumer2], orgAdmins: ['EnergyMSP'] });
    const listed = await admin.evaluate('energy:ListMeters', { party: parties.consumer });
    expect(pluck(listed.items, 'meterId')).toEqual(['m-c1']);
    await expectCode(consumer2.evaluate('energy:GetMeter', { meterId: 'm-c1' }), 'FORBIDDEN');
    expect(await consumer.evaluate('energy:GetMeter', { meterId: 'm-c1' })).toMatchObject({ side: 'CONSUMER' });
  });

  it('settles a window with under-delivery pro rata, conserving money, and mints certificates', async () => {
    const before = await total();
    const o = await offer();
    expect(o).toMatchObject({ status: 'OPEN', soldWh: '0', settleBy: iso(3 * HOUR) });
    const listed = await consumer.evaluate('energy:ListOffers', {});
    expect(pluck(listed.items, 'offerId')).toContain(o.offerId);
    const buy = (c: Client, meterId: string, accountId: string, quantityWh: string) =>
      c.submit('energy:BuyEnergy', { offerId: o.offerId, meterId, accountId, quantityWh });

    await expectCode(buy(consumer, 'm-c2', 'e-c1', '1'), 'INVALID_ARGUMENT');
    await expectCode(buy(consumer, 'm-c1', 'e-c2', '1'), 'FORBIDDEN');
    await expectCode(buy(producer, 'm-c1', 'e-c1', '1'), 'FORBIDDEN');
    const p1 = await buy(consumer, 'm-c1', 'e-c1', '2000001');
    expect(p1).toMatchObject({ status: 'FROZEN', frozenAmount: '160001' });
    const p2 = await buy(consumer2, 'm-c2', 'e-c2', '1000000');
    const p3 = await buy(consumer, 'm-c1', 'e-c1', '500000');
    expect(await balance('e-c1')).toEqual({ available: 1_000_000n - 200_001n, frozen: 200_001n });
    const over = await expectCode(buy(consumer2, 'm-c2', 'e-c2', '1499999000'), 'ILLEGAL_STATE');
    expect(over.details).toMatchObject({ remainingWh: '1499999' });

    await expectCode(producer.submit('energy:SettleWindow', { offerId: o.offerId }), 'ILLEGAL_STATE');
    alliance.advance(HOUR + 1);
    await expectCode(buy(consumer2, 'm-c2', 'e-c2', '1'), 'ILLEGAL_STATE');
    alliance.advance(HOUR);
    // The window ended, the readings are not in and the grace runs: wait for them.
    await expectCode(consumer.submit('energy:SettleWindow', { offerId: o.offerId }), 'NO_QUORUM');
    await report('m-p', o.offerId, '3000000');
    await report('m-c1', o.offerId, '2000000');
    await expectCode(consumer.submit('energy:SettleWindow', { offerId: o.offerId }), 'NO_QUORUM');
    await report('m-c2', o.offerId, '900000');

    const run = await consumer2.run('energy:SettleWindow', { offerId: o.offerId });
    expect(run.result).toMatchObject({ status: 'SETTLED' });
    const settled = await producer.evaluate('energy:GetOffer', { offerId: o.offerId });
    expect(settled).toMatchObject({
      status: 'SETTLED',
      settlement: {
        deliveredWh: '3000000',
        delivered: 'METERED',
        boughtWh: '3500001',
        underDeliveredWh: '500001',
        certificateUnits: '1',
      },
    });
    const event = await alliance.event(run.txId);
    expect(event?.name).toBe('EnergyWindowSettled');
    const read = (id: unknown) => consumer.evaluate('energy:GetPurchase', { purchaseId: id });
    // Delivered 3,000,000 of 3,500,001 shared pro rata; meter c1 received 2,000,000 of its 2,142,857 share.
    expect((await read(p1.purchaseId)).settlement).toMatchObject({
      allocatedWh: '1714286',
      settledWh: '1600000',
      paidAmount: '128000',
      refundedAmount: '32001',
      certificateId: `${p1.purchaseId}.gc`,
    });
    expect((await producer.evaluate('energy:GetPurchase', { purchaseId: p2.purchaseId })).settlement).toMatchObject({
      allocatedWh: '857142',
      settledWh: '857142',
      paidAmount: '68571',
      refundedAmount: '11429',
    });
    expect((await read(p3.purchaseId)).settlement).toMatchObject({ settledWh: '399999', paidAmount: '31999' });
    expect(settled.settlement.paidAmount).toBe('228570');
    // What the window found and paid is the producer's, auditors' and the grid company's. Each consumer
    // has its own figures on its purchase: the totals would tell it the other's. The market sees the
    // offer without them, also in listings and in the event.
    for (const party of [producer, auditor, admin]) {
      expect((await party.evaluate('energy:GetOffer', { offerId: o.offerId })).settlement).toMatchObject({
        paidAmount: '228570',
      });
    }
    const market = await reader.evaluate('energy:GetOffer', { offerId: o.offerId });
    expect(market).toMatchObject({ offerId: o.offerId, status: 'SETTLED' });
    expect(market.settlement).toBeUndefined();
    for (const party of [consumer, consumer2]) {
      expect(await party.evaluate('energy:GetOffer', { offerId: o.offerId })).toEqual(market);
    }
    expect(event?.payload).not.toHaveProperty('settlement');
    const settledOffers = await reader.evaluate('energy:ListOffers', { status: 'SETTLED', pageSize: 100 });
    const items = settledOffers.items as { offerId: string }[];
    expect(items.find((x) => x.offerId === o.offerId)).toEqual(market);
    expect(await balance('e-p')).toEqual({ available: 228_570n, frozen: 0n });
    expect(await balance('e-c1')).toEqual({ available: 1_000_000n - 128_000n - 31_999n, frozen: 0n });
    expect(await total()).toBe(before);

    const records = await auditor.evaluate('credit:ListCreditRecords', { subject: parties.producer });
    expect(records.items).toEqual([
      expect.objectContaining({ kind: 'ENERGY_UNDER_DELIVERED', reference: `energy-offer:${o.offerId}` }),
    ]);
    await expectCode(consumer.submit('energy:SettleWindow', { offerId: o.offerId }), 'ILLEGAL_STATE');

    // The certificate batch is evidence anyone holding it can recompute.
    const certificate = await consumer.evaluate('energy:GetCertificate', { certificateId: `${p1.purchaseId}.gc` });
    expect(certificate).toMatchObject({ owner: parties.consumer, units: '1', status: 'ACTIVE' });
    const batch = {
      kind: 'green-certificates',
      offerId: o.offerId,
      producer: parties.producer,
      windowStart: o.windowStart,
      windowEnd: o.windowEnd,
      whPerUnit: '1000000',
      certificates: [
        { certificateId: certificate.certificateId, purchaseId: p1.purchaseId, owner: parties.consumer, units: '1' },
      ],
    };
    const hash = createHash('sha256').update(canonicalJson(batch)).digest('hex');
    expect(certificate.evidenceHash).toBe(hash);
    expect(settled.settlement.evidenceHash).toBe(hash);
    expect(await consumer.evaluate('evidence:VerifyEvidence', { hash })).toMatchObject({ registered: true });
  });

  it('transfers a certificate and retires it once; a retired certificate never moves', async () => {
    const [certificate] = (await consumer.evaluate('energy:ListCertificates', {})).items;
    const id = String(certificate.certificateId);
    await expectCode(consumer2.submit('energy:RetireCertificate', { certificateId: id, claim: 'x' }), 'FORBIDDEN');
    const transfer = await consumer.run('energy:TransferCertificate', { certificateId: id, to: parties.consumer2 });
    const moved = transfer.result;
    expect(moved).toMatchObject({ owner: parties.consumer2, status: 'ACTIVE' });
    // Its events reach those who read the certificate: its owners and its producer (and auditors).
    expect((await alliance.event(transfer.txId))?.payload.audience).toEqual({
      parties: [parties.consumer, parties.consumer2, parties.producer],
    });
    expect((await consumer.evaluate('energy:ListCertificates', {})).items).toEqual([]);
    const retirement = await consumer2.run('energy:RetireCertificate', {
      certificateId: id,
      claim: '2026 scope 2 report',
    });
    const retired = retirement.result;
    expect((await alliance.event(retirement.txId))?.payload.audience).toEqual({
      parties: [parties.consumer2, parties.producer],
    });
    expect(retired).toMatchObject({
      status: 'RETIRED',
      retirement: { by: parties.consumer2, claim: '2026 scope 2 report' },
    });
    await expectCode(
      consumer2.submit('energy:RetireCertificate', { certificateId: id, claim: 'again' }),
      'ILLEGAL_STATE',
    );
    await expectCode(
      consumer2.submit('energy:TransferCertificate', { certificateId: id, to: parties.consumer }),
      'ILLEGAL_STATE',
    );
    expect(await producer.evaluate('energy:GetCertificate', { certificateId: id })).toMatchObject({
      status: 'RETIRED',
    });
  });

  it('lists the window for the keeper at settleBy; late, a missing reading counts 0 Wh', async () => {
    const o = await offer({ renewable: false, readingGraceSeconds: 60 });
    const p = await consumer.submit('energy:BuyEnergy', {
      offerId: o.offerId,
      meterId: 'm-c1',
      accountId: 'e-c1',
      quantityWh: '10000',
    });
    const due = async () =>
      ((await reader.evaluate('keeper:ListDue', {})).items as { ref: string; transaction: string }[]).filter(
        (d) => d.ref === o.offerId,
      );
    alliance.advance(2 * HOUR + 1);
    expect(await due()).toEqual([]);
    await report('m-c1', o.offerId, '10000');
    alliance.advance(60);
    expect(await due()).toEqual([expect.objectContaining({ transaction: 'energy:SettleWindow' })]);
    const before = await balance('e-c1');
    const keeper = await alliance.client('FinanceMSP', 'Admin');
    const settled = await keeper.submit('energy:SettleWindow', { offerId: o.offerId });
    // The keeper's identity is no party of the window: it learns that it settled, not what was paid.
    expect(settled).toMatchObject({ offerId: o.offerId, status: 'SETTLED' });
    expect(settled.settlement).toBeUndefined();
    expect((await auditor.evaluate('energy:GetOffer', { offerId: o.offerId })).settlement).toMatchObject({
      deliveredWh: '0',
      delivered: 'MISSING',
      underDeliveredWh: '10000',
    });
    expect((await consumer.evaluate('energy:GetPurchase', { purchaseId: p.purchaseId })).settlement).toMatchObject({
      received: 'METERED',
      settledWh: '0',
      paidAmount: '0',
      refundedAmount: '800',
    });
    expect(await balance('e-c1')).toEqual({ available: before.available + 800n, frozen: before.frozen - 800n });
    expect(await due()).toEqual([]);
  });

  it('counts the readings made from the window’s end to settleBy, however old they are by then', async () => {
    // A meter whose reports a price feed would call stale after a minute: a window's reading never is.
    feeds['m-p-short'] = await meter('m-p-short', parties.producer, 'PRODUCER', 60);
    const buyAll = async (o: Doc): Promise<Doc> =>
      consumer.submit('energy:BuyEnergy', {
        offerId: o.offerId,
        meterId: 'm-c1',
        accountId: 'e-c1',
        quantityWh: '1000',
      });

    // Read in time: the keeper settles at settleBy, an hour after the readings, and pays for them.
    const inTime = await offer({ meterId: 'm-p-short', renewable: false });
    await buyAll(inTime);
    alliance.advance(2 * HOUR + 1);
    await report('m-p-short', inTime.offerId, '1000');
    await report('m-c1', inTime.offerId, '1000');
    alliance.advance(HOUR);
    await consumer.submit('energy:SettleWindow', { offerId: inTime.offerId });
    const paid = await auditor.evaluate('energy:GetOffer', { offerId: inTime.offerId });
    expect(paid.settlement).toMatchObject({ delivered: 'METERED', deliveredWh: '1000', settledWh: '1000' });

    // A reading during the window would measure part of it only: refused (an oracle reports once a
    // round, so it is not kept to spoil the round); so is one after settleBy.
    const early = await offer({ meterId: 'm-p-short', renewable: false });
    await buyAll(early);
    alliance.advance(HOUR + 10);
    const during = await expectCode(report('m-p-short', early.offerId, '1000'), 'ILLEGAL_STATE');
    expect(during.details).toEqual({ roundId: early.offerId, windowEnd: early.windowEnd, settleBy: early.settleBy });
    alliance.advance(HOUR);
    await report('m-c1', early.offerId, '1000');
    // A consumer (no reader of the settlement) learns that the window waits, not which meter or how far.
    const hidden = await expectCode(consumer.submit('energy:SettleWindow', { offerId: early.offerId }), 'NO_QUORUM');
    expect(hidden.details).toEqual({ entity: 'offer', offerId: early.offerId, settleBy: early.settleBy });
    expect(JSON.stringify(hidden)).not.toContain(feeds['m-p-short']);
    // The producer reads the settlement: its refusal names the meter's feed and the reports in.
    const waiting = await expectCode(producer.submit('energy:SettleWindow', { offerId: early.offerId }), 'NO_QUORUM');
    expect(waiting.details).toMatchObject({
      feedId: feeds['m-p-short'],
      roundId: early.offerId,
      windowReports: 0,
      reportFrom: early.windowEnd,
      settleBy: early.settleBy,
    });
    alliance.advance(HOUR);
    await expectCode(report('m-p-short', early.offerId, '1000'), 'ILLEGAL_STATE');
    await consumer.submit('energy:SettleWindow', { offerId: early.offerId });
    const settled = await auditor.evaluate('energy:GetOffer', { offerId: early.offerId });
    expect(settled.settlement).toMatchObject({ delivered: 'MISSING', deliveredWh: '0', underDeliveredWh: '1000' });
  });
});
