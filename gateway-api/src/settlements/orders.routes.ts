import { chaincodeCall } from '../common/chaincode-call';
import { evaluatePage } from '../common/pagination.schemas';
import { readRoute, writeRoute, type Route } from '../http/route';
import {
  DeliveryBody,
  ListOrdersQuery,
  Order,
  OrderDetails,
  OrderHistory,
  OrderPage,
  OrderParams,
  ShipmentBody,
} from './orders.schemas';

const tags = ['orders'];

/**
 * Store orders (contract `settlements`): the public order a settlement pays for, its fulfilment steps
 * (acknowledge payment, ship, record delivery) and its private details.
 */
export const orderRoutes: readonly Route[] = [
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/orders',
    operationId: 'listOrders',
    summary: 'Store orders by buyer, by store (the party itself, auditors) or by status (auditors, arbitrators)',
    description: 'Chaincode `settlements:ListOrders`.',
    tags,
    query: ListOrdersQuery,
    response: OrderPage,
    handle: ({ transactions, principal, query }) =>
      evaluatePage(() => transactions.evaluate(principal, chaincodeCall('settlements:ListOrders', query))),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/orders/:storeOrderNo',
    operationId: 'getOrder',
    summary: 'The public store order: parties, amount, status, logistics and the snapshot hash',
    description: 'Chaincode `settlements:GetOrder` (its buyer and store, auditors, arbitrators).',
    tags,
    params: OrderParams,
    response: Order,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('settlements:GetOrder', params)),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/orders/:storeOrderNo/details',
    operationId: 'getOrderDetails',
    summary: 'The private order snapshot: items and shipping address (its buyer and store, auditors, arbitrators)',
    description:
      'Chaincode `settlements:GetOrderDetails`, from the `orderDetails` private data collection. Anyone else ' +
      'gets 403.',
    tags,
    params: OrderParams,
    response: OrderDetails,
    handle: ({ transactions, principal, params }) =>
      transactions.evaluate(principal, chaincodeCall('settlements:GetOrderDetails', params)),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/orders/:storeOrderNo/history',
    operationId: 'getOrderHistory',
    summary: 'Every committed version of a store order, oldest first (its buyer and store, auditors, arbitrators)',
    description: 'Chaincode `settlements:GetOrderHistory`.',
    tags,
    params: OrderParams,
    response: OrderHistory,
    handle: async ({ transactions, principal, params }) => ({
      items: await transactions.evaluate(principal, chaincodeCall('settlements:GetOrderHistory', params)),
    }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/orders/:storeOrderNo/payment-acknowledgement',
    operationId: 'acknowledgePayment',
    summary: 'Mark the order PAID after seeing its settlement hold the amount frozen (the store)',
    description: 'Chaincode `settlements:AcknowledgePayment`.',
    tags,
    params: OrderParams,
    successStatus: 200,
    response: Order,
    transaction: ({ params }) => chaincodeCall('settlements:AcknowledgePayment', params),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/orders/:storeOrderNo/shipment',
    operationId: 'shipOrder',
    summary: 'Ship a paid order with carrier and tracking number; the release deadline starts (the store)',
    description: 'Chaincode `settlements:Ship`.',
    tags,
    params: OrderParams,
    body: ShipmentBody,
    successStatus: 200,
    response: Order,
    transaction: ({ params, body }) =>
      chaincodeCall('settlements:Ship', { storeOrderNo: params.storeOrderNo, ...body }),
  }),
  writeRoute({
    kind: 'write',
    method: 'post',
    path: '/orders/:storeOrderNo/delivery',
    operationId: 'recordDelivery',
    summary: 'Record delivery of a shipped order (a logistics oracle of EcommerceMSP)',
    description: 'Chaincode `settlements:RecordDelivery`. Send `{}` when there is no proof hash.',
    tags,
    params: OrderParams,
    body: DeliveryBody,
    successStatus: 200,
    response: Order,
    transaction: ({ params, body }) =>
      chaincodeCall('settlements:RecordDelivery', { storeOrderNo: params.storeOrderNo, ...body }),
  }),
];
