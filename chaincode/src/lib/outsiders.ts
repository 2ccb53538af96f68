import { ErrorCode, type ErrorDetails } from '@allianceledger/contract';
import { ChaincodeError, fail } from './errors';

/**
 * The deadline steps anyone may take — the keeper's `SettleExpired`, `MarkOverdue`, `ExpireRedemption` —
 * act on records only their readers may see. Their answers and refusals must not tell anyone else more
 * than that the step happened or could not: this is the one statement of that rule.
 */

/**
 * Runs `check` (the state machine and deadline checks of a step). For a caller who may not read the
 * record, an ILLEGAL_STATE refusal — which names the record's state and its deadline — becomes
 * ILLEGAL_STATE `message` with `details` naming the record only; other failures pass unchanged.
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
    if (reader || !(err instanceof ChaincodeError) || err.code !== ErrorCode.ILLEGAL_STATE) throw err;
    throw fail.illegalState(message, details);
  }
}
