import type { AccountRecord, BalanceView } from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import type { AllianceContext } from '../lib/context';
import { ChaincodeError, ErrorCode } from '../lib/errors';
import { compositeKey, getOptional, getOrThrow, put, remove, scan } from '../lib/ledger';

/**
 * Accounts and balances, with hot-account credits.
 *
 * Per (account, currency) there is one base record holding `available` and `frozen`, plus any number
 * of credit delta rows `wallet~delta` + [accountId, currency, txId, seq]. A credit writes a new delta
 * row without reading anything, so any number of concurrent payments to one account commit in the
 * same block. The balance is base + Σ deltas. A debit reads the base and the whole delta range — a
 * concurrent credit is then a phantom read, so debits conflict exactly when they should — and folds
 * the deltas into the base. The owner can also fold them explicitly (CompactAccount).
 * Frozen funds live only on the base: only the owner's own flows (escrow, redemption) freeze, and
 * paying out of frozen funds reads just the base.
 */

/** Key type of accounts: `wallet~account` + [accountId]. */
export const ACCOUNT_KEY = 'wallet~account';
/** Index of accounts by owner: `wallet~owner` + [owner, accountId]. */
export const ACCOUNT_BY_OWNER = 'wallet~owner';
/** Key type of base balances: `wallet~balance` + [accountId, currency]. */
export const BALANCE_KEY = 'wallet~balance';
/** Key type of credit delta rows: `wallet~delta` + [accountId, currency, txId, seq]. */
export const DELTA_KEY = 'wallet~delta';

export type { AccountRecord, BalanceView };

/** The stored base balance of one currency in one account. */
export interface BalanceRecord {
  readonly accountId: string;
  readonly currency: string;
  readonly available: string;
  readonly frozen: string;
}

/** One credit not yet folded into the base. */
export interface DeltaRecord {
  readonly amount: string;
  readonly txId: string;
}

/** A balance loaded for change within one transaction. */
export interface Holding {
  readonly accountId: string;
  readonly currency: string;
  readonly available: bigint;
  readonly frozen: bigint;
  /** Delta rows folded into `available`, deleted when the holding is saved. */
  readonly folded: readonly string[];
}

/** Key of an account. */
export function accountKey(ctx: Context, accountId: string): string {
  return compositeKey(ctx, ACCOUNT_KEY, [accountId]);
}

/** An account; NOT_FOUND otherwise. */
export function getAccount(ctx: Context, accountId: string): Promise<AccountRecord> {
  return getOrThrow<AccountRecord>(ctx, accountKey(ctx, accountId), 'account', accountId);
}

/** An account, or undefined. */
export function findAccount(ctx: Context, accountId: string): Promise<AccountRecord | undefined> {
  return getOptional<AccountRecord>(ctx, accountKey(ctx, accountId));
}

function balanceKey(ctx: Context, accountId: string, currency: string): string {
  return compositeKey(ctx, BALANCE_KEY, [accountId, currency]);
}

async function readBase(ctx: Context, accountId: string, currency: string): Promise<BalanceRecord> {
  return (
    (await getOptional<BalanceRecord>(ctx, balanceKey(ctx, accountId, currency))) ?? {
      accountId,
      currency,
      available: '0',
      frozen: '0',
    }
  );
}

/** The full balance, base plus credits, for a debit or compaction. Records the delta range as read. */
export async function loadHolding(ctx: Context, accountId: string, currency: string): Promise<Holding> {
  const base = await readBase(ctx, accountId, currency);
  const deltas = await scan<DeltaRecord>(ctx, DELTA_KEY, [accountId, currency]);
  return {
    accountId,
    currency,
    available: deltas.reduce((sum, d) => sum + BigInt(d.value.amount), BigInt(base.available)),
    frozen: BigInt(base.frozen),
    folded: deltas.map((d) => d.key),
  };
}

/**
 * Only the base record, for flows that move frozen funds or add to available: they need not (and so
 * do not) read pending credits, and never conflict with them.
 */
export async function loadBase(ctx: Context, accountId: string, currency: string): Promise<Holding> {
  const base = await readBase(ctx, accountId, currency);
  return { accountId, currency, available: BigInt(base.available), frozen: BigInt(base.frozen), folded: [] };
}

/** Writes a holding's base record and deletes the delta rows folded into it. */
export async function saveHolding(ctx: Context, holding: Holding): Promise<void> {
  if (holding.available < 0n || holding.frozen < 0n) {
    throw new Error(`negative balance for ${holding.accountId}/${holding.currency}`);
  }
  const record: BalanceRecord = {
    accountId: holding.accountId,
    currency: holding.currency,
    available: holding.available.toString(),
    frozen: holding.frozen.toString(),
  };
  await put(ctx, balanceKey(ctx, holding.accountId, holding.currency), record);
  for (const key of holding.folded) await remove(ctx, key);
}

/**
 * Credits `amount` to an account as a new delta row, reading nothing. The caller has checked that the
 * account and currency exist.
 */
