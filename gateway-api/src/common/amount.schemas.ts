import { z } from 'zod';

/** Digits of the largest amount the chaincode accepts (10^30 − 1). */
const MAX_AMOUNT_DIGITS = 30;

/**
 * Money on the wire: integer minor units (cents, fen) as a canonical decimal string — never a JSON
 * number, never a fraction. The chaincode refuses every other spelling with INVALID_ARGUMENT; the
 * gateway refuses them first so that the client sees the field path.
 */
export const Amount = z
  .string()
  .max(MAX_AMOUNT_DIGITS, `at most ${MAX_AMOUNT_DIGITS} digits`)
  .regex(/^(0|[1-9][0-9]*)$/, 'a decimal string of minor units: digits only, no sign, no leading zero')
  .describe(
    `Integer minor units (cents, fen) as a decimal string: \`^(0|[1-9][0-9]*)$\`, at most ${MAX_AMOUNT_DIGITS} digits`,
  )
  .meta({ id: 'Amount' });

/** An amount greater than zero: what transfers, issuances, redemptions and settlements move. */
export const PositiveAmount = z
  .string()
  .max(MAX_AMOUNT_DIGITS, `at most ${MAX_AMOUNT_DIGITS} digits`)
  .regex(/^[1-9][0-9]*$/, 'a decimal string of minor units greater than zero: digits only, no sign, no leading zero')
  .describe(`As Amount, and greater than zero: \`^[1-9][0-9]*$\`, at most ${MAX_AMOUNT_DIGITS} digits`)
  .meta({ id: 'PositiveAmount' });
