import {
  ListOrders,
  OrderDetailsRecord,
  OrderRecord,
  OrderRefInput,
  OrderSnapshot as ChaincodeOrderSnapshot,
  OrderStatus as OrderStatuses,
  RecordDeliveryInput,
  Sha256HexAnyCase,
  ShipInput,
} from '@allianceledger/contract';
import { z } from 'zod';
import { historyOf } from '../common/history.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';

/** Store orders over REST: the contract's inputs and records. */

export const OrderStatus = z.enum(OrderStatuses);
export const OrderSnapshot = ChaincodeOrderSnapshot;
export const Order = OrderRecord;
export const OrderPage = pageOf(OrderRecord).meta({ id: 'OrderPage' });
export const OrderHistory = historyOf(OrderRecord).meta({ id: 'OrderHistory' });
export const OrderDetails = OrderDetailsRecord;
export const OrderParams = OrderRefInput;
export const ShipmentBody = ShipInput.omit({ storeOrderNo: true });
export const DeliveryBody = RecordDeliveryInput.omit({ storeOrderNo: true }).extend({
  proofHash: Sha256HexAnyCase.optional().describe('SHA-256 of the delivery proof (hex, either case)'),
});
export const ListOrdersQuery = z.strictObject({ ...ListOrders.shape, ...Paging }).superRefine(ListOrders.check);
