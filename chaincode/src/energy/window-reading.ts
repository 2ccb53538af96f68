import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { isoToMs, txTime } from '../lib/time';
import { findOffer } from './energy.store';

/**
 * When a meter reads an energy window: a METER_READING round named by an offer id is that offer's window,
 * and its reading counts only when made from `windowEnd` to `settleBy` (settlement.service.ts). Since an
 * oracle reports once a round, `oracles:ReportObservation` refuses a reading outside that span rather than
 * keep one that would never count.
 */
export async function ensureWindowReadable(ctx: AllianceContext, roundId: string): Promise<void> {
  const offer = await findOffer(ctx, roundId);
  if (offer === undefined) return;
  const now = txTime(ctx).ms;
  const span = { roundId, windowEnd: offer.windowEnd, settleBy: offer.settleBy };
  if (now < isoToMs(offer.windowEnd)) {
    throw fail.illegalState(`the window has not ended: its meters read it from ${offer.windowEnd}`, span);
  }
  if (now > isoToMs(offer.settleBy)) {
    throw fail.illegalState(`the window's reading time ended at ${offer.settleBy}`, span);
  }
}
