import { addSeconds, isoToMs, type TxTime } from '../lib/time';

/**
 * The settlement time-limit rule: if the buyer neither confirms nor disputes within the limit after
 * shipment, anyone may release the full amount to the store (SettleExpired). The deadline is fixed
 * when the store ships: `shippedAt + timeLimitSeconds`, both from transaction timestamps. A dispute
 * stops the clock: a disputed settlement can only be arbitrated. The bounds (`TIME_LIMIT`) are the
 * contract's.
 */
export { TIME_LIMIT } from '@allianceledger/contract';

/** The release deadline of an order shipped at `shippedAt`. */
export function releaseDeadline(shippedAt: string, timeLimitSeconds: number): string {
  return addSeconds(shippedAt, timeLimitSeconds);
}

/** Whether the transaction's timestamp has reached the deadline. */
export function deadlineReached(deadline: string, now: TxTime): boolean {
  return now.ms >= isoToMs(deadline);
}
