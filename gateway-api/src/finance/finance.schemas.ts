import {
  MAX_SPLIT_PARTS,
  RATE_PATTERN,
  type CreditLineRecord,
  type ReceiptRecord,
  type ReceivableRecord,
} from '@allianceledger/chaincode';
import { z } from 'zod';
import type { Describes, Expect } from '../common/chaincode-result';
import { Amount, PositiveAmount } from '../common/amount.schemas';
import { historyOf } from '../common/history.schemas';
import { CurrencyCode, Id, PartyId, Sha256Hex, text, Timestamp, TxId } from '../common/ids.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';

/** A receivable id: the issuing transaction's id, then `-<n>` per split. */
export const ReceivableId = z
  .string()
  .max(128)
  .regex(/^[0-9a-f]{64}(-[1-9][0-9]*)*$/, 'a transaction id, then `-<n>` for each split')
  .describe('The issuing transaction id; parts of a split add `-1`, `-2`, …');

export const AnnualRate = z
  .string()
  .regex(RATE_PATTERN, 'an annual rate from 0 to 1 with at most 8 decimals, as a string')
  .describe('Annual rate as a decimal string, 0 to 1 with at most 8 decimals: `"0.05"` is 5 % a year');

export const IsoTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/, 'an ISO-8601 UTC time, e.g. 2030-01-31T00:00:00Z')
  .describe('ISO-8601 UTC time');

export const ReceivableStatus = z.enum([
  'ISSUED',
  'ACCEPTED',
  'REJECTED',
  'FINANCING_REQUESTED',
  'FINANCED',
  'SPLIT',
  'SETTLED',
  'OVERDUE',
]);

export const Receivable = z
  .object({
    receivableId: ReceivableId,
    creditor: PartyId.describe('The supplier that issued it'),
    debtor: PartyId.describe('The core enterprise that owes it'),
    holder: PartyId,
    holderAccountId: Id.describe('Where the debtor repays the face amount'),
    currency: CurrencyCode,
    faceAmount: PositiveAmount,
    dueAt: Timestamp,
    contractHash: Sha256Hex,
    description: z.string().optional(),
    status: ReceivableStatus,
    parentId: ReceivableId.optional(),
    parts: z.array(ReceivableId).optional(),
    financing: z
      .object({
        bank: PartyId,
        annualRate: AnnualRate,
        payoutAccountId: Id,
        requestedBy: PartyId,
        requestedAt: Timestamp,
        days: z.number().int().optional().describe('Whole days from financing to the due time, a started day counting'),
        discountedAmount: Amount.optional().describe('⌊face × (1 − rate × days / 365)⌋, paid to the holder'),
        bankAccountId: Id.optional(),
        financedAt: Timestamp.optional(),
        txId: TxId.optional(),
      })
      .optional(),
    repayment: z
      .object({
        fromAccountId: Id,
        toAccountId: Id,
        amount: PositiveAmount,
        onTime: z.boolean(),
        txId: TxId,
        repaidAt: Timestamp,
      })
      .optional(),
    issuedAt: Timestamp,
    acceptedAt: Timestamp.optional(),
    rejectReason: z.string().optional(),
    overdueAt: Timestamp.optional(),
    updatedAt: Timestamp,
    closedAt: Timestamp.optional(),
  })
  .meta({ id: 'Receivable' });

export type ReceivableMatchesChaincode = Expect<Describes<z.infer<typeof Receivable>, ReceivableRecord>>;

export const ReceivablePage = pageOf(Receivable).meta({ id: 'ReceivablePage' });
export const ReceivableHistory = historyOf(Receivable).meta({ id: 'ReceivableHistory' });
export const SplitResult = z.object({ parent: Receivable, parts: z.array(Receivable) }).meta({ id: 'ReceivableSplit' });

export const IssueReceivableBody = z.strictObject({
  debtor: PartyId.describe('An active member other than the caller'),
  currency: CurrencyCode,
  faceAmount: PositiveAmount,
  dueAt: IsoTime.describe('After now, at most ten years ahead'),
  contractHash: Sha256Hex.describe('SHA-256 of the underlying contract or order'),
  accountId: Id.describe("The caller's account, into which the debtor repays while the caller holds it"),
  description: text(1024).optional(),
});
export const ReceivableParams = z.strictObject({ receivableId: ReceivableId });
export const RejectionBody = z.strictObject({ reason: text(1024) });
export const ReasonBody = z.strictObject({ reason: text(1024).optional() });
export const TransferBody = z.strictObject({
  toAccountId: Id.describe("The new holder's account: its owner becomes the holder (not the debtor)"),
});
export const SplitBody = z.strictObject({
  parts: z
    .array(z.strictObject({ toAccountId: Id, amount: PositiveAmount }))
    .min(2)
    .max(MAX_SPLIT_PARTS)
    .describe(`2–${MAX_SPLIT_PARTS} parts that sum exactly to the face amount`),
});
export const FinancingRequestBody = z.strictObject({
  bank: PartyId.describe('An active member with the bank role'),
  annualRate: AnnualRate,
  payoutAccountId: Id.describe("The holder's account the discounted amount is paid into"),
});
export const PaymentBody = z.strictObject({ fromAccountId: Id.describe("The caller's account that pays") });
export const ListReceivablesQuery = z
  .strictObject({
    by: z.enum(['holder', 'creditor', 'debtor', 'status']),
    value: z
      .string()
      .max(1024)
      .optional()
      .describe('A party id (default: the caller; auditors may name anyone), or the status for by=status'),
    ...Paging,
  })
  .superRefine(partyOrStatus(ReceivableStatus));

