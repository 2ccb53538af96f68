import {
  DeadlineKind,
  type EnergyOfferRecord,
  type EnergyPurchaseRecord,
  type GreenCertificateRecord,
  type MeterRecord,
} from '@allianceledger/contract';
import type { Context } from 'fabric-contract-api';
import { keepDeadline } from '../keeper/deadline.store';
import { compositeKey, getOptional, getOrThrow, put, scan, type Page, type PageRequest } from '../lib/ledger';
import { listByIndex, saveRecord, type RecordIndex } from '../lib/records';
import { EnergyOfferStatus } from './energy.states';

/**
 * Where energy trading lives (DOMAIN.md §7). Meters never change once registered; an offer changes
 * when bought from and when settled; purchases and certificates change with their status and owner.
 * Every listing reads an index (composite keys), never a full scan, and index rows are blind writes.
 */
export const EnergyKey = {
  /** `energy~meter` + [meterId]. */
  meter: 'energy~meter',
  /** `energy~meter-feed` + [feedId]: `{meterId}`, so that one feed measures one meter. */
  meterFeed: 'energy~meter-feed',
  /** `energy~offer` + [offerId]. */
  offer: 'energy~offer',
  /** `energy~purchase` + [purchaseId]. */
  purchase: 'energy~purchase',
  /** `energy~certificate` + [certificateId]. */
  certificate: 'energy~certificate',
} as const;

/** Listing indexes. */
export const EnergyIndex = {
  /** `energy~meter-party` + [party, meterId]. */
  meterParty: 'energy~meter-party',
  /** `energy~offer-status` + [status, offerId]: the market's open offers. */
  offerStatus: 'energy~offer-status',
  /** `energy~offer-producer` + [producer, status, offerId]. */
  offerProducer: 'energy~offer-producer',
  /** `energy~offer-purchase` + [offerId, purchaseId]: what a settlement pays (never moves). */
  offerPurchase: 'energy~offer-purchase',
  /** `energy~purchase-consumer` + [consumer, purchaseId]. */
  purchaseConsumer: 'energy~purchase-consumer',
  /** `energy~certificate-owner` + [owner, certificateId]: certificates by their current owner. */
  certificateOwner: 'energy~certificate-owner',
} as const;

export type { EnergyOfferRecord, EnergyPurchaseRecord, GreenCertificateRecord, MeterRecord };

type KeyType = keyof typeof EnergyKey;
const ENTITY: Readonly<Record<KeyType, string>> = {
  meter: 'meter',
  meterFeed: 'meter feed',
  offer: 'energy offer',
  purchase: 'energy purchase',
  certificate: 'green certificate',
};

/** Key of an energy record keyed by one id. */
export function energyKey(ctx: Context, type: KeyType, id: string): string {
  return compositeKey(ctx, EnergyKey[type], [id]);
}

function load<T>(ctx: Context, type: KeyType, id: string): Promise<T> {
  return getOrThrow<T>(ctx, energyKey(ctx, type, id), ENTITY[type], id);
}

/** A meter; NOT_FOUND otherwise. */
export const loadMeter = (ctx: Context, meterId: string): Promise<MeterRecord> => load(ctx, 'meter', meterId);
/** An offer; NOT_FOUND otherwise. */
export const loadOffer = (ctx: Context, offerId: string): Promise<EnergyOfferRecord> => load(ctx, 'offer', offerId);
/** An offer, or undefined. */
export const findOffer = (ctx: Context, offerId: string): Promise<EnergyOfferRecord | undefined> =>
  getOptional<EnergyOfferRecord>(ctx, energyKey(ctx, 'offer', offerId));
/** A purchase; NOT_FOUND otherwise. */
export const loadPurchase = (ctx: Context, purchaseId: string): Promise<EnergyPurchaseRecord> =>
  load(ctx, 'purchase', purchaseId);
/** A certificate; NOT_FOUND otherwise. */
export const loadCertificate = (ctx: Context, certificateId: string): Promise<GreenCertificateRecord> =>
  load(ctx, 'certificate', certificateId);

