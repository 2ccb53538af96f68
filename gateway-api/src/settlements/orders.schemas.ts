import {
  ListOrders,
  OrderDetailsRecord,
  OrderRecord,
  OrderSnapshot as ChaincodeOrderSnapshot,
  OrderStatus as OrderStatuses,
} from '@allianceledger/contract';
import { z } from 'zod';
import { historyOf } from '../common/history.schemas';
import { pageOf, Paging } from '../common/pagination.schemas';

/** Store orders over REST: the contract's records; the steps are in purchase.schemas.ts. */

export const OrderStatus = z.enum(OrderStatuses);
export const OrderSnapshot = ChaincodeOrderSnapshot;
export const Order = OrderRecord;
export const OrderPage = pageOf(OrderRecord).meta({ id: 'OrderPage' });
export const OrderHistory = historyOf(OrderRecord).meta({ id: 'OrderHistory' });
export const OrderDetails = OrderDetailsRecord;
export const ListOrdersQuery = z.strictObject({ ...ListOrders.shape, ...Paging }).superRefine(ListOrders.check);
