import type { Context } from 'fabric-contract-api';
import { compositeKey, getOrThrow } from '../lib/ledger';
import type { PartyId } from '../lib/party';

/** Key type of currency definitions: `wallet~currency` + [code]. Written once, read by every credit. */
export const CURRENCY_KEY = 'wallet~currency';

/**
 * Key type of supply counters: `wallet~supply` + [code]. Kept apart from the definition so that issuing
 * (which updates the counter) never conflicts with credits (which only read the definition).
 */
export const SUPPLY_KEY = 'wallet~supply';

/** A currency registered by consortium decision. */
export interface CurrencyRecord {
  readonly code: string;
  readonly name: string;
  readonly decimals: number;
  /** The only party that may issue it and execute its redemptions. */
  readonly issuer: PartyId;
  readonly proposalId: string;
  readonly registeredAt: string;
}

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

/** A registered currency's supply counter. */
export function getSupply(ctx: Context, code: string): Promise<SupplyRecord> {
  return getOrThrow<SupplyRecord>(ctx, supplyKey(ctx, code), 'currency', code);
}
