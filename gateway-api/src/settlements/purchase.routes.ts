import type { PurchaseRef } from '@allianceledger/contract';
import type { z } from 'zod';
import { chaincodeCall } from '../common/chaincode-call';
import { readRoute, writeRoute, type Route } from '../http/route';
import { Order, OrderDetails, OrderHistory } from './orders.schemas';
import {
  ArbitrationBody,
  CancellationBody,
  ConfirmationBody,
  DeliveryBody,
  DisputeBody,
  SettlementParams,
  ShipmentBody,
  StoreOrderParams,
} from './purchase.schemas';
import { ExpiredSettlement, Settlement, SettlementHistory, SettlementStep } from './settlements.schemas';

/**
 * Every step and view of one purchase (a store order and its settlement, DOMAIN.md §3), each under
 * both of the purchase's names: `/stores/{store}/orders/{storeOrderNo}` — the store by handle or party
 * id, the number the store's own — and `/settlements/{settlementNo}`. One table below states each step
 * once; both routes send the same chaincode transaction, naming the purchase as the path does.
 */

const tags = ['purchases'];

/** One way a path names a purchase. */
interface PurchaseName<P extends z.ZodType> {
  /** Express path of the purchase. */
  readonly path: string;
  readonly params: P;
  /** Appended to the operationIds of routes that are not this name's own. */
  readonly operationSuffix: string;
  readonly ref: (params: z.infer<P>) => PurchaseRef;
}

const byStoreOrder: PurchaseName<typeof StoreOrderParams> = {
  path: '/stores/:store/orders/:storeOrderNo',
  params: StoreOrderParams,
  operationSuffix: 'ByStoreOrder',
  ref: ({ store, storeOrderNo }) => ({ store, storeOrderNo }),
};

const bySettlementNo: PurchaseName<typeof SettlementParams> = {
  path: '/settlements/:settlementNo',
  params: SettlementParams,
  operationSuffix: 'BySettlementNo',
  ref: ({ settlementNo }) => ({ settlementNo }),
};

const NAMES = [byStoreOrder, bySettlementNo] as const;

/** A view of a purchase: the same chaincode query under each name, at the suffix each name gives it. */
interface PurchaseView {
  readonly transaction:
    | 'settlements:GetOrder'
    | 'settlements:GetOrderDetails'
    | 'settlements:GetOrderHistory'
    | 'settlements:GetSettlement'
    | 'settlements:GetSettlementHistory';
  /** The operationId under the name whose record it is (the other name's gets its suffix). */
  readonly operationId: string;
  readonly home: PurchaseName<z.ZodType>;
  /** Path suffix under [store order, settlement number]. */
  readonly suffixes: readonly [string, string];
  readonly summary: string;
  readonly response: z.ZodType;
  /** Histories answer `{items}`. */
  readonly wrapItems?: boolean;
}

const readers = '(its buyer and store, auditors, arbitrators)';

const VIEWS: readonly PurchaseView[] = [
  {
    transaction: 'settlements:GetOrder',
    operationId: 'getOrder',
    home: byStoreOrder,
    suffixes: ['', '/order'],
    summary: `The public store order: parties, amount, status, logistics, deadline and snapshot hash ${readers}`,
    response: Order,
  },
  {
    transaction: 'settlements:GetOrderDetails',
    operationId: 'getOrderDetails',
    home: byStoreOrder,
    suffixes: ['/details', '/order/details'],
    summary: `The private order snapshot: items and shipping address ${readers}; anyone else gets 403`,
    response: OrderDetails,
  },
  {
    transaction: 'settlements:GetOrderHistory',
    operationId: 'getOrderHistory',
    home: byStoreOrder,
    suffixes: ['/history', '/order/history'],
    summary: `Every committed version of the store order, oldest first ${readers}`,
    response: OrderHistory,
    wrapItems: true,
  },
  {
    transaction: 'settlements:GetSettlement',
    operationId: 'getSettlement',
    home: bySettlementNo,
    suffixes: ['/settlement', ''],
    summary: `The escrow settlement: frozen, paid and refunded amounts, top-ups, dispute, ruling ${readers}`,
    response: Settlement,
  },
  {
    transaction: 'settlements:GetSettlementHistory',
    operationId: 'getSettlementHistory',
    home: bySettlementNo,
    suffixes: ['/settlement/history', '/history'],
    summary: `Every committed version of the settlement, oldest first ${readers}`,
    response: SettlementHistory,
    wrapItems: true,
  },
];