export async function credit(ctx: AllianceContext, accountId: string, currency: string, amount: bigint): Promise<void> {
  if (amount <= 0n) return;
  const txId = ctx.stub.getTxID();
  const key = compositeKey(ctx, DELTA_KEY, [accountId, currency, txId, String(ctx.nextDeltaSeq())]);
  const delta: DeltaRecord = { amount: amount.toString(), txId };
  await put(ctx, key, delta);
}

/**
 * Pays `amount` from the available funds of one account into another: a full-balance debit of the
 * payer (see {@link loadHolding}) and a credit row for the payee. The caller has authorized the payer
 * and checked that both accounts and the currency exist.
 */
export function pay(
  ctx: AllianceContext,
  fromAccountId: string,
  toAccountId: string,
  currency: string,
  amount: bigint,
): Promise<Holding> {
  return payShares(ctx, fromAccountId, currency, [{ accountId: toAccountId, amount }]);
}

/** One payee's part of a payment. */
export interface Share {
  readonly accountId: string;
  readonly amount: bigint;
}

/**
 * Pays `shares` from the available funds of one account: one full-balance debit of their sum (see
 * {@link loadHolding}) and a credit row per payee, so a payee receiving many payments never conflicts
 * (a zero share writes nothing). The caller has authorized the payer and checked that the accounts and
 * the currency exist.
 */
export async function payShares(
  ctx: AllianceContext,
  fromAccountId: string,
  currency: string,
  shares: readonly Share[],
): Promise<Holding> {
  if (shares.some((s) => s.accountId === fromAccountId)) throw new Error(`payment from ${fromAccountId} to itself`);
  const total = shares.reduce((sum, s) => sum + s.amount, 0n);
  const holding = debit(await loadHolding(ctx, fromAccountId, currency), total);
  await saveHolding(ctx, holding);
  for (const s of shares) await credit(ctx, s.accountId, currency, s.amount);
  return holding;
}

/** Takes `amount` from available; INSUFFICIENT_FUNDS when it does not cover it. */
export function debit(holding: Holding, amount: bigint): Holding {
  if (holding.available < amount) throw insufficient(holding, amount);
  return { ...holding, available: holding.available - amount };
}

/** Adds `amount` to available (money moved in within this transaction). */
export function deposit(holding: Holding, amount: bigint): Holding {
  return { ...holding, available: holding.available + amount };
}

/** Moves `amount` from available to frozen; INSUFFICIENT_FUNDS when available does not cover it. */
export function freeze(holding: Holding, amount: bigint): Holding {
  if (holding.available < amount) throw insufficient(holding, amount);
  return { ...holding, available: holding.available - amount, frozen: holding.frozen + amount };
}

/** Moves `amount` from frozen back to available. */
export function release(holding: Holding, amount: bigint): Holding {
  return { ...spendFrozen(holding, amount), available: holding.available + amount };
}

/** Takes `amount` out of frozen funds (paid to someone, or burnt). */
export function spendFrozen(holding: Holding, amount: bigint): Holding {
  // Every frozen amount is owned by a record (settlement, redemption) that releases it once: a shortfall is a bug.
  if (holding.frozen < amount) throw new Error(`frozen funds of ${holding.accountId}/${holding.currency} short`);
  return { ...holding, frozen: holding.frozen - amount };
}

function insufficient(holding: Holding, amount: bigint): ChaincodeError {
  return new ChaincodeError(ErrorCode.INSUFFICIENT_FUNDS, 'available balance does not cover the amount', {
    accountId: holding.accountId,
    currency: holding.currency,
    available: holding.available.toString(),
    requested: amount.toString(),
  });
}

/** The balance of one currency in an account, for queries. */
export async function balanceView(ctx: Context, accountId: string, currency: string): Promise<BalanceView> {
  const holding = await loadHolding(ctx, accountId, currency);
  return {
    accountId,
    currency,
    available: holding.available.toString(),
    frozen: holding.frozen.toString(),
    pendingCredits: holding.folded.length,
  };
}

/** Every currency balance of an account (those with a base record or a pending credit), by code. */
export async function balancesOf(ctx: Context, accountId: string): Promise<BalanceView[]> {
  const bases = await scan<BalanceRecord>(ctx, BALANCE_KEY, [accountId]);
  const deltas = await scan<DeltaRecord>(ctx, DELTA_KEY, [accountId]);
  const views = new Map<string, { available: bigint; frozen: bigint; pending: number }>();
  for (const { value } of bases) {
    views.set(value.currency, { available: BigInt(value.available), frozen: BigInt(value.frozen), pending: 0 });
  }
  for (const { attributes, value } of deltas) {
    const currency = attributes[1] ?? '';
    const v = views.get(currency) ?? { available: 0n, frozen: 0n, pending: 0 };
    views.set(currency, { ...v, available: v.available + BigInt(value.amount), pending: v.pending + 1 });
  }
  return [...views.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([currency, v]) => ({
      accountId,
      currency,
      available: v.available.toString(),
      frozen: v.frozen.toString(),
      pendingCredits: v.pending,
    }));
}
