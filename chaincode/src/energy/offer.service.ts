import {
  BuyEnergyInput,
  DEFAULT_READING_GRACE_SECONDS,
  EnergyOfferRefInput,
  EnergyPurchaseRefInput,
  ListEnergyOffersInput,
  ListEnergyPurchasesInput,
  MAX_PURCHASES_PER_OFFER,
  MAX_WINDOW_SECONDS,
  MeterSide,
  OfferEnergyInput,
  Org,
  Role,
} from '@allianceledger/contract';
import { payerAccount } from '../finance/finance.store';
import { authorize, callerOf, grant, permits } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { audience, CONSORTIUM, emit, EventName } from '../lib/events';
import type { Page } from '../lib/ledger';
import { nextState } from '../lib/state-machine';
import { addSeconds, isoToMs, txTime } from '../lib/time';
import { pageRequest, parseInput } from '../lib/validate';
import { withParties } from '../members/handle.store';
import { freeze, loadHolding, saveHolding } from '../wallets/balance.store';
import { getCurrency } from '../wallets/currency.store';
import { frozenFor } from './allocation';
import {
  EnergyIndex,
  listEnergy,
  loadOffer,
  loadPurchase,
  saveOffer,
  savePurchase,
  type EnergyOfferRecord,
  type EnergyPurchaseRecord,
} from './energy.store';
import { EnergyOfferStatus, OfferAction, OfferMachine } from './energy.states';
import { ownMeter } from './meter.service';

/**
 * The energy market: a producer offers Wh of a future delivery window at a price per kWh; consumers buy
 * all or part of it before the window starts, and each purchase freezes ⌈Wh × price / 1000⌉ in the
 * buyer's account. Offers are public to members (a market); a purchase is its consumer's and producer's.
 *
 * Every purchase of one offer reads and writes the offer (its sold quantity), so concurrent buyers of
 * the same offer serialize: one commits, the others are invalidated (MVCC) and retried by the gateway.
 */

/** OfferEnergy: a producer offers Wh from its own meter for a window that has not started. */
export async function offerEnergy(ctx: AllianceContext, input: string): Promise<EnergyOfferRecord> {
  const req = parseInput(input, OfferEnergyInput);
  const { caller } = await authorize(ctx, 'OfferEnergy', [grant.role(Role.ENERGY_PRODUCER)]);
  const meter = await ownMeter(ctx, req.meterId, caller.party, MeterSide.PRODUCER, 'input.meterId');
  await payerAccount(ctx, req.accountId, 'OfferEnergy');
  await getCurrency(ctx, req.currency);
  const now = txTime(ctx);
  const start = isoToMs(req.windowStart);
  const end = isoToMs(req.windowEnd);
  if (start <= now.ms)
    throw fail.invalid('the window must start after this transaction', { field: 'input.windowStart' });
  if (end <= start || end - start > MAX_WINDOW_SECONDS * 1000) {
    throw fail.invalid(`the window must end after it starts, within ${MAX_WINDOW_SECONDS} s`, {
      field: 'input.windowEnd',
    });
  }
  const offer: EnergyOfferRecord = {
    offerId: ctx.stub.getTxID(),
    producer: caller.party,
    meterId: meter.meterId,
    feedId: meter.feedId,
    accountId: req.accountId,
    windowStart: req.windowStart,
    windowEnd: req.windowEnd,
    settleBy: addSeconds(req.windowEnd, req.readingGraceSeconds ?? DEFAULT_READING_GRACE_SECONDS),
    quantityWh: req.quantityWh.toString(),
    soldWh: '0',
    purchases: 0,
    pricePerKwh: req.pricePerKwh.toString(),
    currency: req.currency,
    renewable: req.renewable,
    status: EnergyOfferStatus.OPEN,
    createdAt: now.iso,
    updatedAt: now.iso,
  };
  await saveOffer(ctx, offer);
  emit(ctx, EventName.ENERGY_OFFERED, CONSORTIUM, offer);
  return offer;
}

