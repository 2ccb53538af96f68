import { Alliance, expectStatus } from './alliance-bootstrap';

interface TransactionView {
  readonly status: string;
  readonly function?: string;
  readonly events?: readonly { readonly name: string; readonly payload?: Record<string, unknown> }[];
}

/**
 * The trust rule of every view: a record's payload reaches its parties and auditors only. Anyone may
 * learn that a transaction happened (its status, block, function and event name); nobody else learns
 * who paid whom or how much.
 */
describe('confidentiality scenario: transaction views show payloads to the parties and auditors only', () => {
  let alliance: Alliance;
  beforeAll(async () => {
    alliance = await Alliance.open();
  }, 120_000);
  afterAll(() => alliance.close());

  it('a purchase and a transfer: parties and auditors see the payload, others only the metadata, nobody a balance', async () => {
    const buyerAccount = await alliance.openAccount('EcommerceMSP:buyer1', 'buyer', '5000');
    const storeAccount = await alliance.openAccount('EcommerceMSP:store1', 'store');
    const { settlementNo, response } = await alliance.purchase(
      'EcommerceMSP:buyer1',
      buyerAccount,
      storeAccount,
      '1200',
    );
    const transfer = await expectStatus(
      alliance.as('EcommerceMSP:buyer1').post('/transfers', {
        fromAccountId: buyerAccount,
        toAccountId: storeAccount,
        currency: alliance.currency,
        amount: '300',
      }),
      201,
    );
    const view = async (identity: Parameters<Alliance['as']>[0], txId: string): Promise<TransactionView> =>
      (await expectStatus(alliance.as(identity).get(`/transactions/${txId}`), 200)).body as TransactionView;

    const purchaseTx = (response.body as { transactionId: string }).transactionId;
    for (const reader of ['EcommerceMSP:buyer1', 'EcommerceMSP:store1', 'FinanceMSP:auditor1'] as const) {
      const seen = await view(reader, purchaseTx);
      expect(seen.events?.[0]).toMatchObject({
        name: 'SettlementRequested',
        payload: { settlementNo, amount: '1200', status: 'PAID' },
      });
    }
    for (const outsider of ['EnergyMSP:producer1', 'EcommerceMSP:buyer2', 'FinanceMSP:bank1'] as const) {
      const seen = await view(outsider, purchaseTx);
      expect(seen).toMatchObject({ status: 'COMMITTED', function: 'settlements:RequestSettlement' });
      expect(seen.events).toEqual([{ name: 'SettlementRequested' }]);
    }

    const transferTx = (transfer.body as { transactionId: string }).transactionId;
    const payee = await view('EcommerceMSP:store1', transferTx);
    expect(payee.events?.[0]?.payload).toMatchObject({ amount: '300', fromAccountId: buyerAccount });
    // The payer's remaining balance is in the payer's own answer, never in the event.
    expect(JSON.stringify(payee.events)).not.toMatch(/available|frozen/);
    expect((transfer.body as { data: { from: { available: string } } }).data.from.available).toBe('3500');
    expect((await view('EnergyMSP:producer1', transferTx)).events).toEqual([{ name: 'Transferred' }]);
  });
});
