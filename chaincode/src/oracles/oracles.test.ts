import { Alliance, Client, orderSnapshot, pluck, type UserRef } from '../test/alliance';
import { lowerMedian } from './oracle.value';

const HOUR = 3600;
const ORACLE1: UserRef = ['EcommerceMSP', 'oracle1'];
const METER1: UserRef = ['EnergyMSP', 'meter1'];
const BANK1: UserRef = ['FinanceMSP', 'bank1'];

describe('lowerMedian', () => {
  it('is the middle value of an odd count and the smaller middle one of an even count', () => {
    expect(lowerMedian([3n])).toBe(3n);
    expect(lowerMedian([9n, 1n, 5n])).toBe(5n);
    expect(lowerMedian([71200n, 71000n])).toBe(71000n);
    expect(lowerMedian([4n, 1n, 3n, 2n])).toBe(2n);
    expect(() => lowerMedian([])).toThrow('median of no values');
  });
});

describe('oracle feeds', () => {
  let alliance: Alliance;
  let oracle1: Client;
  let meter1: Client;
  let bank1: Client;
  let buyer1: Client;
  let store1: Client;
  let auditor: Client;
  let finance: Client;
  const party = (ref: UserRef): Promise<string> => alliance.party(...ref);

  const fxFeed = async (feedId: string, quorum = 2, maxAgeSeconds = HOUR) => ({
    feedId,
    kind: 'FX_RATE',
    description: 'USD priced in CNY',
    oracles: [await party(ORACLE1), await party(METER1), 'FinanceMSP:bank1'],
    quorum,
    maxAgeSeconds,
    scale: 4,
    base: 'USD',
    quote: 'CNY',
  });

  beforeAll(async () => {
    alliance = await Alliance.open();
    await alliance.registerMembers([
      ['EcommerceMSP', 'oracle1', ['oracle']],
      ['EnergyMSP', 'meter1', ['oracle']],
      ['FinanceMSP', 'bank1', ['bank', 'oracle']],
      ['FinanceMSP', 'issuer1', ['issuer']],
      ['FinanceMSP', 'auditor1', ['auditor']],
      ['EcommerceMSP', 'buyer1', ['buyer']],
      ['EcommerceMSP', 'store1', ['store']],
    ]);
    await alliance.registerCurrency('CNY', ['FinanceMSP', 'issuer1']);
    await alliance.registerCurrency('USD', ['FinanceMSP', 'issuer1']);
    [oracle1, meter1, bank1, buyer1, store1, auditor, finance] = await Promise.all([
      alliance.client(...ORACLE1),
      alliance.client(...METER1),
      alliance.client(...BANK1),
      alliance.client('EcommerceMSP', 'buyer1'),
      alliance.client('EcommerceMSP', 'store1'),
      alliance.client('FinanceMSP', 'auditor1'),
      alliance.client('FinanceMSP', 'Admin'),
    ]);
  });
  afterAll(() => alliance.close());

  it('registers a feed only by consortium decision, with its oracles named by handle or party id', async () => {
    const feed = await alliance.registerFeed(await fxFeed('usd-cny'));
    expect(feed).toMatchObject({
      feedId: 'usd-cny',
      kind: 'FX_RATE',
      oracles: [await party(ORACLE1), await party(METER1), await party(BANK1)],
      quorum: 2,
      scale: 4,
      base: 'USD',
      quote: 'CNY',
      removed: [],
    });
    expect(feed.latestRoundId).toBeUndefined();
    expect(await buyer1.evaluate('oracles:GetFeed', { feedId: 'usd-cny' })).toEqual(feed);
    expect(pluck((await auditor.evaluate('oracles:ListFeeds', {})).items, 'feedId')).toEqual(['usd-cny']);

    const propose = (payload: object) =>
      finance.submit('consortium:CreateProposal', { kind: 'REGISTER_FEED', payload });
    await alliance.expectRefused(async () => propose(await fxFeed('usd-cny')), 'CONFLICT');
    await alliance.expectRefused(async () => propose({ ...(await fxFeed('f2')), quorum: 4 }), 'INVALID_ARGUMENT');
    const twice = await fxFeed('f3');
    await alliance.expectRefused(
      () => propose({ ...twice, oracles: [twice.oracles[0], 'EcommerceMSP:oracle1'] }),
      'INVALID_ARGUMENT',
    );
    await alliance.expectRefused(
      () => propose({ ...twice, oracles: ['EcommerceMSP:buyer1'], quorum: 1 }),
      'ILLEGAL_STATE',
    );
    await alliance.expectRefused(() => propose({ ...twice, quote: 'EUR' }), 'NOT_FOUND');
    const { base: _base, ...noBase } = twice;
    await alliance.expectRefused(() => propose(noBase), 'INVALID_ARGUMENT');
    await alliance.expectRefused(
      () => propose({ ...twice, kind: 'METER_READING', base: undefined, quote: undefined }),
      'INVALID_ARGUMENT',
    );
    await alliance.expectRefused(
      () => bank1.submit('consortium:CreateProposal', { kind: 'REGISTER_FEED', payload: twice }),
      'FORBIDDEN',
    );
  });

  it('gives the lower median of a round once k fresh reports are in, and refuses before', async () => {
    const round = '2026-11-30T19';
    await alliance.expectRefused(
      () => buyer1.submit('oracles:ReportObservation', { feedId: 'usd-cny', roundId: round, value: '71234' }),
      'FORBIDDEN',
    );
    await alliance.expectRefused(
      () => oracle1.submit('oracles:ReportObservation', { feedId: 'usd-cny', roundId: round, value: '7.1234' }),
      'INVALID_ARGUMENT',
    );
    const noValue = await alliance.expectRefused(
      () => buyer1.evaluate('oracles:GetValue', { feedId: 'usd-cny' }),
      'NO_QUORUM',
    );
    expect(noValue.message).toBe('feed usd-cny has no round with a quorum yet');

    const first = await oracle1.run('oracles:ReportObservation', { feedId: 'usd-cny', roundId: round, value: '71300' });
    expect(first.result.current).toMatchObject({ status: 'NO_QUORUM', currentReports: 1, quorum: 2 });
    expect(await alliance.event(first.txId)).toMatchObject({
      name: 'ObservationReported',
      payload: { feedId: 'usd-cny', roundId: round, value: '71300', reportCount: 1, quorum: 2 },
    });
    const short = await alliance.expectRefused(
      () => buyer1.evaluate('oracles:GetValue', { feedId: 'usd-cny', roundId: round }),
      'NO_QUORUM',
    );
    expect(short.details).toMatchObject({ feedId: 'usd-cny', roundId: round, currentReports: 1, quorum: 2 });
    await alliance.expectRefused(
      () => oracle1.submit('oracles:ReportObservation', { feedId: 'usd-cny', roundId: round, value: '71000' }),
      'CONFLICT',
    );

    const second = await bank1.submit('oracles:ReportObservation', {
      feedId: 'usd-cny',
      roundId: round,
      value: '71200',
    });
    expect(second).toMatchObject({ quorumReachedAt: expect.any(String), valueAtQuorum: '71200' });
    expect(second.current).toMatchObject({ status: 'FRESH', value: '71200', freshReports: 2 });
    expect(await buyer1.evaluate('oracles:GetValue', { feedId: 'usd-cny' })).toMatchObject({
      roundId: round,
      value: '71200',
      scale: 4,
      base: 'USD',
      quote: 'CNY',
    });
    const third = await meter1.submit('oracles:ReportObservation', {
      feedId: 'usd-cny',
      roundId: round,
      value: '99999',
    });
    // One outlier of three does not move the median; the value at quorum stays as history.
    expect(third.current).toMatchObject({ status: 'FRESH', value: '71300', freshReports: 3 });
    expect(third.valueAtQuorum).toBe('71200');
    expect((await buyer1.evaluate('oracles:GetFeed', { feedId: 'usd-cny' })).latestRoundId).toBe(round);
  });

  it('refuses a stale value with STALE_VALUE, and a newer round takes over', async () => {
    alliance.advance(HOUR + 1);
    const stale = await alliance.expectRefused(
      () => buyer1.evaluate('oracles:GetValue', { feedId: 'usd-cny' }),
      'STALE_VALUE',
    );
    expect(stale.details).toMatchObject({ freshReports: 0, currentReports: 3, quorum: 2, maxAgeSeconds: HOUR });
    const next = '2026-11-30T20';
    await oracle1.submit('oracles:ReportObservation', { feedId: 'usd-cny', roundId: next, value: '71400' });
    await bank1.submit('oracles:ReportObservation', { feedId: 'usd-cny', roundId: next, value: '71500' });
    expect(await buyer1.evaluate('oracles:GetValue', { feedId: 'usd-cny' })).toMatchObject({
      roundId: next,
      value: '71400',
    });
    const history = await auditor.evaluate('oracles:ListRounds', { feedId: 'usd-cny' });
    expect(pluck(history.items, 'roundId')).toEqual(['2026-11-30T19', next]);
    expect(pluck(history.items, 'valueAtQuorum')).toEqual(['71200', '71400']);
    expect(history.items[0].current).toMatchObject({ status: 'STALE' });
  });

  it('removes a misreporting oracle by consortium decision: its reports stop counting', async () => {
    const round = '2026-11-30T21';
    await meter1.submit('oracles:ReportObservation', { feedId: 'usd-cny', roundId: round, value: '99999' });
    await oracle1.submit('oracles:ReportObservation', { feedId: 'usd-cny', roundId: round, value: '71500' });
    expect((await buyer1.evaluate('oracles:GetRound', { feedId: 'usd-cny', roundId: round })).current).toMatchObject({
      status: 'FRESH',
      value: '71500',
    });
    const executed = await alliance.decide('REMOVE_ORACLE', {
      feedId: 'usd-cny',
      oracle: 'EnergyMSP:meter1',
      reason: 'reported 9.9999 for an hour',
    });
    expect(executed.result.oracles).toEqual([await party(ORACLE1), await party(BANK1)]);
    expect(executed.result.removed).toEqual([
      expect.objectContaining({ oracle: await party(METER1), reason: 'reported 9.9999 for an hour' }),
    ]);
    const after = await buyer1.evaluate('oracles:GetRound', { feedId: 'usd-cny', roundId: round });
    expect(after.reports).toHaveLength(2);
    expect(after.current).toMatchObject({ status: 'NO_QUORUM', currentReports: 1 });
    await alliance.expectRefused(
      () => meter1.submit('oracles:ReportObservation', { feedId: 'usd-cny', roundId: 'later', value: '1' }),
      'FORBIDDEN',
    );
    // Two oracles left for a quorum of two: neither may go.
    await alliance.expectRefused(
      () =>
        finance.submit('consortium:CreateProposal', {
          kind: 'REMOVE_ORACLE',
          payload: { feedId: 'usd-cny', oracle: 'FinanceMSP:bank1', reason: 'no' },
        }),
      'ILLEGAL_STATE',
    );
    await alliance.expectRefused(
      () =>
        finance.submit('consortium:CreateProposal', {
          kind: 'REMOVE_ORACLE',
          payload: { feedId: 'usd-cny', oracle: 'EnergyMSP:meter1', reason: 'again' },
        }),
      'ILLEGAL_STATE',
    );
  });

  it('adds an oracle by consortium decision; one removed comes back without its reports of before', async () => {
    const propose = (oracle: string) =>
      finance.submit('consortium:CreateProposal', {
        kind: 'ADD_ORACLE',
        payload: { feedId: 'usd-cny', oracle, reason: 'a third source' },
      });
    // Already on the feed; a member without the oracle role; a feed nobody registered.
    await alliance.expectRefused(() => propose('FinanceMSP:bank1'), 'CONFLICT');
    await alliance.expectRefused(() => propose('EcommerceMSP:buyer1'), 'ILLEGAL_STATE');
    await alliance.expectRefused(
      () =>
        finance.submit('consortium:CreateProposal', {
          kind: 'ADD_ORACLE',
          payload: { feedId: 'no-such-feed', oracle: 'EnergyMSP:meter1', reason: 'x' },
        }),
      'NOT_FOUND',
    );
    const executed = await alliance.decide('ADD_ORACLE', {
      feedId: 'usd-cny',
      oracle: 'EnergyMSP:meter1',
      reason: 'its meter was recalibrated',
    });
    expect(executed.result.oracles).toEqual([await party(ORACLE1), await party(BANK1), await party(METER1)]);
    // Its 9.9999 of before the removal stays out of the round; its new reports count.
    const round = await buyer1.evaluate('oracles:GetRound', { feedId: 'usd-cny', roundId: '2026-11-30T21' });
    expect(round.current).toMatchObject({ status: 'NO_QUORUM', currentReports: 1 });
    const next = '2026-11-30T22';
    alliance.advance(1);
    await meter1.submit('oracles:ReportObservation', { feedId: 'usd-cny', roundId: next, value: '71600' });
    await oracle1.submit('oracles:ReportObservation', { feedId: 'usd-cny', roundId: next, value: '71500' });
    expect((await buyer1.evaluate('oracles:GetValue', { feedId: 'usd-cny', roundId: next })).value).toBe('71500');
  });

  it('keeps a meter feed’s rounds to its oracles, auditors and org admins', async () => {
    await alliance.registerFeed({
      feedId: 'meter-p1',
      kind: 'METER_READING',
      description: 'producer1 export meter',
      oracles: ['EnergyMSP:meter1'],
      quorum: 1,
      maxAgeSeconds: HOUR,
      scale: 0,
    });
    await meter1.submit('oracles:ReportObservation', { feedId: 'meter-p1', roundId: 'w1', value: '5000' });
    expect((await auditor.evaluate('oracles:GetValue', { feedId: 'meter-p1', roundId: 'w1' })).value).toBe('5000');
    await alliance.expectRefused(
      () => buyer1.evaluate('oracles:GetRound', { feedId: 'meter-p1', roundId: 'w1' }),
      'FORBIDDEN',
    );
    // The feed's definition is every member's, its latest round only its round readers' (a logistics
    // feed's rounds are settlement numbers).
    expect(await auditor.evaluate('oracles:GetFeed', { feedId: 'meter-p1' })).toMatchObject({ latestRoundId: 'w1' });
    const seenByBuyer = await buyer1.evaluate('oracles:GetFeed', { feedId: 'meter-p1' });
    expect(seenByBuyer).toMatchObject({ feedId: 'meter-p1', quorum: 1 });
    expect(seenByBuyer).not.toHaveProperty('latestRoundId');
    const feeds = (await buyer1.evaluate('oracles:ListFeeds', {})) as { items: { feedId: string }[] };
    const listed = feeds.items.find((f) => f.feedId === 'meter-p1');
    expect(listed).toBeDefined();
    expect(listed).not.toHaveProperty('latestRoundId');
  });

  describe('logistics delivery on the logistics feed', () => {
    let seq = 0;
    const shipped = async (): Promise<{ no: string; settlementNo: string }> => {
      const no = `lg-${++seq}`;
      const r = await buyer1.submit(
        'settlements:RequestSettlement',
        { storeOrderNo: no, buyerAccountId: 'lg-b1', storeAccountId: 'lg-s1', currency: 'CNY', amount: '100' },
        { transient: { order: orderSnapshot(no, '100') } },
      );
      await store1.submit('settlements:AcknowledgePayment', { store: 'EcommerceMSP:store1', storeOrderNo: no });
      await store1.submit('settlements:Ship', {
        store: 'EcommerceMSP:store1',
        storeOrderNo: no,
        carrier: 'SF',
        trackingNo: no,
      });
      return { no, settlementNo: String(r.settlement.settlementNo) };
    };

    beforeAll(async () => {
      await buyer1.submit('wallets:OpenAccount', { accountId: 'lg-b1' });
      await store1.submit('wallets:OpenAccount', { accountId: 'lg-s1' });
      await (
        await alliance.client('FinanceMSP', 'issuer1')
      ).submit('wallets:Issue', { currency: 'CNY', accountId: 'lg-b1', amount: '10000' });
    });

    it('refuses RecordDelivery without a logistics feed', async () => {
      const { no } = await shipped();
      const body = await alliance.expectRefused(
        () => oracle1.submit('settlements:RecordDelivery', { store: 'EcommerceMSP:store1', storeOrderNo: no }),
        'NOT_FOUND',
      );
      expect(body.details).toEqual({ entity: 'feed', id: 'logistics' });
    });

    it('marks an order DELIVERED only when k of the feed’s oracles say so', async () => {
      await alliance.registerLogisticsFeed([ORACLE1, BANK1], 2);
      const { no, settlementNo } = await shipped();
      const ref = { store: 'EcommerceMSP:store1', storeOrderNo: no };
      const order = () => buyer1.evaluate('settlements:GetOrder', ref);
      const short = await alliance.expectRefused(() => oracle1.submit('settlements:RecordDelivery', ref), 'NO_QUORUM', [
        order,
      ]);
      expect(short.details).toMatchObject({ feedId: 'logistics', roundId: settlementNo, currentReports: 1, quorum: 2 });
      await alliance.expectRefused(() => meter1.submit('settlements:RecordDelivery', ref), 'FORBIDDEN');

      await bank1.submit('oracles:ReportObservation', { feedId: 'logistics', roundId: settlementNo, value: '3' });
      const delivered = await oracle1.run('settlements:RecordDelivery', { ...ref, proofHash: 'b'.repeat(64) });
      expect(delivered.result).toMatchObject({ status: 'DELIVERED', deliveryProofHash: 'b'.repeat(64) });
      expect((await alliance.event(delivered.txId))?.name).toBe('OrderDelivered');
      const round = await auditor.evaluate('oracles:GetRound', { feedId: 'logistics', roundId: settlementNo });
      expect(pluck(round.reports, 'oracle')).toEqual([await party(BANK1), await party(ORACLE1)]);
      expect(round.valueAtQuorum).toBe('3');
      // A parcel's status concerns one purchase, whose parties are EcommerceMSP's: another organisation's
      // admins read neither its round nor the feed's latest round id (a settlement number).
      const ecommerceAdmin = await alliance.client('EcommerceMSP', 'Admin');
      expect(
        await ecommerceAdmin.evaluate('oracles:GetRound', { feedId: 'logistics', roundId: settlementNo }),
      ).toMatchObject({ roundId: settlementNo });
      for (const outsider of [finance, await alliance.client('EnergyMSP', 'Admin')]) {
        await alliance.expectRefused(
          () => outsider.evaluate('oracles:GetRound', { feedId: 'logistics', roundId: settlementNo }),
          'FORBIDDEN',
        );
        await alliance.expectRefused(
          () => outsider.evaluate('oracles:ListRounds', { feedId: 'logistics' }),
          'FORBIDDEN',
        );
        expect(await outsider.evaluate('oracles:GetFeed', { feedId: 'logistics' })).not.toHaveProperty('latestRoundId');
      }
    });

    it('refuses delivery when the median status is not DELIVERED, and unknown status codes', async () => {
      const { no, settlementNo } = await shipped();
      await alliance.expectRefused(
        () => bank1.submit('oracles:ReportObservation', { feedId: 'logistics', roundId: settlementNo, value: '7' }),
        'INVALID_ARGUMENT',
      );
      await bank1.submit('oracles:ReportObservation', { feedId: 'logistics', roundId: settlementNo, value: '1' });
      const body = await alliance.expectRefused(
        () => oracle1.submit('settlements:RecordDelivery', { store: 'EcommerceMSP:store1', storeOrderNo: no }),
        'ILLEGAL_STATE',
      );
      expect(body.details).toMatchObject({ feedId: 'logistics', value: '1' });
    });
  });
});
