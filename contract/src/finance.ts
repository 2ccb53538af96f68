import { z } from 'zod';
import { listing } from './listing';
import {
  AmountText,
  CurrencyCode,
  historyEntryOf,
  Id,
  IsoTime,
  pageOf,
  PartyId,
  PartyRef,
  PositiveAmount,
  PositiveAmountText,
  RecordRef,
  Sha256Hex,
  text,
  Timestamp,
  TxId,
} from './primitives';

/** A receivable's status. */
export const ReceivableStatus = {
  ISSUED: 'ISSUED',
  ACCEPTED: 'ACCEPTED',
  REJECTED: 'REJECTED',
  FINANCING_REQUESTED: 'FINANCING_REQUESTED',
  FINANCED: 'FINANCED',
  SPLIT: 'SPLIT',
  SETTLED: 'SETTLED',
  OVERDUE: 'OVERDUE',
} as const;
/** A receivable status. */
export type ReceivableStatus = (typeof ReceivableStatus)[keyof typeof ReceivableStatus];

/** A warehouse receipt's status. ISSUED and RELEASED are unencumbered. */
export const ReceiptStatus = {
  ISSUED: 'ISSUED',
  PLEDGE_REQUESTED: 'PLEDGE_REQUESTED',
  PLEDGED: 'PLEDGED',
  RELEASED: 'RELEASED',
  CLOSED: 'CLOSED',
} as const;
/** A receipt status. */
export type ReceiptStatus = (typeof ReceiptStatus)[keyof typeof ReceiptStatus];

/** A credit line's status. */
export const CreditLineStatus = { ACTIVE: 'ACTIVE', CLOSED: 'CLOSED' } as const;
/** A credit line status. */
export type CreditLineStatus = (typeof CreditLineStatus)[keyof typeof CreditLineStatus];

/** Most parts one split may create. */
export const MAX_SPLIT_PARTS = 20;

/** A rate from 0 to 1 (100 % a year) with at most 8 decimals: `0.05`, `0.0525`, `1`. */
export const RATE_PATTERN = /^(0(\.[0-9]{1,8})?|1(\.0{1,8})?)$/;

/** An annual rate, kept as its string (the record shows what the parties agreed). */
export const AnnualRate = z
  .string()
  .regex(RATE_PATTERN, 'an annual rate from 0 to 1 with at most 8 decimals, as a string')
  .describe('Annual rate as a decimal string, 0 to 1 with at most 8 decimals: `"0.05"` is 5 % a year')
  .meta({ example: '0.05' });

/** A receivable id: the issuing transaction's id, then `-<n>` per split. */
export const ReceivableId = z
  .string()
  .max(128)
  .regex(/^[0-9a-f]{64}(-[1-9][0-9]*)*$/, 'a transaction id, then `-<n>` for each split')
  .describe('The issuing transaction id; parts of a split add `-1`, `-2`, …');

const reason = text(1024);

/** `finance:IssueReceivable`: the caller (creditor) issues a receivable against a debtor. */
export const IssueReceivableInput = z.strictObject({
  debtor: PartyRef.describe('An active member other than the caller'),
  currency: CurrencyCode,
  faceAmount: PositiveAmount,
  dueAt: IsoTime.describe('After the transaction time, at most ten years ahead'),
  contractHash: Sha256Hex.describe('SHA-256 of the underlying contract or order'),
  accountId: Id.describe("The caller's account, into which the debtor repays while the caller holds it"),
  description: text(1024).optional(),
});
/** `AcceptReceivable`, `MarkOverdue`, `GetReceivable`, `GetReceivableHistory`. */
export const ReceivableRefInput = z.strictObject({ receivableId: RecordRef });
/** `finance:RejectReceivable`. */
export const RejectReceivableInput = z.strictObject({ receivableId: RecordRef, reason });
/** `finance:TransferReceivable`. */
export const TransferReceivableInput = z.strictObject({
  receivableId: RecordRef,
  toAccountId: Id.describe("The new holder's account: its owner becomes the holder (not the debtor)"),
});
/** `finance:SplitReceivable`. */
export const SplitReceivableInput = z.strictObject({
  receivableId: RecordRef,
  parts: z
    .array(z.strictObject({ toAccountId: Id, amount: PositiveAmount }))
    .min(2)
    .max(MAX_SPLIT_PARTS)
    .describe(`2–${MAX_SPLIT_PARTS} parts that sum exactly to the face amount`),
});
/** `finance:RequestFinancing`. */
export const RequestFinancingInput = z.strictObject({
  receivableId: RecordRef,
  bank: PartyRef.describe('An active member with the bank role'),
  annualRate: AnnualRate,
  payoutAccountId: Id.describe("The holder's account the discounted amount is paid into"),
});
/** `finance:CancelFinancing`. */
export const CancelFinancingInput = z.strictObject({ receivableId: RecordRef, reason: reason.optional() });
/** `finance:FinanceReceivable`, `finance:RepayReceivable`. */
export const ReceivablePaymentInput = z.strictObject({
  receivableId: RecordRef,
  fromAccountId: Id.describe("The caller's account that pays"),
});
/** `finance:ListReceivables`. */
export const ListReceivables = listing(['holder', 'creditor', 'debtor'], ReceivableStatus);