/** The meter already reading `feedId`, if any. */
export async function meterOfFeed(ctx: Context, feedId: string): Promise<string | undefined> {
  return (await getOptional<{ meterId: string }>(ctx, energyKey(ctx, 'meterFeed', feedId)))?.meterId;
}

/** Whether a meter id is taken. */
export async function meterExists(ctx: Context, meterId: string): Promise<boolean> {
  return (await getOptional(ctx, energyKey(ctx, 'meter', meterId))) !== undefined;
}

const METER_INDEXES: readonly RecordIndex<MeterRecord>[] = [
  { type: EnergyIndex.meterParty, attributes: (m) => [m.party] },
];
const OFFER_INDEXES: readonly RecordIndex<EnergyOfferRecord>[] = [
  { type: EnergyIndex.offerStatus, attributes: (o) => [o.status] },
  { type: EnergyIndex.offerProducer, attributes: (o) => [o.producer, o.status] },
];
const PURCHASE_INDEXES: readonly RecordIndex<EnergyPurchaseRecord>[] = [
  { type: EnergyIndex.offerPurchase, attributes: (p) => [p.offerId] },
  { type: EnergyIndex.purchaseConsumer, attributes: (p) => [p.consumer] },
];
const CERTIFICATE_INDEXES: readonly RecordIndex<GreenCertificateRecord>[] = [
  { type: EnergyIndex.certificateOwner, attributes: (c) => [c.owner] },
];

/** Writes a new meter, its feed claim and its party row. */
export async function createMeter(ctx: Context, meter: MeterRecord): Promise<void> {
  await saveRecord(ctx, energyKey(ctx, 'meter', meter.meterId), meter.meterId, meter, undefined, METER_INDEXES);
  await put(ctx, energyKey(ctx, 'meterFeed', meter.feedId), { meterId: meter.meterId });
}

/**
 * Writes an offer, its index rows and its settlement deadline row: an OPEN offer is due for the keeper
 * at `settleBy`; a settled one has no deadline.
 */
export async function saveOffer(ctx: Context, offer: EnergyOfferRecord, previous?: EnergyOfferRecord): Promise<void> {
  await saveRecord(ctx, energyKey(ctx, 'offer', offer.offerId), offer.offerId, offer, previous, OFFER_INDEXES);
  const due = (o: EnergyOfferRecord | undefined): string | undefined =>
    o?.status === EnergyOfferStatus.OPEN ? o.settleBy : undefined;
  await keepDeadline(ctx, DeadlineKind.ENERGY_WINDOW_SETTLEMENT, offer.offerId, due(previous), due(offer));
}

/** Writes a purchase and its index rows. */
export function savePurchase(
  ctx: Context,
  purchase: EnergyPurchaseRecord,
  previous?: EnergyPurchaseRecord,
): Promise<void> {
  return saveRecord(
    ctx,
    energyKey(ctx, 'purchase', purchase.purchaseId),
    purchase.purchaseId,
    purchase,
    previous,
    PURCHASE_INDEXES,
  );
}

/** Writes a certificate and its owner row. */
export function saveCertificate(
  ctx: Context,
  certificate: GreenCertificateRecord,
  previous?: GreenCertificateRecord,
): Promise<void> {
  const id = certificate.certificateId;
  return saveRecord(ctx, energyKey(ctx, 'certificate', id), id, certificate, previous, CERTIFICATE_INDEXES);
}

/** Every purchase of an offer, in purchase-id order (at most MAX_PURCHASES_PER_OFFER). */
export async function purchasesOf(ctx: Context, offerId: string): Promise<EnergyPurchaseRecord[]> {
  const rows = await scan(ctx, EnergyIndex.offerPurchase, [offerId]);
  const purchases: EnergyPurchaseRecord[] = [];
  for (const row of rows) purchases.push(await loadPurchase(ctx, row.attributes[row.attributes.length - 1] ?? ''));
  return purchases;
}

/** One page of the records an energy index lists under `partial`. */
export function listEnergy<T>(
  ctx: Context,
  index: string,
  type: KeyType,
  partial: readonly string[],
  request: PageRequest,
): Promise<Page<T>> {
  return listByIndex(ctx, index, partial, request, (id) => getOptional<T>(ctx, energyKey(ctx, type, id)));
}
