import type { AccountRecord, BalanceView } from '@allianceledger/chaincode';
import { z } from 'zod';
import type { Describes, Expect } from '../common/chaincode-result';
import { Amount, PositiveAmount } from '../common/amount.schemas';
import { CurrencyCode, Id, PartyId, text, Timestamp, TxId } from '../common/ids.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';

/** One currency's balance in one account. */
export const Balance = z
  .object({
    accountId: Id,
    currency: CurrencyCode,
    available: Amount.describe('Spendable: the base balance plus every pending credit'),
    frozen: Amount.describe('Held for open settlements and redemption requests'),
    pendingCredits: z.number().int().describe('Credit rows not yet folded into the base balance'),
  })
  .meta({ id: 'Balance' });

export type BalanceMatchesChaincode = Expect<Describes<z.infer<typeof Balance>, BalanceView>>;

/** A wallet account: belongs to one identity (its opener) and holds any registered currency. */
export const Account = z
  .object({
    accountId: Id,
    owner: PartyId,
    openedAt: Timestamp,
  })
  .meta({ id: 'Account' });

export type AccountMatchesChaincode = Expect<Describes<z.infer<typeof Account>, AccountRecord>>;

export const AccountWithBalances = Account.extend({
  balances: z.array(Balance).describe('Every currency the account has held, by code'),
}).meta({ id: 'AccountWithBalances' });

export type AccountWithBalancesMatchesChaincode = Expect<
  Describes<z.infer<typeof AccountWithBalances>, AccountRecord & { balances: readonly BalanceView[] }>
>;

export const AccountPage = pageOf(Account).meta({ id: 'AccountPage' });

/** What compaction folded: the balance after it and the number of credit rows folded in. */
export const Compaction = Balance.extend({ folded: z.number().int() }).meta({ id: 'Compaction' });

/** A money movement: an issuance (no `fromAccountId`) or a transfer (with the debited balance after it). */
export const Movement = z
  .object({
    txId: TxId,
    currency: CurrencyCode,
    amount: PositiveAmount,
    fromAccountId: Id.optional(),
    toAccountId: Id.optional(),
    from: Balance.optional().describe("Transfers: the debited account's balance after the movement"),
  })
  .meta({ id: 'Movement' });

export const OpenAccountBody = z.strictObject({
  accountId: Id.describe('Chosen by the caller, unique on the ledger; the caller becomes the owner'),
});

export const IssuanceBody = z.strictObject({
  currency: CurrencyCode,
  accountId: Id.describe('The account credited'),
  amount: PositiveAmount,
  reference: text(256).optional().describe('E.g. the fiat deposit it stands for; carried in the `Issued` event'),
});

export const TransferBody = z.strictObject({
  fromAccountId: Id.describe('Owned by the caller'),
  toAccountId: Id,
  currency: CurrencyCode,
  amount: PositiveAmount,
  memo: text(256).optional().describe('Carried in the `Transferred` event'),
});

export const AccountParams = z.strictObject({ accountId: Id });

export const BalanceParams = z.strictObject({ accountId: Id, currency: CurrencyCode });

export const CompactionBody = z.strictObject({ currency: CurrencyCode });

export const ListAccountsQuery = z.strictObject({
  owner: PartyId.optional().describe("Whose accounts (default: the caller's; auditors may name anyone)"),
  ...Paging,
});
