import { RATE_PATTERN } from '@allianceledger/contract';

/**
 * Receivable financing (DOMAIN.md §6): the bank pays the holder
 *
 *     discounted = ⌊ face × (1 − rate × days / 365) ⌋
 *
 * computed exactly in integers. The annual rate is a decimal string with at most 8 decimals, read as
 * the fraction n / d (d = 10^decimals), so
 *
 *     discounted = ⌊ face × (365·d − n·days) / (365·d) ⌋
 *
 * with bigint arithmetic: no rounding happens before the one final floor (in the bank's favour by
 * less than one minor unit). `days` counts whole days from the financing transaction's time to the
 * due time, a started day counting as a full one: ⌈(dueAt − txTime) / 86 400 s⌉.
 */

/** An annual rate as an exact fraction. */
export interface Rate {
  readonly numerator: bigint;
  readonly denominator: bigint;
}

/** The rate's spelling (the contract's `AnnualRate`): 0 to 1 with at most 8 decimals. */
export { RATE_PATTERN };

const DAY_MS = 86_400_000;

/** Parses an annual rate string (see {@link RATE_PATTERN}) into an exact fraction. */
export function parseRate(value: string): Rate {
  const [whole = '0', fraction = ''] = value.split('.');
  const denominator = 10n ** BigInt(fraction.length);
  return { numerator: BigInt(whole) * denominator + BigInt(fraction === '' ? '0' : fraction), denominator };
}

/** Whole days from `nowMs` to `dueMs`, a started day counting as a full one; 0 when not before. */
export function discountDays(nowMs: number, dueMs: number): number {
  return dueMs <= nowMs ? 0 : Math.ceil((dueMs - nowMs) / DAY_MS);
}

/** ⌊face × (1 − rate × days / 365)⌋, exactly; 0 when the discount consumes the whole face amount. */
export function discountedAmount(face: bigint, rate: Rate, days: number): bigint {
  const year = 365n * rate.denominator;
  const kept = year - rate.numerator * BigInt(days);
  return kept <= 0n ? 0n : (face * kept) / year;
}
