import { BASIS_POINTS } from '@allianceledger/contract';

/**
 * The store's royalty on a resale: ⌊price × royaltyBps / 10,000⌋, in integer minor units (bigint), so
 * it rounds down — a fraction of a minor unit stays with the seller — and the seller's proceeds are the
 * rest, price − royalty: the two always add up to the price exactly.
 *
 * @example
 * ```ts
 * resaleShares(999n, 250); // { royalty: 24n, proceeds: 975n } (2.5 % of 9.99 is 0.24975)
 * ```
 */
export function resaleShares(price: bigint, royaltyBps: number): { royalty: bigint; proceeds: bigint } {
  if (!Number.isSafeInteger(royaltyBps) || royaltyBps < 0 || royaltyBps > BASIS_POINTS) {
    throw new RangeError(`royaltyBps must be an integer from 0 to ${String(BASIS_POINTS)}`);
  }
  const royalty = (price * BigInt(royaltyBps)) / BigInt(BASIS_POINTS);
  return { royalty, proceeds: price - royalty };
}
