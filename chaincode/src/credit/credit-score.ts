import type { CreditReport } from '@allianceledger/contract';
/**
 * The credit score: a pure, deterministic function of a subject's records, bounded to 0..1000.
 *
 * With P the sum of the positive weights and N the sum of the magnitudes of the negative weights,
 *
 *     score = ⌊ 1000 × (P + 100) / (P + N + 200) ⌋
 *
 * — the expected value of a beta reputation (Jøsang & Ismail, 2002) with a prior worth 100 weight
 * points on each side, in integers. A subject without records scores 500; good records push it
 * towards 1000 (never reached) and bad ones towards 0 (reached only through the floor, after
 * overwhelmingly negative records), and each record's effect
 * shrinks as the history grows, so no single record dominates an established subject. The order of
 * records and the time of evaluation do not matter.
 */

/** Weight points of the prior on each side. */
export const SCORE_PRIOR = 100n;
/** The score's upper bound (exclusive); the lower bound is 0. */
export const SCORE_SCALE = 1000n;

/** A credit grade. */
export type Grade = CreditReport['grade'];

/** Grade bands: the lowest score of each grade, best first. */
export const GRADES: readonly (readonly [grade: Grade, minScore: number])[] = [
  ['A', 800],
  ['B', 650],
  ['C', 450],
  ['D', 300],
  ['E', 0],
];

/** A subject's weight totals and score. */
export interface Score {
  readonly positive: number;
  readonly negative: number;
  readonly score: number;
  readonly grade: Grade;
}

/** Scores a list of record weights (integers, −100..100). */
export function scoreOf(weights: readonly number[]): Score {
  let positive = 0n;
  let negative = 0n;
  for (const w of weights) {
    if (w > 0) positive += BigInt(w);
    else negative += BigInt(-w);
  }
  const score = Number((SCORE_SCALE * (positive + SCORE_PRIOR)) / (positive + negative + 2n * SCORE_PRIOR));
  const grade = GRADES.find(([, min]) => score >= min)?.[0] ?? 'E';
  return { positive: Number(positive), negative: Number(negative), score, grade };
}