/** A step of a purchase: one chaincode transaction, the same suffix under both names. */
interface PurchaseStep<B extends z.ZodObject> {
  readonly suffix: string;
  readonly operationId: string;
  readonly home: PurchaseName<z.ZodType>;
  readonly summary: string;
  readonly description: string;
  readonly body?: B;
  readonly response: z.ZodType;
  readonly call: (ref: PurchaseRef, body: z.infer<B>) => ReturnType<typeof chaincodeCall>;
}

/** A step, its body's type inferred for `call`. */
function step<B extends z.ZodObject>(s: PurchaseStep<B>): PurchaseStep<z.ZodObject> {
  return s;
}

const deadline =
  'The release deadline is `order.releaseDeadline` (shipment + `timeLimitSeconds`, by transaction time); once ' +
  "it has passed, the gateway's keeper pays the store in full by itself.";

const STEPS: readonly PurchaseStep<z.ZodObject>[] = [
  step({
    suffix: '/payment-acknowledgement',
    operationId: 'acknowledgePayment',
    home: byStoreOrder,
    summary: 'Mark the order PAID after seeing its settlement hold the amount frozen (the store)',
    description: 'Chaincode `settlements:AcknowledgePayment`.',
    response: Order,
    call: (ref) => chaincodeCall('settlements:AcknowledgePayment', ref),
  }),
  step({
    suffix: '/shipment',
    operationId: 'shipOrder',
    home: byStoreOrder,
    summary: 'Ship a paid order with carrier and tracking number; the release deadline starts (the store)',
    description: `Chaincode \`settlements:Ship\`. ${deadline}`,
    body: ShipmentBody,
    response: Order,
    call: (ref, body) => chaincodeCall('settlements:Ship', { ...ref, ...body }),
  }),
  step({
    suffix: '/delivery',
    operationId: 'recordDelivery',
    home: byStoreOrder,
    summary: 'Record delivery of a shipped order (an oracle of the `logistics` feed)',
    description:
      'Chaincode `settlements:RecordDelivery`: the caller reports DELIVERED into the logistics feed round named ' +
      "by the settlement number; the order becomes DELIVERED once the round holds the feed's quorum of fresh " +
      'reports (409 NO_QUORUM, with nothing recorded, before; 409 STALE_VALUE when the reports are too old; 409 ' +
      'ILLEGAL_STATE when the round agrees on another status; 404 NOT_FOUND when no `logistics` feed is ' +
      'registered). Send `{}` when there is no proof hash.',
    body: DeliveryBody,
    response: Order,
    call: (ref, body) => chaincodeCall('settlements:RecordDelivery', { ...ref, ...body }),
  }),
  step({
    suffix: '/confirmation',
    operationId: 'confirmReceipt',
    home: bySettlementNo,
    summary: 'Confirm receipt and pay the store `amountToPay`; the rest returns to the buyer (the buyer)',
    description:
      'Chaincode `settlements:ConfirmReceipt`: once the order is shipped or delivered. Settlement and order ' +
      'become COMPLETED; `settlement.paymentTxId` is this transaction. Past the release deadline only the full ' +
      'amount may be confirmed (409 ILLEGAL_STATE with `details.releaseDeadline` otherwise).',
    body: ConfirmationBody,
    response: SettlementStep,
    call: (ref, body) => chaincodeCall('settlements:ConfirmReceipt', { ...ref, ...body }),
  }),
  step({
    suffix: '/expiration',
    operationId: 'settleExpired',
    home: bySettlementNo,
    summary: 'Pay the store in full once the time limit after shipment has passed (anyone; the keeper does it)',
    description:
      'Chaincode `settlements:SettleExpired`. The answer is the settlement and its order for the purchase’s ' +
      'readers (its buyer and store, auditors, arbitrators); anyone else — the keeper too — gets ' +
      '`{settlementNo, status: COMPLETED}` only. Before `order.releaseDeadline` (transaction time) it answers 409 ' +
      'ILLEGAL_STATE with `details.releaseDeadline`; a disputed settlement can only be arbitrated — for anyone ' +
      `but the purchase’s readers these refusals name neither the state nor the deadline. ${deadline}`,
    response: ExpiredSettlement,
    call: (ref) => chaincodeCall('settlements:SettleExpired', ref),
  }),
  step({
    suffix: '/cancellation',
    operationId: 'cancelSettlement',
    home: bySettlementNo,
    summary: 'Cancel before shipment; the amount is unfrozen (the buyer or the store)',
    description:
      'Chaincode `settlements:Cancel`. Send `{}` when there is no reason to give. After shipment it answers 409 ' +
      'ILLEGAL_STATE.',
    body: CancellationBody,
    response: SettlementStep,
    call: (ref, body) => chaincodeCall('settlements:Cancel', { ...ref, ...body }),
  }),
  step({
    suffix: '/dispute',
    operationId: 'disputeSettlement',
    home: bySettlementNo,
    summary: 'Dispute a shipped or delivered order before the release deadline; the clock stops (the buyer)',
    description:
      'Chaincode `settlements:Dispute`. A disputed settlement closes only by arbitration. Past the release ' +
      'deadline it answers 409 ILLEGAL_STATE naming the deadline.',
    body: DisputeBody,
    response: SettlementStep,
    call: (ref, body) => chaincodeCall('settlements:Dispute', { ...ref, ...body }),
  }),
  step({
    suffix: '/arbitration',
    operationId: 'arbitrateSettlement',
    home: bySettlementNo,
    summary: 'Resolve a dispute: `storeAmount` to the store, the rest to the buyer (an arbitrator)',
    description: 'Chaincode `settlements:Arbitrate`. Settlement and order become ARBITRATED.',
    body: ArbitrationBody,
    response: SettlementStep,
    call: (ref, body) => chaincodeCall('settlements:Arbitrate', { ...ref, ...body }),
  }),
];