/** `finance:IssueReceipt`: a warehouse issues a receipt to the owner of goods it holds. */
export const IssueReceiptInput = z.strictObject({
  owner: PartyRef.describe('The owner of the goods, an active member'),
  goods: text(256),
  quantity: PositiveAmount.describe('A positive integer in `unit`s'),
  unit: text(32),
  location: text(256),
  description: text(1024).optional(),
});
/** `finance:CloseReceipt`, `finance:GetReceipt`. */
export const ReceiptRefInput = z.strictObject({ receiptId: RecordRef });
/** `finance:RequestPledge`. */
export const RequestPledgeInput = z.strictObject({
  receiptId: RecordRef,
  bank: PartyRef,
  currency: CurrencyCode,
  loanAmount: PositiveAmount.describe('Paid by the bank to the owner'),
  repayAmount: PositiveAmount.describe('Paid back by the owner to release the receipt; at least loanAmount'),
  accountId: Id.describe("The owner's account the loan is paid into"),
});
/** `finance:CancelPledge`. */
export const CancelPledgeInput = z.strictObject({ receiptId: RecordRef, reason: reason.optional() });
/** `finance:FundPledge`, `finance:RepayPledge`. */
export const ReceiptPaymentInput = z.strictObject({
  receiptId: RecordRef,
  fromAccountId: Id.describe("The caller's account that pays"),
});
/** `finance:ListReceipts`. */
export const ListReceipts = listing(['owner', 'warehouse'], ReceiptStatus);

/** `finance:GrantCreditLine`. */
export const GrantCreditLineInput = z.strictObject({
  borrower: PartyRef,
  currency: CurrencyCode,
  limit: PositiveAmount,
  fundingAccountId: Id.describe("The bank's own account that draws are paid from and repayments into"),
});
/** `finance:DrawCreditLine`, `finance:RepayCreditLine`. */
export const CreditLineMoveInput = z.strictObject({
  lineId: RecordRef,
  accountId: Id.describe("The borrower's account"),
  amount: PositiveAmount,
});
/** `finance:CloseCreditLine`, `finance:GetCreditLine`. */
export const CreditLineRefInput = z.strictObject({ lineId: RecordRef });
/** `finance:ListCreditLines`. */
export const ListCreditLines = listing(['borrower', 'bank']);

/** A holder's request that a bank finance a receivable, and the financing once the bank paid. */
export const Financing = z.object({
  bank: PartyId,
  annualRate: AnnualRate,
  payoutAccountId: Id,
  requestedBy: PartyId,
  requestedAt: Timestamp,
  days: z.number().int().optional().describe('Whole days from financing to the due time, a started day counting'),
  discountedAmount: AmountText.optional().describe('⌊face × (1 − rate × days / 365)⌋, paid to the holder'),
  bankAccountId: Id.optional(),
  financedAt: Timestamp.optional(),
  txId: TxId.optional(),
});
/** A financing request or financing. */
export type Financing = z.infer<typeof Financing>;

/** The debtor's repayment of the face amount to the holder. */
export const Repayment = z.object({
  fromAccountId: Id,
  toAccountId: Id,
  amount: PositiveAmountText,
  onTime: z.boolean(),
  txId: TxId,
  repaidAt: Timestamp,
});
/** A repayment. */
export type Repayment = z.infer<typeof Repayment>;

