import { TIME_LIMIT } from '@allianceledger/chaincode';
import { Alliance, awaitResource, expectProblem, expectStatus } from './alliance-bootstrap';

/**
 * The shortest time limit the chaincode accepts (one minute). Devnet moves its clock; a remote target
 * really waits, so on a Fabric network this scenario takes a little over a minute.
 */
const TIME_LIMIT_SECONDS = TIME_LIMIT.MIN_SECONDS;

interface SettlementView {
  readonly status: string;
  readonly paidAmount: string;
  readonly closedAt?: string;
  readonly paymentTxId?: string;
}

/**
 * DOMAIN.md §3 step 5 and the keeper: nobody confirms, the time limit passes, and the gateway's keeper
 * releases the escrow to the store by itself within seconds; after the deadline the buyer can no
 * longer dispute or pay less.
 */
describe('keeper scenario: the time limit releases the escrow without any client call', () => {
  let alliance: Alliance;
  beforeAll(async () => {
    alliance = await Alliance.open();
  }, 120_000);
  afterAll(() => alliance.close());

  it(
    'refuses an early release; past the deadline refuses a dispute and a deduction; the keeper pays the store',
    async () => {
      const buyer = alliance.as('EcommerceMSP:buyer1');
      const store = alliance.as('EcommerceMSP:store1');
      const anyone = alliance.as('EnergyMSP:producer1');
      const buyerAccount = await alliance.openAccount('EcommerceMSP:buyer1', 'buyer', '10000');
      const storeAccount = await alliance.openAccount('EcommerceMSP:store1', 'store');
      const { storeOrderNo, settlementNo } = await alliance.purchase(
        'EcommerceMSP:buyer1',
        buyerAccount,
        storeAccount,
        '9000',
        { timeLimitSeconds: TIME_LIMIT_SECONDS },
      );
      await expectStatus(store.post(`/orders/${storeOrderNo}/payment-acknowledgement`), 200);
      const shipped = await expectStatus(
        store.post(`/orders/${storeOrderNo}/shipment`, { carrier: 'SF Express', trackingNo: 'SF42' }),
        200,
      );
      const { releaseDeadline, logistics } = shipped.body.data as {
        releaseDeadline: string;
        logistics: { shippedAt: string };
      };
      expect(Date.parse(releaseDeadline) - Date.parse(logistics.shippedAt)).toBe(TIME_LIMIT_SECONDS * 1000);

      const early = await expectProblem(anyone.post(`/settlements/${settlementNo}/expiration`), 409, 'ILLEGAL_STATE');
      expect(early.details).toMatchObject({ releaseDeadline });

      await alliance.target.elapse(TIME_LIMIT_SECONDS + 1);

      // Nobody calls /expiration: the keeper submits SettleExpired from the deadline index.
      const settled = await awaitResource<SettlementView>(
        buyer,
        `/settlements/${settlementNo}`,
        (s) => s.status !== 'PAID',
        90_000,
      );
      expect(settled).toMatchObject({ status: 'COMPLETED', paidAmount: '9000' });
      const delaySeconds = (Date.parse(settled.closedAt ?? '') - Date.parse(releaseDeadline)) / 1000;
      console.info(`keeper release delay after the deadline: ${delaySeconds.toFixed(1)} s (${alliance.target.kind})`);
      expect(delaySeconds).toBeGreaterThanOrEqual(0);

      expect(await alliance.balance('EcommerceMSP:store1', storeAccount)).toEqual({ available: '9000', frozen: '0' });
      expect(await alliance.balance('EcommerceMSP:buyer1', buyerAccount)).toEqual({ available: '1000', frozen: '0' });
      // Closed: a second release (a client, or another institution's keeper) is refused and pays nothing.
      await expectProblem(anyone.post(`/settlements/${settlementNo}/expiration`), 409, 'ILLEGAL_STATE');
      const ready = await alliance.target.http().get('/readyz');
      expect(ready.body).toMatchObject({ keeper: { enabled: true, status: 'ok' } });
      const metrics = await alliance.target.http().get('/metrics');
      expect(metrics.text).toMatch(/^keeper_lag_seconds \d/m);
    },
    (TIME_LIMIT_SECONDS + 300) * 1000,
  );

  it(
    'after the deadline, refuses a dispute and a confirmation with a deduction, naming the deadline',
    async () => {
      const buyer = alliance.as('EcommerceMSP:buyer2');
      const store = alliance.as('EcommerceMSP:store1');
      const buyerAccount = await alliance.openAccount('EcommerceMSP:buyer2', 'buyer', '500');
      const storeAccount = await alliance.openAccount('EcommerceMSP:store1', 'store');
      const { storeOrderNo, settlementNo } = await alliance.purchase(
        'EcommerceMSP:buyer2',
        buyerAccount,
        storeAccount,
        '500',
        { timeLimitSeconds: TIME_LIMIT_SECONDS },
      );
      await expectStatus(store.post(`/orders/${storeOrderNo}/payment-acknowledgement`), 200);
      const shipped = await expectStatus(
        store.post(`/orders/${storeOrderNo}/shipment`, { carrier: 'SF Express', trackingNo: 'SF43' }),
        200,
      );
      const { releaseDeadline } = shipped.body.data as { releaseDeadline: string };
      await alliance.target.elapse(TIME_LIMIT_SECONDS + 1);
      // Whichever comes first — the keeper's release or these calls — the buyer cannot take money back.
      const dispute = await buyer.post(`/settlements/${settlementNo}/dispute`, { reason: 'changed my mind' });
      const deduction = await buyer.post(`/settlements/${settlementNo}/confirmation`, { amountToPay: '1' });
      for (const res of [dispute, deduction]) {
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ code: 'ILLEGAL_STATE' });
      }
      expect(JSON.stringify([dispute.body, deduction.body])).toMatch(new RegExp(`${releaseDeadline}|does not allow`));
      const settled = await awaitResource<SettlementView>(
        buyer,
        `/settlements/${settlementNo}`,
        (s) => s.status !== 'PAID',
        90_000,
      );
      expect(settled).toMatchObject({ status: 'COMPLETED', paidAmount: '500' });
    },
    (TIME_LIMIT_SECONDS + 300) * 1000,
  );
});