/** The operationId of a route under `name`: the home name keeps the plain id. */
function operationIdUnder(name: PurchaseName<z.ZodType>, home: PurchaseName<z.ZodType>, id: string): string {
  return name === home ? id : `${id}${name.operationSuffix}`;
}

function otherPath(name: PurchaseName<z.ZodType>): string {
  return name === byStoreOrder ? '`/settlements/{settlementNo}`' : '`/stores/{store}/orders/{storeOrderNo}`';
}

function viewRoutes(view: PurchaseView): Route[] {
  return NAMES.map((name: PurchaseName<z.ZodType>, i) =>
    readRoute({
      kind: 'read',
      method: 'get',
      path: `${name.path}${view.suffixes[i] ?? ''}`,
      operationId: operationIdUnder(name, view.home, view.operationId),
      summary: view.summary,
      description: `Chaincode \`${view.transaction}\`. The same purchase is also under ${otherPath(name)}.`,
      tags,
      params: name.params,
      response: view.response,
      handle: async ({ transactions, principal, params }) => {
        const result = await transactions.evaluate(principal, chaincodeCall(view.transaction, name.ref(params)));
        return view.wrapItems === true ? { items: result } : result;
      },
    }),
  );
}

function stepRoutes(s: PurchaseStep<z.ZodObject>): Route[] {
  return NAMES.map((name: PurchaseName<z.ZodType>) =>
    writeRoute({
      kind: 'write',
      method: 'post',
      path: `${name.path}${s.suffix}`,
      operationId: operationIdUnder(name, s.home, s.operationId),
      summary: s.summary,
      description: `${s.description} The same step is also at ${otherPath(name)}\`${s.suffix}\`.`,
      tags,
      params: name.params,
      ...(s.body === undefined ? {} : { body: s.body }),
      successStatus: 200,
      response: s.response,
      transaction: ({ params, body }) => s.call(name.ref(params), body),
    }),
  );
}

/** The purchase routes: views first, then steps, each under both names. */
export const purchaseRoutes: readonly Route[] = [...VIEWS.flatMap(viewRoutes), ...STEPS.flatMap(stepRoutes)];
