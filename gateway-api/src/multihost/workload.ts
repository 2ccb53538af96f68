import { setTimeout as sleep } from 'node:timers/promises';
import type { Test } from 'supertest';
import type { Alliance, Identity } from '../scenarios/alliance-bootstrap';
import { classify, type History, type OperationResult } from './history';

/** Where a worker sends its operations and records them. */
export interface WorkerContext {
  readonly alliance: Alliance;
  readonly history: History;
  readonly worker: string;
  /** The org whose gateway the worker's identity uses. */
  readonly gateway: string;
}

const ATTEMPT_TIMEOUT_MS = 20_000;
const RETRY_PAUSE_MS = 500;
/**
 * How long after the load stops an operation under way keeps retrying for its outcome: a client does not
 * walk away from a payment it sent, so only an operation still without outcome after this is indeterminate.
 * (A transaction lost with a Raft leader is known lost only at the gateway's commit timeout, 60 s.)
 */
const SETTLE_MS = 90_000;

/**
 * Sends one operation with its Idempotency-Key until it has an outcome (acknowledged or refused), or
 * `giveUpAt` passes (it is then indeterminate, for the final reconciliation to settle with the same key).
 * Every attempt goes into the history. Answers the last body when acknowledged.
 */
export async function operate(
  ctx: WorkerContext,
  op: string,
  key: string,
  send: () => Test,
  giveUpAt: number,
): Promise<{ state: OperationResult['state']; body: unknown }> {
  for (let attempt = 0; ; attempt++) {
    const startedAt = Date.now();
    const res = await send()
      .set('idempotency-key', key)
      .timeout(ATTEMPT_TIMEOUT_MS)
      .then(
        (r) => ({ status: r.status, body: r.body as unknown }),
        (err: unknown): { status: number; body: unknown } => ({
          status: 0,
          body: { code: (err as { code?: string }).code ?? String(err) },
        }),
      );
    const outcome = classify(res.status, res.body);
    const body = (res.body ?? {}) as { code?: unknown; transactionId?: unknown };
    ctx.history.record({
      worker: ctx.worker,
      gateway: ctx.gateway,
      op,
      key,
      attempt,
      startedAt,
      endedAt: Date.now(),
      status: res.status,
      ...(typeof body.code === 'string' ? { code: body.code } : {}),
      ...(typeof body.transactionId === 'string' ? { transactionId: body.transactionId } : {}),
      outcome,
    });
    if (outcome !== 'retry') return { state: outcome, body: res.body };
    if (Date.now() >= giveUpAt) return { state: 'indeterminate', body: res.body };
    await sleep(RETRY_PAUSE_MS);
  }
}

/** A stream of one-unit transfers from one account to another until `stopAt`. */
export async function transferWorker(
  ctx: WorkerContext,
  as: Identity,
  from: string,
  to: string,
  stopAt: () => number,
): Promise<void> {
  const client = ctx.alliance.as(as);
  while (Date.now() < stopAt()) {
    const key = ctx.alliance.uniqueId(`${ctx.worker}-transfer`);
    await operate(
      ctx,
      'transfer',
      key,
      () =>
        client.post('/transfers', {
          fromAccountId: from,
          toAccountId: to,
          currency: ctx.alliance.currency,
          amount: '1',
        }),
      stopAt() + SETTLE_MS,
    );
  }
}

/** A purchase the purchase worker made: what the ledger must show for it at the end. */
export interface PurchaseRecord {
  readonly storeOrderNo: string;
  readonly amount: bigint;
  settlementNo?: string;
  confirmed: boolean;
}

/**
 * Payments and confirmations: the buyer pays a new store order into escrow, the store acknowledges and
 * ships, the buyer confirms and the store is paid. Each step is its own operation with its own key.
 */
export async function purchaseWorker(
  ctx: WorkerContext,
  buyer: Identity,
  store: Identity,
  buyerAccount: string,
  storeAccount: string,
  stopAt: () => number,
  purchases: PurchaseRecord[],
): Promise<void> {
  const a = ctx.alliance;
  let n = 0;
  while (Date.now() < stopAt()) {
    n += 1;
    const storeOrderNo = `${storeAccount}-o${n}`;
    const record: PurchaseRecord = { storeOrderNo, amount: 10n, confirmed: false };
    purchases.push(record);
    const paid = await operate(
      ctx,
      'payment',
      a.uniqueId(`${ctx.worker}-pay`),
      () =>
        a.as(buyer).post('/settlements', {
          storeOrderNo,
          buyerAccountId: buyerAccount,
          storeAccountId: storeAccount,
          currency: a.currency,
          amount: record.amount.toString(),
          order: a.snapshot(storeOrderNo, record.amount.toString()),
        }),
      stopAt() + SETTLE_MS,
    );
    if (paid.state !== 'acknowledged') continue;
    const data = (paid.body as { data: { settlement: { settlementNo: string }; order: { storeHandle: string } } }).data;
    record.settlementNo = data.settlement.settlementNo;
    const order = `/stores/${encodeURIComponent(data.order.storeHandle)}/orders/${encodeURIComponent(storeOrderNo)}`;
    const steps: [string, () => Test][] = [
      ['acknowledgement', () => a.as(store).post(`${order}/payment-acknowledgement`)],
      ['shipment', () => a.as(store).post(`${order}/shipment`, { carrier: 'SF', trackingNo: storeOrderNo })],
      [
        'confirmation',
        () =>
          a.as(buyer).post(`/settlements/${record.settlementNo ?? ''}/confirmation`, {
            amountToPay: record.amount.toString(),
          }),
      ],
    ];
    for (const [op, send] of steps) {
      // A step that ends without an outcome leaves the purchase where it is (funds stay in escrow).
      const step = await operate(ctx, op, a.uniqueId(`${ctx.worker}-${op}`), send, stopAt() + SETTLE_MS);
      if (step.state !== 'acknowledged') break;
      if (op === 'confirmation') record.confirmed = true;
    }
  }
}
