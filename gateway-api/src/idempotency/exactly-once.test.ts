import { LedgerUnavailable } from '../ledger/ledger-errors';
import type { LedgerPort, SubmitHooks, TransactionRequest } from '../ledger/ledger-port';
import { Alliance, expectProblem, expectStatus } from '../scenarios/alliance-bootstrap';

/**
 * Exactly once, when a write fails mid-flight: the gateway records the transaction id before endorsement
 * and the signed transaction before the orderer sees it, and a retry with the same Idempotency-Key settles
 * the outcome from the ledger — replaying what committed, resubmitting the same signed bytes when the
 * outcome is unknown, answering 409 while the ledger cannot say. Each case injects the failure into the
 * gateway's ledger port (devnet over gRPC) and checks the payer was debited exactly once.
 */
describe('exactly once: a retried write never pays twice', () => {
  let alliance: Alliance;
  let ledger: LedgerPort;
  let payee: string;

  beforeAll(async () => {
    alliance = await Alliance.open();
    const local = alliance.target.local;
    if (!local) throw new Error('these tests reach into the gateway: they run on devnet only');
    ledger = local.gateway.ledger;
    payee = await alliance.openAccount('EcommerceMSP:store1', 'payee');
  }, 120_000);
  afterAll(async () => {
    jest.restoreAllMocks();
    await alliance.close();
  });

  const realSubmit = (): LedgerPort['submit'] => {
    const submit = ledger.submit.bind(ledger);
    return (request: TransactionRequest, hooks?: SubmitHooks) => submit(request, hooks);
  };

  /** The next submit goes wrong as `fail` says; later ones are real. */
  const failNextSubmit = (fail: (submit: LedgerPort['submit']) => LedgerPort['submit']): void => {
    jest.spyOn(ledger, 'submit').mockImplementationOnce(fail(realSubmit()));
  };

  const pay = (from: string, key: string, amount = '10') =>
    alliance
      .as('EcommerceMSP:buyer1')
      .post('/transfers', { fromAccountId: from, toAccountId: payee, currency: alliance.currency, amount })
      .set('idempotency-key', key);

  const payer = (label: string): Promise<string> => alliance.openAccount('EcommerceMSP:buyer1', label, '1000');
  const available = async (account: string): Promise<string> =>
    (await alliance.balance('EcommerceMSP:buyer1', account)).available;

  it('signed but never sent (the orderer unreachable): the retry submits the same transaction, once', async () => {
    const from = await payer('never-sent');
    failNextSubmit(
      (submit) => (request, hooks) =>
        submit(request, {
          ...hooks,
          onSigned: async (transactionId, signed, result) => {
            await hooks?.onSigned?.(transactionId, signed, result);
            throw new LedgerUnavailable('the orderer did not answer', transactionId);
          },
        }),
    );
    const key = alliance.uniqueId('never-sent');
    const first = await pay(from, key);
    expect(first.status).toBe(503);
    const lost = (first.body as { transactionId: string }).transactionId;
    expect(lost).toMatch(/^[0-9a-f]{64}$/);
    expect(await available(from)).toBe('1000');

    const retried = await expectStatus(pay(from, key), 201);
    expect(retried.headers['idempotent-replayed']).toBe('true');
    expect(retried.body).toMatchObject({ transactionId: lost, data: { amount: '10' } });
    const again = await expectStatus(pay(from, key), 201);
    expect(again.body).toEqual(retried.body);
    expect(await available(from)).toBe('990');
  });

  it('sent, the answer lost: the retry finds or resubmits the one transaction, once', async () => {
    for (const wait of [true, false]) {
      const from = await payer(`answer-lost-${String(wait)}`);
      failNextSubmit((submit) => async (request, hooks) => {
        const submitted = await submit(request, hooks);
        // Committed already, or still on its way: either way the client hears nothing.
        if (wait) await submitted.status();
        throw new LedgerUnavailable('the commit status was lost', submitted.transactionId);
      });
      const key = alliance.uniqueId('answer-lost');
      const first = await pay(from, key);
      expect(first.status).toBe(503);
      const sent = (first.body as { transactionId: string }).transactionId;
      const retried = await expectStatus(pay(from, key), 201);
      expect(retried.body).toMatchObject({ transactionId: sent });
      expect(await available(from)).toBe('990');
    }
  });

  it('answers 409 IDEMPOTENCY_IN_PROGRESS while the ledger cannot say, and settles once it can', async () => {
    const from = await payer('unknown');
    failNextSubmit(
      (submit) => (request, hooks) =>
        submit(request, {
          ...hooks,
          onSigned: async (transactionId, signed, result) => {
            await hooks?.onSigned?.(transactionId, signed, result);
            throw new LedgerUnavailable('the orderer did not answer', transactionId);
          },
        }),
    );
    const key = alliance.uniqueId('unknown');
    expect((await pay(from, key)).status).toBe(503);
    const status = jest
      .spyOn(ledger, 'transactionStatus')
      .mockRejectedValueOnce(new LedgerUnavailable('the peers are unreachable'));
    const unknown = await expectProblem(pay(from, key), 409, 'IDEMPOTENCY_IN_PROGRESS');
    expect(unknown).toMatchObject({ retryable: true, transactionId: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(status).toHaveBeenCalledTimes(1);
    expect(await available(from)).toBe('1000');
    await expectStatus(pay(from, key), 201);
    expect(await available(from)).toBe('990');
  });

  it('never signed (endorsement unreachable): nothing was sent, so the retry runs as a new transaction', async () => {
    const from = await payer('unsigned');
    failNextSubmit(() => async (_request, hooks) => {
      await hooks?.onPrepared?.('f'.repeat(64));
      throw new LedgerUnavailable('no peer answered the endorsement', 'f'.repeat(64));
    });
    const key = alliance.uniqueId('unsigned');
    expect((await pay(from, key)).status).toBe(503);
    const retried = await expectStatus(pay(from, key), 201);
    expect(retried.headers['idempotent-replayed']).toBe('false');
    expect((retried.body as { transactionId: string }).transactionId).not.toBe('f'.repeat(64));
    expect(await available(from)).toBe('990');
  });

  it('a signed transaction gone stale (its reads changed) is invalidated on resubmission, then run afresh, once', async () => {
    const from = await payer('stale');
    failNextSubmit(
      (submit) => (request, hooks) =>
        submit(request, {
          ...hooks,
          onSigned: async (transactionId, signed, result) => {
            await hooks?.onSigned?.(transactionId, signed, result);
            throw new LedgerUnavailable('the orderer did not answer', transactionId);
          },
        }),
    );
    const key = alliance.uniqueId('stale');
    const first = await pay(from, key, '10');
    expect(first.status).toBe(503);
    // Another payment from the same account commits meanwhile: the stored transaction read an older balance.
    await expectStatus(pay(from, alliance.uniqueId('meanwhile'), '5'), 201);
    const retried = await expectStatus(pay(from, key, '10'), 201);
    expect((retried.body as { transactionId: string }).transactionId).not.toBe(
      (first.body as { transactionId: string }).transactionId,
    );
    expect(await available(from)).toBe('985');
  });
});
