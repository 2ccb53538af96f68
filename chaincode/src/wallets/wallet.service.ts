import {
  AccountRefInput,
  BalanceRefInput,
  IssueInput,
  ListAccountsInput,
  Role,
  TransferInput,
  type AccountView,
  type Compaction,
  type Movement,
} from '@allianceledger/contract';
import { authorize, callerOf, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { audience, emit, EventName } from '../lib/events';
import { put, putIndex, type Page } from '../lib/ledger';
import { listByIndex } from '../lib/records';
import { txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import {
  ACCOUNT_BY_OWNER,
  accountKey,
  balancesOf,
  balanceView,
  credit,
  debit,
  findAccount,
  getAccount,
  loadHolding,
  saveHolding,
  type AccountRecord,
  type BalanceView,
} from './balance.store';
import { addSupplyChange, getCurrency } from './currency.store';
import { withParties } from '../members/handle.store';

export type { AccountView, Movement as MovementResult };

/** OpenAccount: any active member opens an account it owns. Input `{accountId}`. */
export async function openAccount(ctx: AllianceContext, input: string): Promise<AccountRecord> {
  const req = parseInput(input, AccountRefInput);
  const { caller } = await authorize(ctx, 'OpenAccount', [grant.member()]);
  if (await findAccount(ctx, req.accountId))
    throw fail.conflict('account already exists', { accountId: req.accountId });
  const record: AccountRecord = { accountId: req.accountId, owner: caller.party, openedAt: txTime(ctx).iso };
  await put(ctx, accountKey(ctx, req.accountId), record);
  await putIndex(ctx, ACCOUNT_BY_OWNER, [caller.party, req.accountId]);
  emit(ctx, EventName.ACCOUNT_OPENED, audience([record.owner]), { ...record });
  return record;
}

/** GetAccount: the owner or an auditor reads an account and all its balances. */
export async function getAccountView(ctx: AllianceContext, input: string): Promise<AccountView> {
  const req = parseInput(input, AccountRefInput);
  const account = await getAccount(ctx, req.accountId);
  await authorize(ctx, 'GetAccount', [grant.member(account.owner), grant.role(Role.AUDITOR)]);
  return { ...account, balances: await balancesOf(ctx, req.accountId) };
}

/** GetBalance: the owner or an auditor reads one currency balance of an account. */
export async function getBalance(ctx: AllianceContext, input: string): Promise<BalanceView> {
  const req = parseInput(input, BalanceRefInput);
  const account = await getAccount(ctx, req.accountId);
  await authorize(ctx, 'GetBalance', [grant.member(account.owner), grant.role(Role.AUDITOR)]);
  await getCurrency(ctx, req.currency);
  return balanceView(ctx, req.accountId, req.currency);
}

/** ListAccounts: a party's accounts — the caller's own by default; any party's for an auditor. */
export async function listAccounts(ctx: AllianceContext, input: string): Promise<Page<AccountRecord>> {
  const req = await withParties(ctx, parseInput(input, ListAccountsInput), ['owner']);
  const owner = req.owner ?? callerOf(ctx).party;
  await authorize(ctx, 'ListAccounts', [grant.member(owner), grant.role(Role.AUDITOR)]);
  return listByIndex(ctx, ACCOUNT_BY_OWNER, [owner], pageRequest(req), (id) => getAccount(ctx, id));
}

/**
 * Issue: the currency's issuer mints `amount` into an account (e.g. against a fiat deposit). Both the
 * credit and the supply change are new rows that read nothing, so any number of concurrent issuances
 * by one issuer commit together (DOMAIN.md §2, hot accounts). Each issuance is at most `MAX_AMOUNT`
 * (the amount format); the total has no cap of its own, since enforcing one would mean reading every
 * pending supply row and so serialising issuances again, and bigint arithmetic has no overflow.
 */
export async function issue(ctx: AllianceContext, input: string): Promise<Movement> {
  const req = parseInput(input, IssueInput);
  const currency = await getCurrency(ctx, req.currency);
  await authorize(ctx, 'Issue', [grant.role(Role.ISSUER, { party: currency.issuer })]);
  const account = await getAccount(ctx, req.accountId);
  await addSupplyChange(ctx, req.currency, { issued: req.amount });
  await credit(ctx, req.accountId, req.currency, req.amount);
  const result: Movement = {
    txId: ctx.stub.getTxID(),
    currency: req.currency,
    amount: req.amount.toString(),
    toAccountId: req.accountId,
  };
  emit(ctx, EventName.ISSUED, audience([account.owner, currency.issuer]), {
    txId: result.txId,
    currency: req.currency,
    amount: result.amount,
    toAccountId: req.accountId,
    ...(req.reference === undefined ? {} : { reference: req.reference }),
  });
  return result;
}

/** Transfer: the owner of `fromAccountId` moves available funds to any other account. */
export async function transfer(ctx: AllianceContext, input: string): Promise<Movement> {
  const req = parseInput(input, TransferInput);
  if (req.fromAccountId === req.toAccountId) {
    throw fail.invalid('cannot transfer to the same account', { field: 'input.toAccountId' });
  }
  const from = await getAccount(ctx, req.fromAccountId);
  await authorize(ctx, 'Transfer', [grant.member(from.owner)]);
  const to = await getAccount(ctx, req.toAccountId);
  await getCurrency(ctx, req.currency);
  const holding = debit(await loadHolding(ctx, req.fromAccountId, req.currency), req.amount);
  await saveHolding(ctx, holding);
  await credit(ctx, req.toAccountId, req.currency, req.amount);
  const result: Movement = {
    txId: ctx.stub.getTxID(),
    currency: req.currency,
    amount: req.amount.toString(),
    fromAccountId: req.fromAccountId,
    toAccountId: req.toAccountId,
    from: {
      accountId: holding.accountId,
      currency: holding.currency,
      available: holding.available.toString(),
      frozen: holding.frozen.toString(),
      pendingCredits: 0,
    },
  };
  // The payer's remaining balance is the payer's answer, never the event's: events reach other parties.
  emit(ctx, EventName.TRANSFERRED, audience([from.owner, to.owner]), {
    txId: result.txId,
    currency: req.currency,
    amount: result.amount,
    fromAccountId: req.fromAccountId,
    toAccountId: req.toAccountId,
    ...(req.memo === undefined ? {} : { memo: req.memo }),
  });
  return result;
}

/** CompactAccount: the owner folds the pending credit rows of one currency into the base balance. */
export async function compactAccount(ctx: AllianceContext, input: string): Promise<Compaction> {
  const req = parseInput(input, BalanceRefInput);
  const account = await getAccount(ctx, req.accountId);
  await authorize(ctx, 'CompactAccount', [grant.member(account.owner)]);
  await getCurrency(ctx, req.currency);
  const holding = await loadHolding(ctx, req.accountId, req.currency);
  await saveHolding(ctx, holding);
  const result: Compaction = {
    accountId: req.accountId,
    currency: req.currency,
    available: holding.available.toString(),
    frozen: holding.frozen.toString(),
    pendingCredits: 0,
    folded: holding.folded.length,
  };
  emit(ctx, EventName.ACCOUNT_COMPACTED, audience([account.owner]), {
    accountId: req.accountId,
    currency: req.currency,
    folded: result.folded,
  });
  return result;
}
