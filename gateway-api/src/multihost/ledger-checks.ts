import { setTimeout as sleep } from 'node:timers/promises';
import type { Alliance, Identity } from '../scenarios/alliance-bootstrap';
import type { OperationResult } from './history';
import { peerHeights } from './multihost-env';

/**
 * Acknowledged operations the ledger does not hold as one valid transaction: `lost` when a transaction an
 * acknowledgement named is not committed valid, `duplicated` when one key was acknowledged with two.
 */
export async function checkAcknowledged(
  alliance: Alliance,
  acknowledged: readonly OperationResult[],
): Promise<{ lost: string[]; duplicated: string[] }> {
  const reader = alliance.as('FinanceMSP:auditor1');
  const lost: string[] = [];
  const duplicated: string[] = [];
  for (let i = 0; i < acknowledged.length; i += 8) {
    await Promise.all(
      acknowledged.slice(i, i + 8).map(async (o) => {
        if (o.transactionIds.length !== 1) duplicated.push(`${o.key}: ${o.transactionIds.length} transactions`);
        for (const id of o.transactionIds) {
          const res = await reader.get(`/transactions/${id}`);
          if (res.status !== 200 || (res.body as { status?: string }).status !== 'COMMITTED') {
            lost.push(`${o.key}: ${id} ${res.status} ${JSON.stringify(res.body)}`);
          }
        }
      }),
    );
  }
  return { lost, duplicated };
}

/** A stream of one-unit transfers between two accounts of its own. */
export interface TransferStream {
  readonly worker: string;
  readonly gateway: string;
  readonly payer: Identity;
  readonly payee: Identity;
  from: string;
  to: string;
}

/**
 * Exactly once in effect: a stream's payee holds one unit per acknowledged transfer — more is a
 * duplicate, fewer a loss — and its payer paid exactly what the payee holds.
 */
export async function checkTransferStream(
  alliance: Alliance,
  stream: TransferStream,
  acknowledged: number,
  funds: bigint,
): Promise<{ lost: string[]; duplicated: string[]; paid: bigint; received: bigint }> {
  const received = BigInt((await alliance.balance(stream.payee, stream.to)).available);
  const paid = funds - BigInt((await alliance.balance(stream.payer, stream.from)).available);
  const acked = BigInt(acknowledged);
  return {
    lost: received < acked ? [`${stream.worker}: ${acked - received} acknowledged unit(s) missing`] : [],
    duplicated: received > acked ? [`${stream.worker}: ${received - acked} unit(s) beyond the acknowledged`] : [],
    paid,
    received,
  };
}

/** Σ (available + frozen) of the scenario currency over the given accounts, each read by its owner. */
export async function heldIn(alliance: Alliance, owners: ReadonlyMap<string, Identity>): Promise<bigint> {
  let held = 0n;
  for (const [account, owner] of owners) {
    const b = await alliance.balance(owner, account);
    if (BigInt(b.available) < 0n || BigInt(b.frozen) < 0n) throw new Error(`negative balance in ${account}`);
    held += BigInt(b.available) + BigInt(b.frozen);
  }
  return held;
}

/** Polls every peer's height and block hash until they agree (at most `seconds`); answers the last reading. */
export async function convergedHeights(seconds = 60): Promise<Awaited<ReturnType<typeof peerHeights>>> {
  let heights = await peerHeights();
  for (let i = 0; i < seconds && new Set(heights.map((h) => `${h.height} ${h.hash}`)).size !== 1; i++) {
    await sleep(1000);
    heights = await peerHeights();
  }
  return heights;
}
