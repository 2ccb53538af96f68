import { TIME_LIMIT } from '@allianceledger/chaincode';
import { Alliance, expectProblem, expectStatus } from './alliance-bootstrap';

/**
 * The shortest time limit the chaincode accepts (one minute). Devnet moves its clock; a remote target
 * really waits, so on a Fabric network this scenario takes a little over a minute.
 */
const TIME_LIMIT_SECONDS = TIME_LIMIT.MIN_SECONDS;

/** DOMAIN.md §3 step 5: nobody confirms, the time limit passes, anyone releases the escrow to the store. */
describe('auto-settlement scenario', () => {
  let alliance: Alliance;
  beforeAll(async () => {
    alliance = await Alliance.open();
  }, 120_000);
  afterAll(() => alliance.close());

  it(
    'settles the full amount to the store once the time limit after shipment has passed, not before',
    async () => {
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

      const settled = await expectStatus(anyone.post(`/settlements/${settlementNo}/expiration`), 200);
      expect(settled.body.data).toMatchObject({
        settlement: {
          status: 'COMPLETED',
          frozenAmount: '0',
          paidAmount: '9000',
          refundedAmount: '0',
          paymentTxId: settled.body.transactionId,
        },
        order: { status: 'COMPLETED', paidAmount: '9000' },
      });
      expect(await alliance.balance('EcommerceMSP:store1', storeAccount)).toEqual({ available: '9000', frozen: '0' });
      expect(await alliance.balance('EcommerceMSP:buyer1', buyerAccount)).toEqual({ available: '1000', frozen: '0' });
      // Closed: a second release is refused and pays nothing.
      await expectProblem(anyone.post(`/settlements/${settlementNo}/expiration`), 409, 'ILLEGAL_STATE');
    },
    (TIME_LIMIT_SECONDS + 300) * 1000,
  );
});