/** BuyEnergy: a consumer buys Wh of an open offer before its window starts; the price is frozen. */
export async function buyEnergy(ctx: AllianceContext, input: string): Promise<EnergyPurchaseRecord> {
  const req = parseInput(input, BuyEnergyInput);
  const current = await loadOffer(ctx, req.offerId);
  const { caller } = await authorize(ctx, 'BuyEnergy', [grant.role(Role.ENERGY_CONSUMER)]);
  if (caller.party === current.producer)
    throw fail.invalid('a producer does not buy its own offer', { field: 'input.offerId' });
  const status = nextState(OfferMachine, current.status, OfferAction.BUY);
  const now = txTime(ctx);
  if (now.ms >= isoToMs(current.windowStart)) {
    throw fail.illegalState('the delivery window has started: the offer sells no more', {
      offerId: current.offerId,
      windowStart: current.windowStart,
    });
  }
  const remaining = BigInt(current.quantityWh) - BigInt(current.soldWh);
  if (req.quantityWh > remaining) {
    throw fail.illegalState('the offer has less left than that', {
      offerId: current.offerId,
      remainingWh: remaining.toString(),
    });
  }
  if (current.purchases >= MAX_PURCHASES_PER_OFFER) {
    throw fail.illegalState(`an offer takes at most ${MAX_PURCHASES_PER_OFFER} purchases`, {
      offerId: current.offerId,
    });
  }
  const meter = await ownMeter(ctx, req.meterId, caller.party, MeterSide.CONSUMER, 'input.meterId');
  await payerAccount(ctx, req.accountId, 'BuyEnergy');
  const price = BigInt(current.pricePerKwh);
  const frozenAmount = frozenFor(req.quantityWh, price);
  await saveHolding(ctx, freeze(await loadHolding(ctx, req.accountId, current.currency), frozenAmount));
  const purchase: EnergyPurchaseRecord = {
    purchaseId: ctx.stub.getTxID(),
    offerId: current.offerId,
    producer: current.producer,
    consumer: caller.party,
    meterId: meter.meterId,
    feedId: meter.feedId,
    accountId: req.accountId,
    quantityWh: req.quantityWh.toString(),
    pricePerKwh: current.pricePerKwh,
    currency: current.currency,
    frozenAmount: frozenAmount.toString(),
    status: 'FROZEN',
    createdAt: now.iso,
    updatedAt: now.iso,
  };
  await savePurchase(ctx, purchase);
  const offer: EnergyOfferRecord = {
    ...current,
    status,
    soldWh: (BigInt(current.soldWh) + req.quantityWh).toString(),
    purchases: current.purchases + 1,
    updatedAt: now.iso,
  };
  await saveOffer(ctx, offer, current);
  emit(ctx, EventName.ENERGY_BOUGHT, audience([purchase.consumer, purchase.producer]), purchase);
  return purchase;
}

/**
 * The offer as the caller may see it. Offers are the market, but what a window's settlement found and
 * paid is the producer's, auditors' and the grid organisation's admins'; anyone else — a consumer too,
 * whose own figures are on its purchase (the window's totals would tell it the other consumers') — sees
 * the offer without `settlement`.
 */
export async function offerView(ctx: AllianceContext, offer: EnergyOfferRecord): Promise<EnergyOfferRecord> {
  if (offer.settlement === undefined) return offer;
  return (await readsSettlement(ctx, offer)) ? offer : marketView(offer);
}

/** Whether the caller may read what the offer's window settlement finds: its producer, auditors, the grid admins. */
export async function readsSettlement(ctx: AllianceContext, offer: EnergyOfferRecord): Promise<boolean> {
  return permits(ctx, [grant.member(offer.producer), grant.role(Role.AUDITOR), grant.orgAdmin(Org.ENERGY)]);
}

/** The offer without what its window's settlement found and paid. */
export function marketView(offer: EnergyOfferRecord): EnergyOfferRecord {
  const { settlement: _producers, ...market } = offer;
  return market;
}

/** GetOffer: any member or org admin (offers are the market); its settlement per {@link offerView}. */
export async function getOffer(ctx: AllianceContext, input: string): Promise<EnergyOfferRecord> {
  const req = parseInput(input, EnergyOfferRefInput);
  await authorize(ctx, 'GetOffer', [grant.member(), grant.orgAdmin()]);
  return offerView(ctx, await loadOffer(ctx, req.offerId));
}

/** ListOffers: any member or org admin; offers in one status (default OPEN), all or one producer's. */
export async function listOffers(ctx: AllianceContext, input: string): Promise<Page<EnergyOfferRecord>> {
  const req = await withParties(ctx, parseInput(input, ListEnergyOffersInput), ['producer']);
  await authorize(ctx, 'ListOffers', [grant.member(), grant.orgAdmin()]);
  const status = req.status ?? EnergyOfferStatus.OPEN;
  const page =
    req.producer === undefined
      ? await listEnergy<EnergyOfferRecord>(ctx, EnergyIndex.offerStatus, 'offer', [status], pageRequest(req))
      : await listEnergy<EnergyOfferRecord>(
          ctx,
          EnergyIndex.offerProducer,
          'offer',
          [req.producer, status],
          pageRequest(req),
        );
  const items: EnergyOfferRecord[] = [];
  for (const offer of page.items) items.push(await offerView(ctx, offer));
  return { ...page, items };
}

/** GetPurchase: its consumer and producer, auditors. */
export async function getPurchase(ctx: AllianceContext, input: string): Promise<EnergyPurchaseRecord> {
  const req = parseInput(input, EnergyPurchaseRefInput);
  const purchase = await loadPurchase(ctx, req.purchaseId);
  await authorize(ctx, 'GetPurchase', [
    grant.member(purchase.consumer),
    grant.member(purchase.producer),
    grant.role(Role.AUDITOR),
  ]);
  return purchase;
}

/** ListPurchases: a consumer's purchases (default the caller's), for the consumer and auditors. */
export async function listPurchases(ctx: AllianceContext, input: string): Promise<Page<EnergyPurchaseRecord>> {
  const req = await withParties(ctx, parseInput(input, ListEnergyPurchasesInput), ['consumer']);
  const consumer = req.consumer ?? callerOf(ctx).party;
  await authorize(ctx, 'ListPurchases', [grant.member(consumer), grant.role(Role.AUDITOR)]);
  return listEnergy(ctx, EnergyIndex.purchaseConsumer, 'purchase', [consumer], pageRequest(req));
}
