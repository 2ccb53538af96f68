import {
  ExpiredSettlement as ChaincodeExpiredSettlement,
  ListSettlements,
  RequestSettlementInput,
  SettlementRecord,
  SettlementRequested as ChaincodeSettlementRequested,
  SettlementStatus as SettlementStatuses,
  SettlementStep as ChaincodeSettlementStep,
} from '@allianceledger/contract';
import { z } from 'zod';
import { historyOf } from '../common/history.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';
import { OrderSnapshot } from './orders.schemas';

/** Settlements over REST: the contract's inputs and records; the steps are in purchase.schemas.ts. */

export const SettlementStatus = z.enum(SettlementStatuses);
export const Settlement = SettlementRecord;
export const SettlementPage = pageOf(SettlementRecord).meta({ id: 'SettlementPage' });
export const SettlementHistory = historyOf(SettlementRecord).meta({ id: 'SettlementHistory' });
export const SettlementStep = ChaincodeSettlementStep;
export const SettlementRequested = ChaincodeSettlementRequested;
export const ExpiredSettlement = ChaincodeExpiredSettlement;

/** The chaincode input, and the private order snapshot the gateway sends in the transient field `order`. */
export const RequestSettlementBody = RequestSettlementInput.extend({
  order: OrderSnapshot.optional().describe(
    'The private order snapshot, optional. The gateway sends it in the transient field `order`, never as an ' +
      'argument, so it never reaches a block; it must repeat storeOrderNo, currency and amount. Without it the ' +
      'order has no `snapshotHash` (and an update without it drops the earlier snapshot)',
  ),
});

export const ListSettlementsQuery = z
  .strictObject({ ...ListSettlements.shape, ...Paging })
  .superRefine(ListSettlements.check);
