import { setTimeout as sleep } from 'node:timers/promises';
import { Alliance, expectStatus } from '../scenarios/alliance-bootstrap';
import { daemonPid, networkSh, raftLeader } from './fabric-env';

interface LoadReport {
  readonly payments: number;
  readonly committedAfter: (at: number) => number;
  readonly firstAttemptFailures: Record<string, number>;
  readonly retries: number;
}

/**
 * Payments to one store through the REST gateway, one worker per payer account, for `seconds`. Each
 * payment has its own Idempotency-Key; a failed attempt (503 while a node is down, 409 lost race) is
 * retried with the same key until it has an outcome, so every payment ends committed exactly once.
 */
async function paymentLoad(
  alliance: Alliance,
  payers: readonly string[],
  to: string,
  seconds: number,
): Promise<LoadReport> {
  const buyer = alliance.as('EcommerceMSP:buyer1');
  const committedAt: number[] = [];
  const failures: Record<string, number> = {};
  let retries = 0;
  const until = Date.now() + seconds * 1000;
  let n = 0;
  await Promise.all(
    payers.map(async (from) => {
      while (Date.now() < until) {
        const key = `${alliance.uniqueId('pay')}-${n++}`;
        for (let attempt = 0; ; attempt++) {
          const res = await buyer
            .post('/transfers', { fromAccountId: from, toAccountId: to, currency: alliance.currency, amount: '1' })
            .set('idempotency-key', key)
            .timeout(90_000)
            .catch((err: unknown) => ({ status: 0, body: { code: String(err) } }));
          if (res.status === 201) {
            committedAt.push(Date.now());
            break;
          }
          const kind = `${res.status} ${(res.body as { code?: string }).code ?? ''}`.trim();
          if (attempt === 0) failures[kind] = (failures[kind] ?? 0) + 1;
          if (attempt >= 30) throw new Error(`payment ${key} has no outcome after 30 attempts: ${kind}`);
          retries++;
          await sleep(1000);
        }
      }
    }),
  );
  return {
    payments: committedAt.length,
    committedAfter: (at) => committedAt.filter((t) => t > at).length,
    firstAttemptFailures: failures,
    retries,
  };
}

