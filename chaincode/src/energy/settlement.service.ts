import {
  CERTIFICATE_EVIDENCE_CATEGORY,
  CreditKind,
  EnergyOfferRefInput,
  ErrorCode,
  ReadingSource,
  WH_PER_CERTIFICATE,
  type EvidenceRecord,
} from '@allianceledger/contract';
import { recordCredit } from '../credit/credit.store';
import { saveEvidence } from '../evidence/evidence.store';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { ChaincodeError, fail } from '../lib/errors';
import { audience, emit, EventName } from '../lib/events';
import { canonicalHash } from '../lib/hash';
import { nextState } from '../lib/state-machine';
import { isoToMs, txTime } from '../lib/time';
import { parseInput } from '../lib/validate';
import { requireValue } from '../oracles/oracle.value';
import { credit, loadBase, release, saveHolding, spendFrozen } from '../wallets/balance.store';
import { certificateUnits, costOf, settleShares } from './allocation';
import {
  loadOffer,
  purchasesOf,
  saveCertificate,
  saveOffer,
  savePurchase,
  type EnergyOfferRecord,
  type EnergyPurchaseRecord,
  type GreenCertificateRecord,
} from './energy.store';
import { CertificateStatus, OfferAction, OfferMachine, PurchaseAction, PurchaseMachine } from './energy.states';

/**
 * Settling a delivery window (DOMAIN.md §7). After `windowEnd` anyone may settle an open offer — the
 * keeper does so by itself at `settleBy` (windowEnd + the offer's reading grace). Each meter's Wh come
 * from its feed's round named by the offer id, read as every consumer of a feed reads it
 * (oracle.value.ts). Before `settleBy` a meter without a usable value refuses the settlement
 * (STALE_VALUE / NO_QUORUM: wait for the readings); from `settleBy` on it counts 0 Wh (MISSING), so a
 * window never stays open for want of a reading: a producer without a reading is paid nothing and gets
 * an under-delivery record, a consumer without one pays nothing.
 *
 * Each purchase pays for min(bought, its pro-rata share of delivered, its share of what its meter
 * received) at ⌊Wh × price / 1000⌋; the rest of what it froze is unfrozen. Per currency nothing is made
 * or lost: the consumers' frozen funds go down by exactly what the producer is paid plus what is
 * unfrozen. Renewable Wh settled to a consumer earn it one green certificate unit per whole MWh, all of
 * the window's certificates anchored under one evidence hash.
 */

/** A meter's Wh for a window, or MISSING (0 Wh) once the reading grace has passed. */
async function reading(
  ctx: AllianceContext,
  feedId: string,
  roundId: string,
  late: boolean,
): Promise<{ readonly wh: bigint; readonly source: ReadingSource }> {
  try {
    return { wh: (await requireValue(ctx, feedId, roundId)).value, source: ReadingSource.METERED };
  } catch (err) {
    const unusable =
      err instanceof ChaincodeError && (err.code === ErrorCode.STALE_VALUE || err.code === ErrorCode.NO_QUORUM);
    if (late && unusable) return { wh: 0n, source: ReadingSource.MISSING };
    throw err;
  }
}

/** What the consumers' accounts give up: paid to the producer, and unfrozen. */
interface AccountMove {
  paid: bigint;
  refunded: bigint;
}

