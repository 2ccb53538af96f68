import { z } from 'zod';

/**
 * Identifier and text fields shared by every resource. The patterns are the chaincode's own
 * (docs/chaincode.md, "Conventions"); the gateway checks them first so that a client sees the field
 * path of its mistake in a 400 instead of a ledger round trip.
 */

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;

/** A text field of 1..`max` characters without control characters (the chaincode refuses them). */
export function text(max: number): z.ZodString {
  return z.string().min(1).max(max).regex(NO_CONTROL_CHARACTERS, 'must not contain control characters');
}

/** An id the caller chooses: account ids, store order numbers. */
export const Id = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, '1–64 letters, digits, ".", "_" or "-", starting with a letter or digit');

/** The id of a record a transaction created (proposal, redemption, settlement): that transaction's id. */
export const TxId = z
  .string()
  .regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits')
  .describe('A transaction id (64 lower-case hex digits)');

/** A lower-case hex SHA-256 digest. */
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, '64 lower-case hex digits (SHA-256)');

/** A currency code: a letter, then 1–15 letters or digits (`CNY`, `USD`, `eCNY`). */
export const CurrencyCode = z
  .string()
  .regex(/^[A-Za-z][A-Za-z0-9]{1,15}$/, 'a letter, then 1–15 letters or digits')
  .describe('Currency code, e.g. `CNY`, `eCNY`');

/** The consortium organisations. */
export const MspId = z.enum(['EcommerceMSP', 'FinanceMSP', 'EnergyMSP']);

/**
 * A party: one Fabric client identity, `<mspId>::<x509 id>` (the X.509 id is what
 * `ctx.clientIdentity.getID()` returns). `GET /me` tells a caller its own.
 */
export const PartyId = z
  .string()
  .min(1)
  .max(1024)
  // eslint-disable-next-line no-control-regex -- the DNs may hold any character but a control character
  .regex(/^[A-Za-z0-9.-]+::x509::\/[^\u0000-\u001f\u007f]+::\/[^\u0000-\u001f\u007f]+$/, {
    message: 'a party id: <mspId>::x509::<subject DN>::<issuer DN>',
  })
  .describe(
    "A party id, `<mspId>::x509::<subject DN>::<issuer DN>` (`GET /me` answers the caller's own). It contains " +
      '`/` and spaces: in a URL path or query, send it percent-encoded (`encodeURIComponent`).',
  )
  .meta({ id: 'PartyId' });

/** A time the chaincode took from a transaction timestamp. */
export const Timestamp = z.string().describe('ISO 8601 UTC, from the transaction timestamp');
