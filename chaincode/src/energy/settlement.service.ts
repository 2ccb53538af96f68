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
import { checkWithStateHidden } from '../lib/outsiders';
import { isoToMs, txTime } from '../lib/time';
import { parseInput } from '../lib/validate';
import { findRound, loadFeed } from '../oracles/oracle.store';
import { periodValue } from '../oracles/oracle.value';
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
import { marketView, readsSettlement } from './offer.service';

/**
 * Settling a delivery window (DOMAIN.md §7). After `windowEnd` anyone may settle an open offer — the
 * keeper does so by itself at `settleBy` (windowEnd + the offer's reading grace). Each meter's Wh come
 * from its feed's round named by the offer id: the quorate reading its oracles made after the window
 * ended and by `settleBy` (a reading taken during the window measured part of it only and does not
 * count; one taken in time never goes stale). Before `settleBy` a meter without one refuses the
 * settlement (NO_QUORUM: wait for the readings); from `settleBy` on it counts 0 Wh (MISSING), so a
 * window never stays open for want of a reading: a producer without a reading is paid nothing and gets
 * an under-delivery record, a consumer without one pays nothing.
 *
 * Each purchase pays for min(bought, its pro-rata share of delivered, its share of what its meter
 * received) at ⌊Wh × price / 1000⌋; the rest of what it froze is unfrozen. Per currency nothing is made
 * or lost: the consumers' frozen funds go down by exactly what the producer is paid plus what is
 * unfrozen. Renewable Wh settled to a consumer earn it one green certificate unit per whole MWh, all of
 * the window's certificates anchored under one evidence hash.
 */

/**
 * A meter's Wh for the offer's window: the quorate reading its feed's oracles made between the window's
 * end and `settleBy` (oracle.value.ts periodValue). Short of one, the settlement waits (NO_QUORUM) until
 * `settleBy`; from then on the meter counts 0 Wh (MISSING).
 */
async function reading(
  ctx: AllianceContext,
  feedId: string,
  offer: EnergyOfferRecord,
  late: boolean,
): Promise<{ readonly wh: bigint; readonly source: ReadingSource }> {
  const feed = await loadFeed(ctx, feedId);
  const round = await findRound(ctx, feedId, offer.offerId);
  const { value, reports } = periodValue(feed, round, isoToMs(offer.windowEnd), isoToMs(offer.settleBy));
  if (value !== undefined) return { wh: value, source: ReadingSource.METERED };
  if (late) return { wh: 0n, source: ReadingSource.MISSING };
  throw new ChaincodeError(
    ErrorCode.NO_QUORUM,
    `feed ${feedId} has ${reports} reading(s) of window ${offer.offerId} made after its end, of the ${feed.quorum} it needs`,
    {
      feedId,
      roundId: offer.offerId,
      windowReports: reports,
      quorum: feed.quorum,
      reportFrom: offer.windowEnd,
      settleBy: offer.settleBy,
    },
  );
}

type Reading = Awaited<ReturnType<typeof reading>>;

/** The producer's meter reading and each consumer meter's, once per meter. */
async function readings(
  ctx: AllianceContext,
  offer: EnergyOfferRecord,
  purchases: readonly EnergyPurchaseRecord[],
  late: boolean,
): Promise<{ readonly delivered: Reading; readonly received: Map<string, Reading> }> {
  const delivered = await reading(ctx, offer.feedId, offer, late);
  const received = new Map<string, Reading>();
  for (const p of purchases) {
    if (!received.has(p.meterId)) received.set(p.meterId, await reading(ctx, p.feedId, offer, late));
  }
  return { delivered, received };
}

/** What settling a window's purchases computed, before anything is written. */
interface Settled {
  readonly purchases: EnergyPurchaseRecord[];
  readonly certificates: GreenCertificateRecord[];
  /** Per consumer account: paid to the producer, and unfrozen. */
  readonly moves: Map<string, { paid: bigint; refunded: bigint }>;
  readonly boughtWh: bigint;
  readonly settledWh: bigint;
  readonly paidAmount: bigint;
}