describe('Fabric: faults under a load of payments', () => {
  let alliance: Alliance;
  let payers: string[];
  let payer: string;
  let payee: string;
  let paid = 0;

  beforeAll(async () => {
    alliance = await Alliance.open();
    // One payer account per worker: a debit reads its account, so one payer would serialise the load.
    payers = [];
    for (let i = 0; i < 8; i++)
      payers.push(await alliance.openAccount('EcommerceMSP:buyer1', `fault-payer${i}`, '10000000'));
    payer = payers[0]!;
    payee = await alliance.openAccount('EcommerceMSP:store1', 'fault-payee');
  }, 300_000);
  afterAll(async () => {
    await networkSh(['up']); // restart anything a test left stopped
    await alliance.close();
  }, 120_000);

  const expectExactBalance = async (): Promise<void> => {
    const balance = await alliance.balance('EcommerceMSP:store1', payee);
    expect(BigInt(balance.available) + BigInt(balance.frozen)).toBe(BigInt(paid));
  };

  it('keeps committing after the Raft leader is killed, once a new leader is elected', async () => {
    const leader = await raftLeader();
    const load = paymentLoad(alliance, payers, payee, 25);
    await sleep(5000);
    process.kill(await daemonPid(leader), 'SIGKILL');
    const killedAt = Date.now();
    const report = await load;
    paid += report.payments;
    console.log(
      `Raft leader ${leader} killed: ${report.payments} payments committed, ${report.committedAfter(killedAt)} after the kill; ` +
        `first-attempt failures ${JSON.stringify(report.firstAttemptFailures)}, retries ${report.retries}; new leader ${await raftLeader()}`,
    );
    expect(report.committedAfter(killedAt + 3000)).toBeGreaterThan(0);
    expect(await raftLeader()).not.toBe(leader);
    await expectExactBalance();
    await networkSh(['up']);
  }, 300_000);

  it('serves reads from another peer and still reaches MAJORITY while one org’s peer is down', async () => {
    process.kill(await daemonPid('peer0.energy'), 'SIGKILL');
    const downAt = Date.now();
    // An EnergyMSP identity's reads fail over to another org's peer.
    await expectStatus(alliance.as('EnergyMSP:producer1').get('/me'), 200);
    const report = await paymentLoad(alliance, payers, payee, 10);
    paid += report.payments;
    console.log(
      `peer0.energy down: ${report.payments} payments committed (MAJORITY from the other two orgs); ` +
        `first-attempt failures ${JSON.stringify(report.firstAttemptFailures)}, retries ${report.retries}`,
    );
    expect(report.committedAfter(downAt)).toBeGreaterThan(0);
    await expectExactBalance();
    await networkSh(['up']);
  }, 300_000);

  it('pays once when the orderers freeze after endorsement: the same-key retry settles the one transaction', async () => {
    const key = alliance.uniqueId('frozen-pay');
    const body = { fromAccountId: payer, toAccountId: payee, currency: alliance.currency, amount: '3' };
    const buyer = alliance.as('EcommerceMSP:buyer1');
    const orderers = ['orderer1', 'orderer2', 'orderer3'];
    const pids = await Promise.all(orderers.map((o) => daemonPid(o)));
    for (const pid of pids) process.kill(pid, 'SIGSTOP');
    const frozenAt = Date.now();
    let first;
    let whileFrozen;
    try {
      // Endorsement needs only the peers; the submit to the frozen orderers times out.
      first = await buyer.post('/transfers', body).set('idempotency-key', key).timeout(90_000);
      // The retry resubmits the same signed transaction, which cannot be ordered either: outcome unknown.
      whileFrozen = await buyer.post('/transfers', body).set('idempotency-key', key).timeout(90_000);
    } finally {
      for (const pid of pids) process.kill(pid, 'SIGCONT');
    }
    const resumedAt = Date.now();
    expect(first.status).toBe(503);
    expect(first.body).toMatchObject({
      code: 'LEDGER_UNAVAILABLE',
      transactionId: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(whileFrozen.status).toBe(409);
    expect(whileFrozen.body).toMatchObject({ code: 'IDEMPOTENCY_IN_PROGRESS', retryable: true });
    let retried = await buyer.post('/transfers', body).set('idempotency-key', key).timeout(90_000);
    let attempts = 1;
    for (; retried.status !== 201 && attempts < 30; attempts++) {
      await sleep(1000);
      retried = await buyer.post('/transfers', body).set('idempotency-key', key).timeout(90_000);
    }
    expect(retried.status).toBe(201);
    // The one transaction the first request signed: never a second one.
    expect(retried.body).toMatchObject({ transactionId: (first.body as { transactionId: string }).transactionId });
    paid += 3;
    console.log(
      `orderers frozen ${((resumedAt - frozenAt) / 1000).toFixed(1)} s: first answer ${first.status} ` +
        `${String((first.body as { code?: string }).code)}, retry while frozen ${whileFrozen.status} ` +
        `${String((whileFrozen.body as { code?: string }).code)}, after resuming ${retried.status} in ${attempts} attempt(s), ` +
        `replayed ${String(retried.headers['idempotent-replayed'])}; the payer was debited once`,
    );
    await expectExactBalance();
  }, 300_000);

  it('settles a payment whose gateway was killed between submit and commit: nothing lost, nothing paid twice', async () => {
    const key = alliance.uniqueId('crash-pay');
    const body = { fromAccountId: payer, toAccountId: payee, currency: alliance.currency, amount: '7' };
    const first = alliance
      .as('EcommerceMSP:buyer1')
      .post('/transfers', body)
      .set('idempotency-key', key)
      .timeout(30_000)
      .catch(() => undefined);
    // Endorsement takes tens of milliseconds, the commit waits for the block (up to 250 ms).
    await sleep(120);
    process.kill(await daemonPid('gateway'), 'SIGKILL');
    const lost = await first;
    await networkSh(['gateway', 'start']);
    let retried = await alliance.as('EcommerceMSP:buyer1').post('/transfers', body).set('idempotency-key', key);
    for (let i = 0; retried.status === 409 && i < 30; i++) {
      await sleep(1000); // the transaction may still be reaching the ledger
      retried = await alliance.as('EcommerceMSP:buyer1').post('/transfers', body).set('idempotency-key', key);
    }
    expect(retried.status).toBe(201);
    paid += 7;
    console.log(
      `gateway killed mid-request (first answer: ${lost ? lost.status : 'none'}); retry: ${retried.status}, ` +
        `replayed ${String(retried.headers['idempotent-replayed'])}, transaction ${(retried.body as { transactionId: string }).transactionId}`,
    );
    const again = await alliance.as('EcommerceMSP:buyer1').post('/transfers', body).set('idempotency-key', key);
    expect(again.status).toBe(201);
    expect(again.body).toEqual(retried.body);
    await expectExactBalance();
  }, 180_000);
});
