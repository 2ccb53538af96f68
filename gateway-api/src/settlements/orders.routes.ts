import { chaincodeCall } from '../common/chaincode-call';
import { evaluatePage } from '../common/pagination.schemas';
import { readRoute, type Route } from '../http/route';
import { ListOrdersQuery, OrderPage } from './orders.schemas';

const tags = ['orders'];

/**
 * Store orders (contract `settlements`): the listing. One order's views and steps are purchase routes
 * (`/stores/{store}/orders/{storeOrderNo}`, purchase.routes.ts).
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
];
