import {
  ListOrders,
  ListSettlements,
  PurchaseRefInput,
  Role,
  type HistoryEntry,
  type Page,
} from '@allianceledger/contract';
import { authorize, grant, permits, type Grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { history } from '../lib/ledger';
import { listByIndex, listingTarget } from '../lib/records';
import { pageRequest, parseInput } from '../lib/validate';
import { findDetails, type OrderDetailsRecord } from './order-details';
import {
  loadOrder,
  loadSettlement,
  locatePurchase,
  OrderIndex,
  orderKey,
  settlementKey,
  settlementListingIndex,
  type OrderRecord,
  type SettlementRecord,
} from './settlement.store';

/** Who may read a purchase: its buyer and store, auditors, arbitrators. */
function readers(record: { readonly buyer: string; readonly store: string }): Grant[] {
  return [
    grant.role(Role.BUYER, { party: record.buyer }),
    grant.role(Role.STORE, { party: record.store }),
    grant.role(Role.AUDITOR),
    grant.role(Role.ARBITRATOR),
  ];
}

/** Whether the caller may read the purchase (for a step anyone may take, whose answer it shapes). */
export async function readsPurchase(ctx: AllianceContext, record: { buyer: string; store: string }): Promise<boolean> {
  return permits(ctx, readers(record));
}

/** GetOrder: the public store order. */
export async function getOrder(ctx: AllianceContext, input: string): Promise<OrderRecord> {
  const order = await loadOrder(ctx, await locatePurchase(ctx, parseInput(input, PurchaseRefInput)));
  await authorize(ctx, 'GetOrder', readers(order));
  return order;
}

/** GetOrderDetails: the private snapshot (items, address) for the parties, auditors and arbitrators. */
export async function getOrderDetails(ctx: AllianceContext, input: string): Promise<OrderDetailsRecord> {
  const order = await loadOrder(ctx, await locatePurchase(ctx, parseInput(input, PurchaseRefInput)));
  await authorize(ctx, 'GetOrderDetails', readers(order));
  const details = await findDetails(ctx, order.settlementNo);
  if (!details) throw fail.notFound('order details', order.settlementNo);
  return details;
}

/** GetSettlement: the escrow record. */
export async function getSettlement(ctx: AllianceContext, input: string): Promise<SettlementRecord> {
  const settlement = await loadSettlement(ctx, await locatePurchase(ctx, parseInput(input, PurchaseRefInput)));
  await authorize(ctx, 'GetSettlement', readers(settlement));
  return settlement;
}

/** GetOrderHistory: every committed version of a store order, oldest first. */
export async function getOrderHistory(ctx: AllianceContext, input: string): Promise<HistoryEntry<OrderRecord>[]> {
  const order = await loadOrder(ctx, await locatePurchase(ctx, parseInput(input, PurchaseRefInput)));
  await authorize(ctx, 'GetOrderHistory', readers(order));
  return history<OrderRecord>(ctx, orderKey(ctx, order.settlementNo));
}

/** GetSettlementHistory: every committed version of a settlement, oldest first. */
export async function getSettlementHistory(
  ctx: AllianceContext,
  input: string,
): Promise<HistoryEntry<SettlementRecord>[]> {
  const settlement = await loadSettlement(ctx, await locatePurchase(ctx, parseInput(input, PurchaseRefInput)));
  await authorize(ctx, 'GetSettlementHistory', readers(settlement));
  return history<SettlementRecord>(ctx, settlementKey(ctx, settlement.settlementNo));
}

/**
 * ListOrders: store orders by buyer, by store or by status, through composite-key indexes.
 * `{by: 'buyer'|'store', value?: party}` lists a party's own orders (value defaults to the caller;
 * auditors may name anyone); `{by: 'status', value: status}` is for auditors and arbitrators.
 */
export async function listOrders(ctx: AllianceContext, input: string): Promise<Page<OrderRecord>> {
  const req = parseInput(input, ListOrders.input);
  const { by, key } = await authorizeListing(ctx, req, 'ListOrders');
  return listByIndex(ctx, OrderIndex[by], [key], pageRequest(req), (no) => loadOrder(ctx, no));
}

/** ListSettlements: settlements by buyer, by store or by status, as ListOrders. */
export async function listSettlements(ctx: AllianceContext, input: string): Promise<Page<SettlementRecord>> {
  const req = parseInput(input, ListSettlements.input);
  const { by, key } = await authorizeListing(ctx, req, 'ListSettlements');
  return listByIndex(ctx, settlementListingIndex(by), [key], pageRequest(req), (no) => loadSettlement(ctx, no));
}

/** A party lists its own purchases as buyer or store; auditors any; auditors and arbitrators by status. */
async function authorizeListing(
  ctx: AllianceContext,
  req: { readonly by: 'buyer' | 'store' | 'status'; readonly value?: string | undefined },
  action: string,
): Promise<{ readonly by: 'buyer' | 'store' | 'status'; readonly key: string }> {
  const target = await listingTarget(ctx, req);
  const grants: Grant[] = target.byStatus
    ? [grant.role(Role.AUDITOR), grant.role(Role.ARBITRATOR)]
    : [grant.role(req.by === 'buyer' ? Role.BUYER : Role.STORE, { party: target.key }), grant.role(Role.AUDITOR)];
  await authorize(ctx, action, grants);
  return target;
}