/** Each purchase's share, payment, refund and certificate at `now` (pure: reads and writes nothing). */
function settlePurchases(
  now: string,
  offer: EnergyOfferRecord,
  purchases: readonly EnergyPurchaseRecord[],
  delivered: Reading,
  received: ReadonlyMap<string, Reading>,
): Settled {
  const shares = settleShares(
    purchases.map((p) => ({ boughtWh: BigInt(p.quantityWh), meterId: p.meterId })),
    delivered.wh,
    new Map([...received].map(([meterId, r]) => [meterId, r.wh])),
  );
  const price = BigInt(offer.pricePerKwh);
  const settled: EnergyPurchaseRecord[] = [];
  const certificates: GreenCertificateRecord[] = [];
  const moves: Settled['moves'] = new Map();
  let boughtWh = 0n;
  let settledWh = 0n;
  let paidAmount = 0n;
  for (const [i, p] of purchases.entries()) {
    const share = shares[i] ?? { allocatedWh: 0n, settledWh: 0n };
    const meter = received.get(p.meterId) ?? { wh: 0n, source: ReadingSource.MISSING };
    const paid = costOf(share.settledWh, price);
    const refunded = BigInt(p.frozenAmount) - paid;
    const move = moves.get(p.accountId) ?? { paid: 0n, refunded: 0n };
    moves.set(p.accountId, { paid: move.paid + paid, refunded: move.refunded + refunded });
    boughtWh += BigInt(p.quantityWh);
    settledWh += share.settledWh;
    paidAmount += paid;
    const certificate = offer.renewable ? certificateOf(offer, p, certificateUnits(share.settledWh), now) : undefined;
    if (certificate) certificates.push(certificate);
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
        ...(certificate ? { certificateId: certificate.certificateId } : {}),
      },
      updatedAt: now,
    });
  }
  return { purchases: settled, certificates, moves, boughtWh, settledWh, paidAmount };
}

/** The certificate a purchase earns: its whole MWh, none for less than one (its evidence hash comes later). */
function certificateOf(
  offer: EnergyOfferRecord,
  purchase: EnergyPurchaseRecord,
  units: bigint,
  now: string,
): GreenCertificateRecord | undefined {
  if (units <= 0n) return undefined;
  return {
    certificateId: `${purchase.purchaseId}.gc`,
    offerId: offer.offerId,
    purchaseId: purchase.purchaseId,
    producer: offer.producer,
    owner: purchase.consumer,
    units: units.toString(),
    windowStart: offer.windowStart,
    windowEnd: offer.windowEnd,
    evidenceHash: '',
    status: CertificateStatus.ACTIVE,
    issuedAt: now,
    updatedAt: now,
  };
}

/** SettleWindow: anyone, after the window; the keeper at `settleBy`. It answers the offer as GetOffer would. */
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
  const reader = await readsSettlement(ctx, current);
  // A reading still missing is named (its meter's feed, the reports in) only to the settlement's readers:
  // the feeds tell who bought, the reports how far the meters are (lib/outsiders.ts).
  const { delivered, received } = await checkWithStateHidden(
    reader,
    () => readings(ctx, current, purchases, late),
    `a meter of this window has no reading yet: wait for it, or until ${current.settleBy}`,
    { entity: 'offer', offerId, settleBy: current.settleBy },
  );
  const settled = settlePurchases(now.iso, current, purchases, delivered, received);

  // Frozen funds only: the base balance, never the pending credits (see loadBase).
  for (const [accountId, move] of settled.moves) {
    const holding = await loadBase(ctx, accountId, current.currency);
    await saveHolding(ctx, spendFrozen(release(holding, move.refunded), move.paid));
  }
  await credit(ctx, current.accountId, current.currency, settled.paidAmount);
  for (const [i, p] of settled.purchases.entries()) await savePurchase(ctx, p, purchases[i]);
  const evidenceHash =
    settled.certificates.length === 0 ? undefined : await anchorCertificates(ctx, current, settled.certificates);
  for (const c of settled.certificates) await saveCertificate(ctx, { ...c, evidenceHash: evidenceHash ?? '' });

  const underDeliveredWh = settled.boughtWh > delivered.wh ? settled.boughtWh - delivered.wh : 0n;
  if (underDeliveredWh > 0n) {
    await recordCredit(ctx, {
      subject: current.producer,
      kind: CreditKind.ENERGY_UNDER_DELIVERED,
      reference: `energy-offer:${offerId}`,
    });
  }
  const offer: EnergyOfferRecord = {
    ...current,
    status,
    settlement: {
      deliveredWh: delivered.wh.toString(),
      delivered: delivered.source,
      boughtWh: settled.boughtWh.toString(),
      settledWh: settled.settledWh.toString(),
      paidAmount: settled.paidAmount.toString(),
      underDeliveredWh: underDeliveredWh.toString(),
      certificateUnits: settled.certificates.reduce((sum, c) => sum + BigInt(c.units), 0n).toString(),
      ...(evidenceHash === undefined ? {} : { evidenceHash }),
      txId: ctx.stub.getTxID(),
      at: now.iso,
    },
    updatedAt: now.iso,
  };
  await saveOffer(ctx, offer, current);
  // Each consumer learns its own figures from its purchase; the window's totals would tell it the others'.
  const consumers = settled.purchases.map((p) => p.consumer);
  emit(ctx, EventName.ENERGY_WINDOW_SETTLED, audience([offer.producer, ...consumers]), marketView(offer));
  return reader ? offer : marketView(offer);
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
