import { WH_PER_CERTIFICATE, WH_PER_KWH } from '@allianceledger/contract';

/**
 * The arithmetic of an energy window, exactly as the settlement does it: integers only, every rounding
 * in the payer's favour. Kept pure so that the property test checks the same functions.
 */

/** What buying `wh` at `pricePerKwh` freezes: ⌈wh × price / 1000⌉, the most it can cost. */
export function frozenFor(wh: bigint, pricePerKwh: bigint): bigint {
  return (wh * pricePerKwh + WH_PER_KWH - 1n) / WH_PER_KWH;
}

/** What `wh` settled at `pricePerKwh` pays: ⌊wh × price / 1000⌋ (never more than {@link frozenFor}). */
export function costOf(wh: bigint, pricePerKwh: bigint): bigint {
  return (wh * pricePerKwh) / WH_PER_KWH;
}

/** Green certificate units `wh` of renewable energy earns: whole MWh; the fraction earns none. */
export function certificateUnits(wh: bigint): bigint {
  return wh / WH_PER_CERTIFICATE;
}

/**
 * Shares of `available` for claims `parts`: each part in full when they fit, otherwise
 * ⌊part × available / Σparts⌋ — never more than the part, and Σ shares ≤ available; what the rounding
 * leaves (less than one Wh per part) is paid to nobody.
 */
export function proRata(parts: readonly bigint[], available: bigint): bigint[] {
  const total = parts.reduce((sum, p) => sum + p, 0n);
  if (total <= available) return [...parts];
  return parts.map((p) => (p * available) / total);
}

/** One purchase as the settlement sees it. */
export interface WindowClaim {
  readonly boughtWh: bigint;
  /** The consumer meter that measures what it received. */
  readonly meterId: string;
}

/** What one purchase is paid for. */
export interface WindowShare {
  /** Its share of what the producer delivered. */
  readonly allocatedWh: bigint;
  /** min(bought, its share of delivered, its share of what its meter received). */
  readonly settledWh: bigint;
}

/**
 * Settles a window: the producer's `deliveredWh` is shared pro rata over the purchases, then each
 * consumer meter's `received` Wh over the purchases it measures. So each purchase pays for
 * min(bought, delivered, received) shares, and no Wh is paid twice.
 */
export function settleShares(
  claims: readonly WindowClaim[],
  deliveredWh: bigint,
  received: ReadonlyMap<string, bigint>,
): WindowShare[] {
  const allocated = proRata(
    claims.map((c) => c.boughtWh),
    deliveredWh,
  );
  const settled = [...allocated];
  for (const [meterId, receivedWh] of received) {
    const mine = claims.flatMap((c, i) => (c.meterId === meterId ? [i] : []));
    const shares = proRata(
      mine.map((i) => allocated[i] ?? 0n),
      receivedWh,
    );
    mine.forEach((i, k) => (settled[i] = shares[k] ?? 0n));
  }
  return claims.map((_, i) => ({ allocatedWh: allocated[i] ?? 0n, settledWh: settled[i] ?? 0n }));
}
