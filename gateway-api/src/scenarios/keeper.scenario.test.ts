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
    'refuses an early release; past the deadline refuses a dispute and a deduction; the keeper pays the stores',
    async () => {
      const store = alliance.as('EcommerceMSP:store1');
      const anyone = alliance.as('EnergyMSP:producer1');
      /** A purchase shipped with the shortest time limit; both run their clocks at once. */
      const shipped = async (buyer: 'EcommerceMSP:buyer1' | 'EcommerceMSP:buyer2', amount: string) => {
        const buyerAccount = await alliance.openAccount(buyer, 'buyer', '10000');
        const storeAccount = await alliance.openAccount('EcommerceMSP:store1', 'store');
        const { storeOrderNo, orderPath, settlementNo } = await alliance.purchase(
          buyer,
          buyerAccount,
          storeAccount,
          amount,
          {
            timeLimitSeconds: TIME_LIMIT_SECONDS,
          },
        );
        await expectStatus(store.post(`${orderPath}/payment-acknowledgement`), 200);
        const res = await expectStatus(
          store.post(`${orderPath}/shipment`, { carrier: 'SF Express', trackingNo: storeOrderNo }),
          200,
        );
        const { releaseDeadline, logistics } = res.body.data as {
          releaseDeadline: string;
          logistics: { shippedAt: string };
        };
        expect(Date.parse(releaseDeadline) - Date.parse(logistics.shippedAt)).toBe(TIME_LIMIT_SECONDS * 1000);
        return { buyer, buyerAccount, storeAccount, settlementNo, releaseDeadline };
      };
      const quiet = await shipped('EcommerceMSP:buyer1', '9000');
      const late = await shipped('EcommerceMSP:buyer2', '500');

      // Anyone may ask for the release; one who is no party to the purchase learns only that it is not due.
      const early = await expectProblem(
        anyone.post(`/settlements/${quiet.settlementNo}/expiration`),
        409,
        'ILLEGAL_STATE',
      );
      expect(early.details).toEqual({ entity: 'settlement' });
      expect(JSON.stringify(early)).not.toContain(quiet.releaseDeadline);
      const earlyAsParty = await expectProblem(
        alliance.as(quiet.buyer).post(`/settlements/${quiet.settlementNo}/expiration`),
        409,
        'ILLEGAL_STATE',
      );
      expect(earlyAsParty.details).toMatchObject({ releaseDeadline: quiet.releaseDeadline });

      await alliance.target.elapse(TIME_LIMIT_SECONDS + 1);

      // The second buyer tries to take money back after the deadline: whichever comes first — the
      // keeper's release or these calls — both are refused (naming the deadline, or the closed state).
      const lateBuyer = alliance.as(late.buyer);
      const dispute = await lateBuyer.post(`/settlements/${late.settlementNo}/dispute`, { reason: 'changed my mind' });
      const deduction = await lateBuyer.post(`/settlements/${late.settlementNo}/confirmation`, { amountToPay: '1' });
      for (const res of [dispute, deduction]) {
        expect(res.status).toBe(409);
        expect(res.body).toMatchObject({ code: 'ILLEGAL_STATE' });
      }
      expect(JSON.stringify([dispute.body, deduction.body])).toMatch(
        new RegExp(`${late.releaseDeadline}|does not allow`),
      );

      // Nobody calls /expiration: the keeper submits SettleExpired from the deadline index.
      for (const [purchase, amount] of [
        [quiet, '9000'],
        [late, '500'],
      ] as const) {
        const settled = await awaitResource<SettlementView>(
          alliance.as(purchase.buyer),
          `/settlements/${purchase.settlementNo}`,
          (s) => s.status !== 'PAID',
          90_000,
        );
        expect(settled).toMatchObject({ status: 'COMPLETED', paidAmount: amount });
        const delaySeconds = (Date.parse(settled.closedAt ?? '') - Date.parse(purchase.releaseDeadline)) / 1000;
        console.info(
          `keeper release delay after the deadline: ${delaySeconds.toFixed(1)} s (${alliance.target.kind}, ` +
            `the scenario's clock overshoots the deadline by 1 s)`,
        );
        expect(delaySeconds).toBeGreaterThanOrEqual(0);
        expect(await alliance.balance('EcommerceMSP:store1', purchase.storeAccount)).toEqual({
          available: amount,
          frozen: '0',
        });
        expect(await alliance.balance(purchase.buyer, purchase.buyerAccount)).toEqual({
          available: (10000n - BigInt(amount)).toString(),
          frozen: '0',
        });
        // Closed: a second release (a client, or another institution's keeper) is refused and pays nothing.
        await expectProblem(anyone.post(`/settlements/${purchase.settlementNo}/expiration`), 409, 'ILLEGAL_STATE');
      }
      const ready = await alliance.target.http().get('/readyz');
      expect(ready.body).toMatchObject({ keeper: { enabled: true, status: 'ok' } });
      const metrics = await alliance.target.http().get('/metrics');
      expect(metrics.text).toMatch(/^keeper_lag_seconds \d/m);
    },
    (TIME_LIMIT_SECONDS + 300) * 1000,
  );
});