/** An account receivable: the debtor owes `faceAmount` to whoever holds it at `dueAt`. */
export const ReceivableRecord = z
  .object({
    receivableId: ReceivableId,
    creditor: PartyId.describe('The supplier that issued it'),
    debtor: PartyId.describe('The core enterprise that owes it'),
    holder: PartyId,
    holderAccountId: Id.describe('Where the debtor repays the face amount'),
    currency: CurrencyCode,
    faceAmount: PositiveAmountText,
    dueAt: Timestamp,
    contractHash: Sha256Hex,
    description: z.string().optional(),
    status: z.enum(ReceivableStatus),
    parentId: ReceivableId.optional(),
    parts: z.array(ReceivableId).optional(),
    financing: Financing.optional(),
    repayment: Repayment.optional(),
    issuedAt: Timestamp,
    acceptedAt: Timestamp.optional(),
    rejectReason: z.string().optional(),
    overdueAt: Timestamp.optional(),
    updatedAt: Timestamp,
    closedAt: Timestamp.optional(),
  })
  .meta({ id: 'Receivable' });
/** An account receivable. */
export type ReceivableRecord = z.infer<typeof ReceivableRecord>;

/** What MarkOverdue (which anyone may call) tells a caller who may not read the receivable. */
export const ReceivableOutcome = z
  .object({ receivableId: ReceivableRecord.shape.receivableId, status: ReceivableRecord.shape.status })
  .meta({ id: 'ReceivableOutcome' });
/** A receivable's id and status, without its parties or amounts. */
export type ReceivableOutcome = z.infer<typeof ReceivableOutcome>;

/**
 * MarkOverdue's answer: the receivable to its readers (its creditor, debtor and holder, the bank asked to
 * finance it, auditors); to anyone else — the keeper too — only its id and OVERDUE.
 */
export const OverdueReceivable = z.union([ReceivableRecord, ReceivableOutcome]).meta({ id: 'OverdueReceivable' });
/** What MarkOverdue answers. */
export type OverdueReceivable = z.infer<typeof OverdueReceivable>;

/** What SplitReceivable answers: the closed parent and its parts. */
export const SplitResult = z
  .object({ parent: ReceivableRecord, parts: z.array(ReceivableRecord) })
  .meta({ id: 'ReceivableSplit' });
/** What SplitReceivable answers. */
export type SplitResult = z.infer<typeof SplitResult>;

/** A pledge of a warehouse receipt to a bank for a loan. */
export const Pledge = z.object({
  bank: PartyId,
  currency: CurrencyCode,
  loanAmount: PositiveAmountText,
  repayAmount: PositiveAmountText,
  ownerAccountId: Id,
  requestedAt: Timestamp,
  bankAccountId: Id.optional(),
  fundedAt: Timestamp.optional(),
  fundTxId: TxId.optional(),
});
/** A pledge. */
export type Pledge = z.infer<typeof Pledge>;

/** A warehouse receipt: goods a warehouse holds for their owner. */
export const ReceiptRecord = z
  .object({
    receiptId: TxId,
    warehouse: PartyId,
    owner: PartyId,
    goods: z.string(),
    quantity: PositiveAmountText.describe('In `unit`s'),
    unit: z.string(),
    location: z.string(),
    description: z.string().optional(),
    status: z.enum(ReceiptStatus),
    pledge: Pledge.optional().describe('The current pledge, requested or funded'),
    releasedPledges: z.number().int(),
    issuedAt: Timestamp,
    updatedAt: Timestamp,
    releasedAt: Timestamp.optional(),
    closedAt: Timestamp.optional(),
  })
  .meta({ id: 'WarehouseReceipt' });
/** A warehouse receipt. */
export type ReceiptRecord = z.infer<typeof ReceiptRecord>;

/** A bank's credit line for a borrower. */
export const CreditLineRecord = z
  .object({
    lineId: TxId,
    bank: PartyId,
    fundingAccountId: Id,
    borrower: PartyId,
    currency: CurrencyCode,
    limit: PositiveAmountText,
    drawn: AmountText,
    status: z.enum(CreditLineStatus),
    grantedAt: Timestamp,
    updatedAt: Timestamp,
    closedAt: Timestamp.optional(),
  })
  .meta({ id: 'CreditLine' });
/** A credit line. */
export type CreditLineRecord = z.infer<typeof CreditLineRecord>;

/** A credit line after a draw or a repayment, with the amount moved. */
export const CreditLineMovement = z
  .object({ line: CreditLineRecord, accountId: Id, amount: PositiveAmountText, txId: TxId })
  .meta({ id: 'CreditLineMovement' });
/** A draw or a repayment. */
export type CreditLineMovement = z.infer<typeof CreditLineMovement>;

export const ReceivablePage = pageOf(ReceivableRecord);
export const ReceivableHistory = z.array(historyEntryOf(ReceivableRecord));
export const ReceiptPage = pageOf(ReceiptRecord);
export const CreditLinePage = pageOf(CreditLineRecord);
