import type { CurrencyRecord } from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import type { AllianceContext } from '../lib/context';
import { compositeKey, getOrThrow, put, remove, scan } from '../lib/ledger';

/** Key type of currency definitions: `wallet~currency` + [code]. Written once, read by every credit. */
export const CURRENCY_KEY = 'wallet~currency';

/**
 * Key type of supply counters: `wallet~supply` + [code]. Kept apart from the definition so that supply
 * changes never conflict with credits (which only read the definition).
 */
export const SUPPLY_KEY = 'wallet~supply';

/**
 * Key type of supply change rows: `wallet~supplydelta` + [code, txId, seq]. An issuance writes one
 * without reading any other, as a hot-account credit does, so any number of concurrent issuances by
 * one issuer commit together; the supply is the counter plus its rows, and executing a redemption
 * (an issuer's rarer act) folds them into the counter.
 */
export const SUPPLY_DELTA_KEY = 'wallet~supplydelta';

export type { CurrencyRecord };

/** Total issued and redeemed of a currency, in minor units. */
export interface SupplyRecord {
  readonly currency: string;
  readonly issued: string;
  readonly redeemed: string;
}

/** Key of a currency definition. */
export function currencyKey(ctx: Context, code: string): string {
  return compositeKey(ctx, CURRENCY_KEY, [code]);
}

/** Key of a currency's supply counter. */
export function supplyKey(ctx: Context, code: string): string {
  return compositeKey(ctx, SUPPLY_KEY, [code]);
}

/** A registered currency; NOT_FOUND otherwise. */
export function getCurrency(ctx: Context, code: string): Promise<CurrencyRecord> {
  return getOrThrow<CurrencyRecord>(ctx, currencyKey(ctx, code), 'currency', code);
}

/** A supply change not yet folded into the counter. */
interface SupplyDelta {
  readonly issued: string;
  readonly redeemed: string;
}

/** A currency's supply: the counter plus every pending change row, with the rows' keys. */
async function readSupply(ctx: Context, code: string): Promise<{ supply: SupplyRecord; rows: string[] }> {
  const base = await getOrThrow<SupplyRecord>(ctx, supplyKey(ctx, code), 'currency', code);
  const deltas = await scan<SupplyDelta>(ctx, SUPPLY_DELTA_KEY, [code]);
  let issued = BigInt(base.issued);
  let redeemed = BigInt(base.redeemed);
  for (const { value } of deltas) {
    issued += BigInt(value.issued);
    redeemed += BigInt(value.redeemed);
  }
  return {
    supply: { currency: code, issued: issued.toString(), redeemed: redeemed.toString() },
    rows: deltas.map((d) => d.key),
  };
}

/** A currency's total issued and redeemed. */
export async function getSupply(ctx: Context, code: string): Promise<SupplyRecord> {
  return (await readSupply(ctx, code)).supply;
}

/** Records an issuance or a redemption as a change row, reading nothing. */
export async function addSupplyChange(
  ctx: AllianceContext,
  code: string,
  change: { readonly issued?: bigint; readonly redeemed?: bigint },
): Promise<void> {
  const key = compositeKey(ctx, SUPPLY_DELTA_KEY, [code, ctx.stub.getTxID(), String(ctx.nextDeltaSeq())]);
  const delta: SupplyDelta = {
    issued: (change.issued ?? 0n).toString(),
    redeemed: (change.redeemed ?? 0n).toString(),
  };
  await put(ctx, key, delta);
}

/**
 * Folds the pending change rows into the counter and applies `change`: a full read of the rows, so a
 * concurrent issuance invalidates it (phantom read) and the gateway runs it again.
 */
export async function foldSupply(
  ctx: Context,
  code: string,
  change: { readonly redeemed: bigint },
): Promise<SupplyRecord> {
  const { supply, rows } = await readSupply(ctx, code);
  const next: SupplyRecord = { ...supply, redeemed: (BigInt(supply.redeemed) + change.redeemed).toString() };
  await put(ctx, supplyKey(ctx, code), next);
  for (const key of rows) await remove(ctx, key);
  return next;
}
