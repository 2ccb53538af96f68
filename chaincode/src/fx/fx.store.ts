import type { ProviderRecord, QuoteRecord } from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { compositeKey, getOptional, getOrThrow, put } from '../lib/ledger';

/** Key type of liquidity providers: `fx~provider` + [providerId]. */
export const PROVIDER_KEY = 'fx~provider';
/** Key type of quotes: `fx~quote` + [quoteId]. */
export const QUOTE_KEY = 'fx~quote';

export type { ProviderRecord, QuoteRecord };

/** A provider, or undefined. */
export function findProvider(ctx: Context, providerId: string): Promise<ProviderRecord | undefined> {
  return getOptional<ProviderRecord>(ctx, compositeKey(ctx, PROVIDER_KEY, [providerId]));
}

/** A provider; NOT_FOUND otherwise. */
export function loadProvider(ctx: Context, providerId: string): Promise<ProviderRecord> {
  return getOrThrow<ProviderRecord>(ctx, compositeKey(ctx, PROVIDER_KEY, [providerId]), 'provider', providerId);
}

/** Writes a provider. */
export function saveProvider(ctx: Context, provider: ProviderRecord): Promise<void> {
  return put(ctx, compositeKey(ctx, PROVIDER_KEY, [provider.providerId]), provider);
}

/** A quote; NOT_FOUND otherwise. */
export function loadQuote(ctx: Context, quoteId: string): Promise<QuoteRecord> {
  return getOrThrow<QuoteRecord>(ctx, compositeKey(ctx, QUOTE_KEY, [quoteId]), 'quote', quoteId);
}

/** Writes a quote. */
export function saveQuote(ctx: Context, quote: QuoteRecord): Promise<void> {
  return put(ctx, compositeKey(ctx, QUOTE_KEY, [quote.quoteId]), quote);
}
