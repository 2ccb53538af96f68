import { ErrorCode, type ErrorDetails } from '@allianceledger/contract';
import { ChaincodeError } from './errors';

/**
 * The deadline steps anyone may take — the keeper's `SettleExpired`, `MarkOverdue`, `ExpireRedemption`,
 * `SettleWindow` — act on records only their readers may see. Their answers and refusals must not tell
 * anyone else more than that the step happened or could not: this is the one statement of that rule.
 */

/** Refusals that describe a record: its state and deadline, or the readings a step still waits for. */
const DESCRIBING: ReadonlySet<ErrorCode> = new Set([ErrorCode.ILLEGAL_STATE, ErrorCode.NO_QUORUM]);

/**
 * Runs `check` (the state machine, deadline and reading checks of a step). For a caller who may not read
 * the record, an ILLEGAL_STATE or NO_QUORUM refusal — which names the record's state and deadline, or the
 * meters and reports a settlement waits for — keeps its code but becomes `message` with `details` naming
 * the record only; other failures pass unchanged.
 */
export async function checkWithStateHidden<T>(
  reader: boolean,
  check: () => T | Promise<T>,
  message: string,
  details: ErrorDetails,
): Promise<T> {
  try {
    return await check();
  } catch (err) {
    if (reader || !(err instanceof ChaincodeError) || !DESCRIBING.has(err.code)) throw err;
    throw new ChaincodeError(err.code, message, details);
  }
}
