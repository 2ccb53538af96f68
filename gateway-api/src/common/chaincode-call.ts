import { TRANSACTIONS, type InputOf, type TransactionName } from '@allianceledger/contract';
import { z } from 'zod';
import type { ChaincodeCall } from '../transactions/transaction-service';

/**
 * A chaincode call built from a decoded input (bigint amounts, lower-case digests, normalised times),
 * typed by the contract's transaction catalogue and encoded for the wire with the transaction's own
 * input schema: the argument is exactly what the chaincode decodes, and `JSON.stringify` never meets
 * a bigint.
 *
 * @example
 * ```ts
 * chaincodeCall('settlements:ConfirmReceipt', { settlementNo, amountToPay: 100n });
 * // { transaction: 'settlements:ConfirmReceipt', input: { settlementNo, amountToPay: '100' } }
 * ```
 */
export function chaincodeCall<N extends TransactionName>(
  transaction: N,
  input: InputOf<N>,
  transient?: Readonly<Record<string, unknown>>,
): ChaincodeCall {
  const schema = TRANSACTIONS[transaction].input as z.ZodType;
  return { transaction, input: z.encode(schema, input), ...(transient ? { transient } : {}) };
}
