import {
  ArbitrateInput,
  CancelSettlementInput,
  ConfirmReceiptInput,
  DisputeInput,
  ListSettlements,
  RequestSettlementInput,
  Sha256HexAnyCase,
  SettlementRecord,
  SettlementRequested as ChaincodeSettlementRequested,
  SettlementStatus as SettlementStatuses,
  SettlementStep as ChaincodeSettlementStep,
} from '@allianceledger/contract';
import { z } from 'zod';
import { historyOf } from '../common/history.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';
import { OrderSnapshot } from './orders.schemas';

/**
 * Settlements over REST: each body is the chaincode input without the path's `settlementNo`; the path
 * names the settlement by its record's id. Every rule is the contract's.
 */

export const SettlementStatus = z.enum(SettlementStatuses);
export const Settlement = SettlementRecord;
export const SettlementPage = pageOf(SettlementRecord).meta({ id: 'SettlementPage' });
export const SettlementHistory = historyOf(SettlementRecord).meta({ id: 'SettlementHistory' });
export const SettlementStep = ChaincodeSettlementStep;
export const SettlementRequested = ChaincodeSettlementRequested;

/** The chaincode input, and the private order snapshot the gateway sends in the transient field `order`. */
export const RequestSettlementBody = RequestSettlementInput.extend({
  order: OrderSnapshot.optional().describe(
    'The private order snapshot, optional. The gateway sends it in the transient field `order`, never as an ' +
      'argument, so it never reaches a block; it must repeat storeOrderNo, currency and amount. Without it the ' +
      'order has no `snapshotHash` (and an update without it drops the earlier snapshot)',
  ),
});

export const SettlementParams = z.strictObject({ settlementNo: SettlementRecord.shape.settlementNo });
export const ConfirmationBody = ConfirmReceiptInput.omit({ settlementNo: true });
export const CancellationBody = CancelSettlementInput.omit({ settlementNo: true });
export const DisputeBody = DisputeInput.omit({ settlementNo: true }).extend({
  evidenceHash: Sha256HexAnyCase.optional().describe('SHA-256 of the evidence, kept off chain (hex, either case)'),
});
export const ArbitrationBody = ArbitrateInput.omit({ settlementNo: true });
export const ListSettlementsQuery = z
  .strictObject({ ...ListSettlements.shape, ...Paging })
  .superRefine(ListSettlements.check);
