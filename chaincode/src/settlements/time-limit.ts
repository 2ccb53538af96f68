import { addSeconds, isoToMs, type TxTime } from '../lib/time';

/**
 * The settlement time-limit rule: if the buyer neither confirms nor disputes within the limit after
 * shipment, anyone may release the full amount to the store (SettleExpired). The deadline is fixed
 * when the store ships: `shippedAt + timeLimitSeconds`, both from transaction timestamps. A dispute
 * stops the clock: a disputed settlement can only be arbitrated.
 */
export const TIME_LIMIT = {
  /** Auto-release 10 days after shipment unless the request says otherwise. */
  DEFAULT_SECONDS: 10 * 24 * 60 * 60,
  /**
   * A request may shorten the limit to one minute at least (flash sales, digital goods, and the
   * real-network test suite, which has to watch a limit expire)…
   */
  MIN_SECONDS: 60,
  /** …or lengthen it to 90 days at most. */
  MAX_SECONDS: 90 * 24 * 60 * 60,
} as const;

/** The release deadline of an order shipped at `shippedAt`. */
export function releaseDeadline(shippedAt: string, timeLimitSeconds: number): string {
  return addSeconds(shippedAt, timeLimitSeconds);
}

/** Whether the transaction's timestamp has reached the deadline. */
export function deadlineReached(deadline: string, now: TxTime): boolean {
  return now.ms >= isoToMs(deadline);
}
