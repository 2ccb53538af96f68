import { z } from 'zod';
import {
  AmountText,
  CurrencyCode,
  Id,
  pageOf,
  Paging,
  PartyId,
  PartyRef,
  PositiveAmount,
  PositiveAmountText,
  RecordRef,
  text,
  Timestamp,
  TxId,
} from './primitives';

/** A redemption request's status. */
export const RedemptionStatus = {
  REQUESTED: 'REQUESTED',
  EXECUTED: 'EXECUTED',
  REJECTED: 'REJECTED',
  CANCELLED: 'CANCELLED',
} as const;
/** A redemption status. */
export type RedemptionStatus = (typeof RedemptionStatus)[keyof typeof RedemptionStatus];

/** `wallets:OpenAccount`, `wallets:GetAccount`. */
export const AccountRefInput = z.strictObject({
  accountId: Id.describe('Chosen by the caller when it opens the account, unique on the ledger'),
});
/** `wallets:GetBalance`, `wallets:CompactAccount`. */
export const BalanceRefInput = z.strictObject({ accountId: Id, currency: CurrencyCode });
/** `wallets:ListAccounts`: a party's accounts (default: the caller's). */
export const ListAccountsInput = z.strictObject({
  owner: PartyRef.optional().describe("Whose accounts (default: the caller's; auditors may name anyone)"),
  ...Paging,
});
/** `wallets:Issue`: the currency's issuer mints into an account. */
export const IssueInput = z.strictObject({
  currency: CurrencyCode,
  accountId: Id.describe('The account credited'),
  amount: PositiveAmount,
  reference: text(256).optional().describe('E.g. the fiat deposit it stands for; carried in the `Issued` event'),
});
/** `wallets:Transfer`: the owner of `fromAccountId` pays another account. */
export const TransferInput = z.strictObject({
  fromAccountId: Id.describe('Owned by the caller'),
  toAccountId: Id,
  currency: CurrencyCode,
  amount: PositiveAmount,
  memo: text(256).optional().describe('Carried in the `Transferred` event'),
});
/** `wallets:RequestRedemption`: the owner asks to redeem; the amount is frozen. */
export const RequestRedemptionInput = z.strictObject({
  accountId: Id.describe('Owned by the caller'),
  currency: CurrencyCode,
  amount: PositiveAmount,
});
/** `wallets:ExecuteRedemption`, `CancelRedemption`, `GetRedemption`. */
export const RedemptionRefInput = z.strictObject({ redemptionId: RecordRef });
/** `wallets:RejectRedemption`. */
export const RejectRedemptionInput = z.strictObject({ redemptionId: RecordRef, reason: text(1024) });
/** `wallets:ListRedemptions`: one currency's requests in one status. */
export const ListRedemptionsInput = z.strictObject({
  currency: CurrencyCode,
  status: z.enum(RedemptionStatus),
  ...Paging,
});
/** `wallets:GetCurrency`. */
export const CurrencyRefInput = z.strictObject({ code: CurrencyCode });
/** Listings that take paging only. */
export const PagingInput = z.strictObject({ ...Paging });

/** A wallet account: belongs to one identity (its opener) and holds any registered currency. */
export const AccountRecord = z.object({ accountId: Id, owner: PartyId, openedAt: Timestamp }).meta({ id: 'Account' });
/** A wallet account. */
export type AccountRecord = z.infer<typeof AccountRecord>;

/** One currency's balance in one account, as queries return it. */
export const BalanceView = z
  .object({
    accountId: Id,
    currency: CurrencyCode,
    available: AmountText.describe('Spendable: the base balance plus every pending credit'),
    frozen: AmountText.describe('Held for open settlements and redemption requests'),
    pendingCredits: z.number().int().describe('Credit rows not yet folded into the base balance'),
  })
  .meta({ id: 'Balance' });
/** A balance as queries return it. */
export type BalanceView = z.infer<typeof BalanceView>;

/** An account with every balance it holds. */
export const AccountView = AccountRecord.extend({
  balances: z.array(BalanceView).describe('Every currency the account has held, by code'),
}).meta({ id: 'AccountWithBalances' });
/** An account with its balances. */
export type AccountView = z.infer<typeof AccountView>;

export const AccountPage = pageOf(AccountRecord);

/** What compaction folded: the balance after it and the number of credit rows folded in. */
export const Compaction = BalanceView.extend({ folded: z.number().int() }).meta({ id: 'Compaction' });
/** What CompactAccount answers. */
export type Compaction = z.infer<typeof Compaction>;

/** A money movement: an issuance (no `fromAccountId`) or a transfer (with the debited balance after it). */
export const Movement = z
  .object({
    txId: TxId,
    currency: CurrencyCode,
    amount: PositiveAmountText,
    fromAccountId: Id.optional(),
    toAccountId: Id.optional(),
    from: BalanceView.optional().describe("Transfers: the debited account's balance after the movement"),
  })
  .meta({ id: 'Movement' });
/** The result of a money movement. */
export type Movement = z.infer<typeof Movement>;

/** A currency as the consortium registered it (by executing a REGISTER_CURRENCY proposal). */
export const CurrencyRecord = z
  .object({
    code: CurrencyCode,
    name: z.string(),
    decimals: z.number().int().describe('Digits after the decimal point of one major unit'),
    issuer: PartyId.describe('The only party that may issue it and execute its redemptions'),
    proposalId: TxId.describe('The proposal whose execution registered it'),
    registeredAt: Timestamp,
  })
  .meta({ id: 'Currency' });
/** A registered currency. */
export type CurrencyRecord = z.infer<typeof CurrencyRecord>;

/** A currency with its supply: what all accounts hold together, available plus frozen, is `outstanding`. */
export const CurrencyView = CurrencyRecord.extend({
  issued: AmountText,
  redeemed: AmountText,
  outstanding: AmountText.describe('issued − redeemed'),
}).meta({ id: 'CurrencyWithSupply' });
/** A currency with its supply. */
export type CurrencyView = z.infer<typeof CurrencyView>;

export const CurrencyPage = pageOf(CurrencyRecord);

/** A request to burn funds: the amount stays frozen until the issuer executes or rejects it. */
export const RedemptionRecord = z
  .object({
    redemptionId: TxId.describe('The id of the transaction that requested it'),
    accountId: Id,
    owner: PartyId,
    currency: CurrencyCode,
    amount: PositiveAmountText,
    status: z.enum(RedemptionStatus),
    requestedAt: Timestamp,
    updatedAt: Timestamp,
    reason: z.string().optional().describe('Why the issuer rejected it'),
  })
  .meta({ id: 'Redemption' });
/** A redemption request. */
export type RedemptionRecord = z.infer<typeof RedemptionRecord>;

export const RedemptionPage = pageOf(RedemptionRecord);
