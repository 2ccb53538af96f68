import { BASIS_POINTS } from '@allianceledger/contract';

/**
 * The conversion of a cross-currency payment, exactly as the chaincode computes it (BigInt, no float).
 * An FX feed's value `v` at scale `s` says one major unit of `base` is worth `v / 10^s` major units of
 * `quote`. For `receive` minor units of B, the payer pays in A:
 *
 * - A = base, B = quote: `receive × 10^dA × 10^s / (10^dB × v)`
 * - A = quote, B = base: `receive × v × 10^dA / (10^s × 10^dB)`
 *
 * times `(10000 + spreadBps) / 10000`, the provider's spread, and **rounded up** to a whole minor unit of
 * A: the provider never pays out more than it was paid for at the feed's rate plus its spread; the payer
 * sees the exact amount in the quote before paying, and at most one minor unit of it is rounding.
 */
export interface ConversionInput {
  /** Minor units of B the payee receives. */
  readonly receive: bigint;
  /** The feed value and scale. */
  readonly value: bigint;
  readonly scale: number;
  /** Whether the payer pays in the feed's base currency (else in its quote currency). */
  readonly payInBase: boolean;
  /** Decimals of A and of B. */
  readonly payDecimals: number;
  readonly receiveDecimals: number;
  readonly spreadBps: number;
}

/** What the payer pays in minor units of A, rounded up. */
export function payAmountOf(c: ConversionInput): bigint {
  if (c.value <= 0n) throw new Error('an FX rate of zero converts nothing');
  const ten = (n: number): bigint => 10n ** BigInt(n);
  let numerator: bigint;
  let denominator: bigint;
  if (c.payInBase) {
    numerator = c.receive * ten(c.payDecimals) * ten(c.scale);
    denominator = ten(c.receiveDecimals) * c.value;
  } else {
    numerator = c.receive * c.value * ten(c.payDecimals);
    denominator = ten(c.scale) * ten(c.receiveDecimals);
  }
  numerator *= BigInt(BASIS_POINTS + c.spreadBps);
  denominator *= BigInt(BASIS_POINTS);
  return (numerator + denominator - 1n) / denominator;
}

/** Whether `current` is within `maxSlippageBps` above `quoted` (a lower amount always is). */
export function withinSlippage(quoted: bigint, current: bigint, maxSlippageBps: number): boolean {
  return current * BigInt(BASIS_POINTS) <= quoted * BigInt(BASIS_POINTS + maxSlippageBps);
}