export const ReceiptStatus = z.enum(['ISSUED', 'PLEDGE_REQUESTED', 'PLEDGED', 'RELEASED', 'CLOSED']);

export const Receipt = z
  .object({
    receiptId: TxId,
    warehouse: PartyId,
    owner: PartyId,
    goods: z.string(),
    quantity: PositiveAmount.describe('In `unit`s'),
    unit: z.string(),
    location: z.string(),
    description: z.string().optional(),
    status: ReceiptStatus,
    pledge: z
      .object({
        bank: PartyId,
        currency: CurrencyCode,
        loanAmount: PositiveAmount,
        repayAmount: PositiveAmount,
        ownerAccountId: Id,
        requestedAt: Timestamp,
        bankAccountId: Id.optional(),
        fundedAt: Timestamp.optional(),
        fundTxId: TxId.optional(),
      })
      .optional()
      .describe('The current pledge, requested or funded'),
    releasedPledges: z.number().int(),
    issuedAt: Timestamp,
    updatedAt: Timestamp,
    releasedAt: Timestamp.optional(),
    closedAt: Timestamp.optional(),
  })
  .meta({ id: 'WarehouseReceipt' });

export type ReceiptMatchesChaincode = Expect<Describes<z.infer<typeof Receipt>, ReceiptRecord>>;

export const ReceiptPage = pageOf(Receipt).meta({ id: 'WarehouseReceiptPage' });
export const IssueReceiptBody = z.strictObject({
  owner: PartyId.describe('The owner of the goods, an active member'),
  goods: text(256),
  quantity: PositiveAmount.describe('A positive integer in `unit`s'),
  unit: text(32),
  location: text(256),
  description: text(1024).optional(),
});
export const ReceiptParams = z.strictObject({ receiptId: TxId });
export const PledgeRequestBody = z.strictObject({
  bank: PartyId,
  currency: CurrencyCode,
  loanAmount: PositiveAmount.describe('Paid by the bank to the owner'),
  repayAmount: PositiveAmount.describe('Paid back by the owner to release the receipt; at least loanAmount'),
  accountId: Id.describe("The owner's account the loan is paid into"),
});
export const ListReceiptsQuery = z
  .strictObject({
    by: z.enum(['owner', 'warehouse', 'status']),
    value: z.string().max(1024).optional().describe('A party id (default: the caller), or the status'),
    ...Paging,
  })
  .superRefine(partyOrStatus(ReceiptStatus));

export const CreditLine = z
  .object({
    lineId: TxId,
    bank: PartyId,
    fundingAccountId: Id,
    borrower: PartyId,
    currency: CurrencyCode,
    limit: PositiveAmount,
    drawn: Amount,
    status: z.enum(['ACTIVE', 'CLOSED']),
    grantedAt: Timestamp,
    updatedAt: Timestamp,
    closedAt: Timestamp.optional(),
  })
  .meta({ id: 'CreditLine' });

export type CreditLineMatchesChaincode = Expect<Describes<z.infer<typeof CreditLine>, CreditLineRecord>>;

export const CreditLinePage = pageOf(CreditLine).meta({ id: 'CreditLinePage' });
export const CreditLineMovement = z
  .object({ line: CreditLine, accountId: Id, amount: PositiveAmount, txId: TxId })
  .meta({ id: 'CreditLineMovement' });
export const GrantCreditLineBody = z.strictObject({
  borrower: PartyId,
  currency: CurrencyCode,
  limit: PositiveAmount,
  fundingAccountId: Id.describe("The bank's own account that draws are paid from and repayments into"),
});
export const LineParams = z.strictObject({ lineId: TxId });
export const LineMoveBody = z.strictObject({
  accountId: Id.describe("The borrower's account"),
  amount: PositiveAmount,
});
export const ListCreditLinesQuery = z.strictObject({
  by: z.enum(['borrower', 'bank']),
  value: PartyId.optional().describe('Default: the caller; auditors may name anyone'),
  ...Paging,
});

function partyOrStatus(
  statuses: z.ZodEnum,
): (query: { by: string; value?: string | undefined }, ctx: z.RefinementCtx) => void {
  return (query, ctx) => {
    const fits =
      query.by === 'status'
        ? statuses.safeParse(query.value).success
        : query.value === undefined || PartyId.safeParse(query.value).success;
    if (!fits) {
      ctx.addIssue({
        code: 'custom',
        path: ['value'],
        message: query.by === 'status' ? `one of ${statuses.options.join(', ')}` : 'a party id',
      });
    }
  };
}
