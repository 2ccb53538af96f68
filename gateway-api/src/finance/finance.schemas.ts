import {
  CancelFinancingInput,
  CancelPledgeInput,
  CreditLineMoveInput,
  CreditLineMovement as ChaincodeCreditLineMovement,
  CreditLineRecord,
  GrantCreditLineInput,
  IssueReceiptInput,
  IssueReceivableInput,
  ListCreditLines,
  ListReceipts,
  ListReceivables,
  ReceiptPaymentInput,
  ReceiptRecord,
  ReceivablePaymentInput,
  OverdueReceivable as ChaincodeOverdueReceivable,
  ReceivableRecord,
  RejectReceivableInput,
  RequestFinancingInput,
  RequestPledgeInput,
  Sha256HexAnyCase,
  SplitReceivableInput,
  SplitResult as ChaincodeSplitResult,
  TransferReceivableInput,
} from '@allianceledger/contract';
import { z } from 'zod';
import { historyOf } from '../common/history.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';

/**
 * Supply-chain finance over REST: receivables, warehouse receipts and credit lines. Each body is the
 * chaincode input without the path's record id; the path names the record by its id field.
 */

export const Receivable = ReceivableRecord;
export const OverdueReceivable = ChaincodeOverdueReceivable;
export const ReceivablePage = pageOf(ReceivableRecord).meta({ id: 'ReceivablePage' });
export const ReceivableHistory = historyOf(ReceivableRecord).meta({ id: 'ReceivableHistory' });
export const SplitResult = ChaincodeSplitResult;
export const IssueReceivableBody = IssueReceivableInput.extend({
  contractHash: Sha256HexAnyCase.describe('SHA-256 of the underlying contract or order (hex, either case)'),
});
export const ReceivableParams = z.strictObject({ receivableId: ReceivableRecord.shape.receivableId });
export const RejectionBody = RejectReceivableInput.omit({ receivableId: true });
export const FinancingCancellationBody = CancelFinancingInput.omit({ receivableId: true });
export const TransferBody = TransferReceivableInput.omit({ receivableId: true });
export const SplitBody = SplitReceivableInput.omit({ receivableId: true });
export const FinancingRequestBody = RequestFinancingInput.omit({ receivableId: true });
export const PaymentBody = ReceivablePaymentInput.omit({ receivableId: true });
export const ListReceivablesQuery = z
  .strictObject({ ...ListReceivables.shape, ...Paging })
  .superRefine(ListReceivables.check);

export const Receipt = ReceiptRecord;
export const ReceiptPage = pageOf(ReceiptRecord).meta({ id: 'WarehouseReceiptPage' });
export const IssueReceiptBody = IssueReceiptInput;
export const ReceiptParams = z.strictObject({ receiptId: ReceiptRecord.shape.receiptId });
export const PledgeRequestBody = RequestPledgeInput.omit({ receiptId: true });
export const PledgeCancellationBody = CancelPledgeInput.omit({ receiptId: true });
export const ReceiptPaymentBody = ReceiptPaymentInput.omit({ receiptId: true });
export const ListReceiptsQuery = z.strictObject({ ...ListReceipts.shape, ...Paging }).superRefine(ListReceipts.check);

export const CreditLine = CreditLineRecord;
export const CreditLinePage = pageOf(CreditLineRecord).meta({ id: 'CreditLinePage' });
export const CreditLineMovement = ChaincodeCreditLineMovement;
export const GrantCreditLineBody = GrantCreditLineInput;
export const LineParams = z.strictObject({ lineId: CreditLineRecord.shape.lineId });
export const LineMoveBody = CreditLineMoveInput.omit({ lineId: true });
export const ListCreditLinesQuery = z
  .strictObject({ ...ListCreditLines.shape, ...Paging })
  .superRefine(ListCreditLines.check);
