import { fail } from './errors';

/**
 * Money: integer minor units (cents, fen), `bigint` in code, canonical decimal strings in state and on
 * the wire. Never a JS number, never floating point.
 */

/** Digits of the largest accepted amount. */
export const MAX_AMOUNT_DIGITS = 30;

/** The largest amount any input may carry, and the cap on a currency's total issued supply: 10^30 − 1. */
export const MAX_AMOUNT = 10n ** BigInt(MAX_AMOUNT_DIGITS) - 1n;

/** The only accepted spelling of an amount: a canonical non-negative decimal integer. */
export const AMOUNT_PATTERN = /^(0|[1-9][0-9]*)$/;

/**
 * Parses an amount field. Refuses, with INVALID_ARGUMENT, anything that is not a string in canonical
 * decimal form (`""`, `" 1"`, `"1e3"`, `"0x10"`, `"-1"`, `"1.5"`, `"01"`, numbers of any size) and
 * anything above {@link MAX_AMOUNT}.
 */
export function parseAmount(value: unknown, field: string): bigint {
  if (typeof value !== 'string') {
    throw fail.invalid(`${field} must be a decimal string of minor units`, { field, type: typeOf(value) });
  }
  if (value.length > MAX_AMOUNT_DIGITS || !AMOUNT_PATTERN.test(value)) {
    throw fail.invalid(`${field} must match ${AMOUNT_PATTERN.source} and be at most ${MAX_AMOUNT}`, {
      field,
      value: value.slice(0, MAX_AMOUNT_DIGITS + 2),
    });
  }
  return BigInt(value);
}

/** As {@link parseAmount}, and refuses zero. */
export function parsePositiveAmount(value: unknown, field: string): bigint {
  const amount = parseAmount(value, field);
  if (amount === 0n) throw fail.invalid(`${field} must be greater than zero`, { field });
  return amount;
}

/** The canonical decimal string of an amount. */
export function formatAmount(amount: bigint): string {
  if (amount < 0n) throw new RangeError(`negative amount ${amount}`);
  return amount.toString(10);
}

/** Reads an amount this chaincode stored (trusted, canonical). */
export function storedAmount(value: string): bigint {
  return BigInt(value);
}

function typeOf(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}