/** SettleWindow: anyone, after the window; the keeper at `settleBy`. */
export async function settleWindow(ctx: AllianceContext, input: string): Promise<EnergyOfferRecord> {
  const req = parseInput(input, EnergyOfferRefInput);
  const current = await loadOffer(ctx, req.offerId);
  await authorize(ctx, 'SettleWindow', [grant.anyone]);
  const status = nextState(OfferMachine, current.status, OfferAction.SETTLE);
  const now = txTime(ctx);
  if (now.ms < isoToMs(current.windowEnd)) {
    throw fail.illegalState('the delivery window has not ended', {
      offerId: current.offerId,
      windowEnd: current.windowEnd,
    });
  }
  const late = now.ms >= isoToMs(current.settleBy);
  const offerId = current.offerId;
  const purchases = await purchasesOf(ctx, offerId);
  const delivered = await reading(ctx, current.feedId, offerId, late);
  const received = new Map<string, { readonly wh: bigint; readonly source: ReadingSource }>();
  for (const p of purchases) {
    if (!received.has(p.meterId)) received.set(p.meterId, await reading(ctx, p.feedId, offerId, late));
  }
  const shares = settleShares(
    purchases.map((p) => ({ boughtWh: BigInt(p.quantityWh), meterId: p.meterId })),
    delivered.wh,
    new Map([...received].map(([meterId, r]) => [meterId, r.wh])),
  );

  const price = BigInt(current.pricePerKwh);
  const moves = new Map<string, AccountMove>();
  const certificates: GreenCertificateRecord[] = [];
  const settled: EnergyPurchaseRecord[] = [];
  let boughtWh = 0n;
  let settledWh = 0n;
  let paidAmount = 0n;
  for (const [i, p] of purchases.entries()) {
    const share = shares[i] ?? { allocatedWh: 0n, settledWh: 0n };
    const meter = received.get(p.meterId) ?? { wh: 0n, source: ReadingSource.MISSING };
    const paid = costOf(share.settledWh, price);
    const refunded = BigInt(p.frozenAmount) - paid;
    const move = moves.get(p.accountId) ?? { paid: 0n, refunded: 0n };
    move.paid += paid;
    move.refunded += refunded;
    moves.set(p.accountId, move);
    boughtWh += BigInt(p.quantityWh);
    settledWh += share.settledWh;
    paidAmount += paid;
    const units = current.renewable ? certificateUnits(share.settledWh) : 0n;
    const certificateId = units > 0n ? `${p.purchaseId}.gc` : undefined;
    if (certificateId !== undefined) {
      certificates.push({
        certificateId,
        offerId,
        purchaseId: p.purchaseId,
        producer: current.producer,
        owner: p.consumer,
        units: units.toString(),
        windowStart: current.windowStart,
        windowEnd: current.windowEnd,
        evidenceHash: '',
        status: CertificateStatus.ACTIVE,
        issuedAt: now.iso,
        updatedAt: now.iso,
      });
    }
    settled.push({
      ...p,
      status: nextState(PurchaseMachine, p.status, PurchaseAction.SETTLE),
      settlement: {
        allocatedWh: share.allocatedWh.toString(),
        receivedWh: meter.wh.toString(),
        received: meter.source,
        settledWh: share.settledWh.toString(),
        paidAmount: paid.toString(),
        refundedAmount: refunded.toString(),
        ...(certificateId === undefined ? {} : { certificateId }),
      },
      updatedAt: now.iso,
    });
  }

  // Frozen funds only: the base balance, never the pending credits (see loadBase).
  for (const [accountId, move] of moves) {
    const holding = await loadBase(ctx, accountId, current.currency);
    await saveHolding(ctx, spendFrozen(release(holding, move.refunded), move.paid));
  }
  await credit(ctx, current.accountId, current.currency, paidAmount);
  for (const [i, p] of settled.entries()) await savePurchase(ctx, p, purchases[i]);

  const evidenceHash = certificates.length === 0 ? undefined : await anchorCertificates(ctx, current, certificates);
  for (const c of certificates) await saveCertificate(ctx, { ...c, evidenceHash: evidenceHash ?? '' });

  const underDeliveredWh = boughtWh > delivered.wh ? boughtWh - delivered.wh : 0n;
  if (underDeliveredWh > 0n) {
    await recordCredit(ctx, {
      subject: current.producer,
      kind: CreditKind.ENERGY_UNDER_DELIVERED,
      reference: `energy-offer:${offerId}`,
      note: `${underDeliveredWh.toString()} of ${boughtWh.toString()} Wh bought were not delivered`,
    });
  }
  const offer: EnergyOfferRecord = {
    ...current,
    status,
    settlement: {
      deliveredWh: delivered.wh.toString(),
      delivered: delivered.source,
      boughtWh: boughtWh.toString(),
      settledWh: settledWh.toString(),
      paidAmount: paidAmount.toString(),
      underDeliveredWh: underDeliveredWh.toString(),
      certificateUnits: certificates.reduce((sum, c) => sum + BigInt(c.units), 0n).toString(),
      ...(evidenceHash === undefined ? {} : { evidenceHash }),
      txId: ctx.stub.getTxID(),
      at: now.iso,
    },
    updatedAt: now.iso,
  };
  await saveOffer(ctx, offer, current);
  emit(ctx, EventName.ENERGY_WINDOW_SETTLED, audience([offer.producer, ...settled.map((p) => p.consumer)]), offer);
  return offer;
}

/**
 * Registers the evidence record of a window's certificates: SHA-256 of the canonical JSON of the batch
 * (offer, window, unit size and each certificate's id, purchase, first owner and units), owned by the
 * producer. Anyone holding the batch can recompute the hash and verify it through the evidence module.
 */
async function anchorCertificates(
  ctx: AllianceContext,
  offer: EnergyOfferRecord,
  certificates: readonly GreenCertificateRecord[],
): Promise<string> {
  const batch = {
    kind: CERTIFICATE_EVIDENCE_CATEGORY,
    offerId: offer.offerId,
    producer: offer.producer,
    windowStart: offer.windowStart,
    windowEnd: offer.windowEnd,
    whPerUnit: WH_PER_CERTIFICATE.toString(),
    certificates: certificates.map((c) => ({
      certificateId: c.certificateId,
      purchaseId: c.purchaseId,
      owner: c.owner,
      units: c.units,
    })),
  };
  const record: EvidenceRecord = {
    hash: canonicalHash(batch),
    owner: offer.producer,
    category: CERTIFICATE_EVIDENCE_CATEGORY,
    description: `green certificates of energy offer ${offer.offerId}`,
    txId: ctx.stub.getTxID(),
    registeredAt: txTime(ctx).iso,
  };
  await saveEvidence(ctx, record);
  return record.hash;
}
