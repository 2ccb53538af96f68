import { createHash } from 'node:crypto';
import type { RightClassRecord } from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { fail } from '../lib/errors';
import { getOptional, scan } from '../lib/ledger';
import { RightKey, UNIT_WINDOW, unitKey, unitWindow, type UnitClaim } from './rights.store';

/**
 * Which unit of a class a purchase mints: the supply rule without a counter.
 *
 * Each unit `1..supply` of a class is one key, `right~unit` + [classId, window, serial], absent while
 * the unit is for sale and written exactly once by the purchase that sells it. A purchase claims a
 * unit by reading its key (absent) and writing it. Fabric validates a read of an absent key like any
 * other: if a concurrent transaction committed that key first, this one is invalidated
 * (MVCC_READ_CONFLICT) and writes nothing. So no unit is sold twice and there are never more tokens
 * than `supply` — no serial above it exists — without a counter that every buyer would read and write.
 *
 * Which unit to try comes from the transaction id (random, and the same on every endorsing peer):
 * - up to {@link PROBES} units at positions SHA-256(txId ‖ i) mod supply, read one key at a time. Claimed
 *   units never change, so reading one conflicts with nothing; two purchases conflict only if they pick
 *   the same free unit;
 * - when all of them are sold (the class is mostly sold out), the unit windows are scanned in order from
 *   the first probe's window (each window, {@link UNIT_WINDOW} units, is one partial-key range) and the
 *   first free unit is taken. A scanned window is in the read set as a range: a concurrent sale of any
 *   unit of that window invalidates the purchase (PHANTOM_READ_CONFLICT), which near sell-out is a sale
 *   of one of the few units left, which this purchase might have picked as well;
 * - when no unit is free the class is sold out: ILLEGAL_STATE, nothing written.
 *
 * An invalidated purchase changed nothing and is retried as a new transaction (the REST gateway does so
 * by itself), with a new transaction id and so other units to try.
 */
export const PROBES = 8;

/** The serial (1..supply) of a free unit of `cls` this transaction may claim; ILLEGAL_STATE when sold out. */
export async function claimUnit(ctx: Context, cls: RightClassRecord): Promise<number> {
  const txId = ctx.stub.getTxID();
  let first = 0;
  for (let i = 0; i < PROBES; i++) {
    const serial = probe(txId, i, cls.supply);
    if (i === 0) first = serial;
    if ((await getOptional<UnitClaim>(ctx, unitKey(ctx, cls.classId, serial))) === undefined) return serial;
  }
  const windows = Math.ceil(cls.supply / UNIT_WINDOW);
  const start = Math.floor((first - 1) / UNIT_WINDOW);
  for (let w = 0; w < windows; w++) {
    const lowest = ((start + w) % windows) * UNIT_WINDOW + 1;
    const sold = await scan<UnitClaim>(ctx, RightKey.unit, [cls.classId, unitWindow(lowest)]);
    const taken = new Set(sold.map((row) => Number(row.attributes[2])));
    const highest = Math.min(lowest + UNIT_WINDOW - 1, cls.supply);
    for (let serial = lowest; serial <= highest; serial++) if (!taken.has(serial)) return serial;
  }
  throw fail.illegalState('the class is sold out', { entity: 'right class', classId: cls.classId, supply: cls.supply });
}

/** The `i`-th unit a transaction tries: 1 + SHA-256(txId ‖ i) mod supply (48 bits are plenty for 10,000). */
function probe(txId: string, i: number, supply: number): number {
  const digest = createHash('sha256')
    .update(`${txId}:${String(i)}`, 'utf8')
    .digest();
  return 1 + (digest.readUIntBE(0, 6) % supply);
}
