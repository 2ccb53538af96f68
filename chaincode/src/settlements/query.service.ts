import { authorize, callerOf, grant, type Grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { history, page, type HistoryEntry, type Page } from '../lib/ledger';
import { Role } from '../lib/organizations';
import { party as partyCheck } from '../lib/party';
import { DEFAULT_PAGE_SIZE, id, object, oneOf, optional, PAGING, parseInput, text } from '../lib/validate';
import { findDetails, type OrderDetailsRecord } from './order-details';
import { OrderStatus, SettlementStatus } from './settlement.states';
import {
  loadOrder,
  loadSettlement,
  OrderIndex,
  orderKey,
  SettlementIndex,
  settlementKey,
  type OrderRecord,
  type SettlementRecord,
} from './settlement.store';

const OrderRef = object({ storeOrderNo: id });
const SettlementRef = object({ settlementNo: text({ max: 128 }) });
const ListBy = { buyer: 'buyer', store: 'store', status: 'status' } as const;
const ListInput = object({ by: oneOf(ListBy), value: optional(text({ max: 1024 })), ...PAGING });

/** Who may read a purchase: its buyer and store, auditors, arbitrators. */
function readers(record: { readonly buyer: string; readonly store: string }): Grant[] {
  return [
    grant.role(Role.BUYER, { party: record.buyer }),
    grant.role(Role.STORE, { party: record.store }),
    grant.role(Role.AUDITOR),
    grant.role(Role.ARBITRATOR),
  ];
}

/** GetOrder: the public store order. */
export async function getOrder(ctx: AllianceContext, input: string): Promise<OrderRecord> {
  const req = parseInput(input, OrderRef);
  const order = await loadOrder(ctx, req.storeOrderNo);
  await authorize(ctx, 'GetOrder', readers(order));
  return order;
}

/** GetOrderDetails: the private snapshot (items, address) for the parties, auditors and arbitrators. */
export async function getOrderDetails(ctx: AllianceContext, input: string): Promise<OrderDetailsRecord> {
  const req = parseInput(input, OrderRef);
  const order = await loadOrder(ctx, req.storeOrderNo);
  await authorize(ctx, 'GetOrderDetails', readers(order));
  const details = await findDetails(ctx, req.storeOrderNo);
  if (!details) throw fail.notFound('order details', req.storeOrderNo);
  return details;
}

/** GetSettlement: the escrow record. */
export async function getSettlement(ctx: AllianceContext, input: string): Promise<SettlementRecord> {
  const req = parseInput(input, SettlementRef);
  const settlement = await loadSettlement(ctx, req.settlementNo);
  await authorize(ctx, 'GetSettlement', readers(settlement));
  return settlement;
}

/** GetOrderHistory: every committed version of a store order, oldest first. */
export async function getOrderHistory(ctx: AllianceContext, input: string): Promise<HistoryEntry<OrderRecord>[]> {
  const req = parseInput(input, OrderRef);
  const order = await loadOrder(ctx, req.storeOrderNo);
  await authorize(ctx, 'GetOrderHistory', readers(order));
  return history<OrderRecord>(ctx, orderKey(ctx, req.storeOrderNo));
}

/** GetSettlementHistory: every committed version of a settlement, oldest first. */
export async function getSettlementHistory(
  ctx: AllianceContext,
  input: string,
): Promise<HistoryEntry<SettlementRecord>[]> {
  const req = parseInput(input, SettlementRef);
  const settlement = await loadSettlement(ctx, req.settlementNo);
  await authorize(ctx, 'GetSettlementHistory', readers(settlement));
  return history<SettlementRecord>(ctx, settlementKey(ctx, req.settlementNo));
}

/**
 * ListOrders: store orders by buyer, by store or by status, through composite-key indexes.
 * `{by: 'buyer'|'store', value?: party}` lists a party's own orders (value defaults to the caller;
 * auditors may name anyone); `{by: 'status', value: status}` is for auditors and arbitrators.
 */
export async function listOrders(ctx: AllianceContext, input: string): Promise<Page<OrderRecord>> {
  const items: OrderRecord[] = [];
  const rows = await list(ctx, input, 'ListOrders', OrderIndex, OrderStatus);
  for (const no of rows.ids) items.push(await loadOrder(ctx, no));
  return { items, bookmark: rows.bookmark };
}

/** ListSettlements: settlements by buyer, by store or by status, as ListOrders. */
export async function listSettlements(ctx: AllianceContext, input: string): Promise<Page<SettlementRecord>> {
  const items: SettlementRecord[] = [];
  const rows = await list(ctx, input, 'ListSettlements', SettlementIndex, SettlementStatus);
  for (const no of rows.ids) items.push(await loadSettlement(ctx, no));
  return { items, bookmark: rows.bookmark };
}

async function list(
  ctx: AllianceContext,
  input: string,
  action: string,
  index: Readonly<Record<keyof typeof ListBy, string>>,
  statuses: Readonly<Record<string, string>>,
): Promise<{ ids: string[]; bookmark: string }> {
  const req = parseInput(input, ListInput);
  let key: string;
  let grants: Grant[];
  if (req.by === ListBy.status) {
    key = oneOf(statuses)(req.value, 'input.value');
    grants = [grant.role(Role.AUDITOR), grant.role(Role.ARBITRATOR)];
  } else {
    key = req.value === undefined ? callerOf(ctx).party : partyCheck(req.value, 'input.value');
    const role = req.by === ListBy.buyer ? Role.BUYER : Role.STORE;
    grants = [grant.role(role, { party: key }), grant.role(Role.AUDITOR)];
  }
  await authorize(ctx, action, grants);
  const rows = await page(ctx, index[req.by], [key], {
    pageSize: req.pageSize ?? DEFAULT_PAGE_SIZE,
    bookmark: req.bookmark ?? '',
  });
  return { ids: rows.items.map((r) => r.attributes[1] ?? ''), bookmark: rows.bookmark };
}
