import { z } from 'zod';
import { isConsortiumOrg } from './organizations';

/**
 * The building blocks of every input and record: amounts, ids, party ids, digests, times, text and
 * paging, each with the one rule the chaincode enforces and the gateway checks first. Every schema
 * here is pure (no clock, no I/O), so the chaincode may run it on every endorsing peer.
 */

/** Digits of the largest accepted amount. */
export const MAX_AMOUNT_DIGITS = 30;
/** The largest amount any input may carry: 10^30 − 1. */
export const MAX_AMOUNT = 10n ** BigInt(MAX_AMOUNT_DIGITS) - 1n;
/** The only accepted spelling of an amount: a canonical non-negative decimal integer. */
export const AMOUNT_PATTERN = /^(0|[1-9][0-9]*)$/;
/** A canonical decimal integer greater than zero. */
export const POSITIVE_AMOUNT_PATTERN = /^[1-9][0-9]*$/;
/** Largest accepted input document, in UTF-16 code units. */
export const MAX_INPUT_LENGTH = 65_536;
/** Ids chosen by callers (account ids, store order numbers): short, printable, key-safe. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** Lower-case hex SHA-256: the form the chain accepts and stores. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;
/** A transaction id: 64 lower-case hex digits. Records a transaction creates take its id. */
export const TX_ID_PATTERN = /^[0-9a-f]{64}$/;
/** An ISO-8601 UTC time as records store it: `YYYY-MM-DDTHH:MM:SS.sssZ` (milliseconds optional). */
export const ISO_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
/** Shape of a party id: an MSP id, `::`, then a Fabric X.509 client id. */
export const PARTY_PATTERN = /^([A-Za-z0-9.-]+)::(x509::\/.+::\/.+)$/;
/** Currency codes: a letter then letters or digits (`CNY`, `USD`, `eCNY`). */
export const CURRENCY_PATTERN = /^[A-Za-z][A-Za-z0-9]{1,15}$/;
/** Default page size of listings. */
export const DEFAULT_PAGE_SIZE = 20;
/** Largest page of a listing. */
export const MAX_PAGE_SIZE = 100;

// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const NO_CONTROL_CHARACTERS = /^[^\u0000-\u001f\u007f]*$/;

/**
 * A string of `min`..`max` characters without control characters, optionally matching `pattern`
 * (`expected` says in plain words what the pattern wants).
 */
export function text(
  max: number,
  options: { readonly min?: number; readonly pattern?: RegExp; readonly expected?: string } = {},
): z.ZodString {
  const min = options.min ?? 1;
  const base = z
    .string()
    .min(min, min === 1 ? 'must not be empty' : `at least ${min} characters`)
    .max(max, `at most ${max} characters`)
    .regex(NO_CONTROL_CHARACTERS, 'must not contain control characters');
  return options.pattern
    ? base.regex(options.pattern, options.expected ?? `must match ${options.pattern.source}`)
    : base;
}

const amountWords = `a decimal string of minor units: digits only, no sign, no leading zero, at most ${MAX_AMOUNT_DIGITS} digits`;

/** An amount as it is written in JSON and stored: a canonical decimal string of minor units. */
export const AmountText = z
  .string()
  .max(MAX_AMOUNT_DIGITS, amountWords)
  .regex(AMOUNT_PATTERN, amountWords)
  .describe(
    `Integer minor units (cents, fen) as a decimal string: \`^(0|[1-9][0-9]*)$\`, at most ${MAX_AMOUNT_DIGITS} digits`,
  )
  .meta({ id: 'Amount', example: '12800' });

const positiveWords = `a decimal string of minor units greater than zero: digits only, no sign, no leading zero, at most ${MAX_AMOUNT_DIGITS} digits`;

/** An amount greater than zero, as written in JSON and stored. */
export const PositiveAmountText = z
  .string()
  .max(MAX_AMOUNT_DIGITS, positiveWords)
  .regex(POSITIVE_AMOUNT_PATTERN, positiveWords)
  .describe(`As Amount, and greater than zero: \`^[1-9][0-9]*$\`, at most ${MAX_AMOUNT_DIGITS} digits`)
  .meta({ id: 'PositiveAmount', example: '12800' });

/**
 * An amount in an input: a decimal string on the wire (what clients send and OpenAPI shows), a `bigint`
 * once decoded (what the chaincode computes with). `z.encode` turns it back into the string, so a
 * client never hands `JSON.stringify` a bigint.
 */
export const Amount = z.codec(AmountText, z.bigint(), {
  decode: (text) => BigInt(text),
  encode: (amount) => amount.toString(10),
});

/** As {@link Amount}, and greater than zero. */
export const PositiveAmount = z.codec(PositiveAmountText, z.bigint(), {
  decode: (text) => BigInt(text),
  encode: (amount) => amount.toString(10),
});

/** A caller-chosen id (account ids, store order numbers). */
export const Id = text(64, {
  pattern: ID_PATTERN,
  expected: '1–64 letters, digits, ".", "_" or "-", starting with a letter or digit',
});

/** The id of a record a transaction created (proposal, redemption, settlement…): that transaction's id. */
export const TxId = z
  .string()
  .regex(TX_ID_PATTERN, 'a transaction id: 64 lower-case hex digits')
  .describe('A transaction id (64 lower-case hex digits)');

/** A reference to a record by its id in an input: looked up, so any short text (NOT_FOUND when absent). */
export const RecordRef = text(128);

/** A lower-case hex SHA-256 digest: what the chain accepts and stores. */
export const Sha256Hex = text(64, { min: 64, pattern: SHA256_PATTERN, expected: '64 lower-case hex digits (SHA-256)' });

/**
 * A SHA-256 digest as clients may write it: hex in either case, decoded to the lower-case form the
 * chain accepts (the gateway accepts either; the chaincode only the canonical one).
 */
export const Sha256HexAnyCase = z.codec(
  z.string().regex(/^[0-9a-fA-F]{64}$/, '64 hex digits (SHA-256), in either case'),
  Sha256Hex,
  { decode: (hex) => hex.toLowerCase(), encode: (hex) => hex },
);

function isRealInstant(value: string): boolean {
  const ms = Date.parse(value);
  // Round-tripping refuses impossible dates that Date.parse would roll over (2030-02-30).
  return !Number.isNaN(ms) && new Date(ms).toISOString().slice(0, 19) === value.slice(0, 19);
}

/**
 * An ISO-8601 UTC time in an input (see {@link ISO_TIME_PATTERN}) that names a real instant, decoded to
 * the millisecond form records store (`2030-01-31T00:00:00.000Z`).
 */
export const IsoTime = z.codec(
  z
    .string()
    .regex(ISO_TIME_PATTERN, 'an ISO-8601 UTC time, e.g. 2030-01-31T00:00:00Z')
    .refine(isRealInstant, 'a real UTC time (no 30 February)')
    .describe('ISO-8601 UTC time'),
  z.string(),
  { decode: (iso) => new Date(Date.parse(iso)).toISOString(), encode: (iso) => iso },
);

/** A time in a record: ISO-8601 UTC with milliseconds, from a transaction timestamp. */
export const Timestamp = z.string().describe('ISO 8601 UTC, from the transaction timestamp');

/** A currency code field. */
export const CurrencyCode = text(16, { pattern: CURRENCY_PATTERN, expected: 'a letter, then 1–15 letters or digits' })
  .describe('Currency code, e.g. `CNY`, `eCNY`')
  .meta({ example: 'CNY' });

/**
 * A party: one Fabric client identity, `<mspId>::<x509 id>`, the X.509 id being exactly
 * `ctx.clientIdentity.getID()` (`x509::<subject DN>::<issuer DN>`); the MSP id is a consortium org.
 */
export const PartyId = text(1024, {
  pattern: PARTY_PATTERN,
  expected: 'a party id: <mspId>::x509::<subject DN>::<issuer DN>',
})
  .refine((party) => isConsortiumOrg(party.slice(0, party.indexOf('::'))), 'a party of a consortium organisation')
  .describe(
    "A party id, `<mspId>::x509::<subject DN>::<issuer DN>` (`GET /me` answers the caller's own). It contains " +
      '`/` and spaces: in a URL path or query, send it percent-encoded (`encodeURIComponent`).',
  )
  .meta({ id: 'PartyId' });

/** A member handle: 2–32 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit. */
export const HANDLE_PATTERN = /^[a-z0-9][a-z0-9._-]{1,31}$/;
/** `<mspId>:<handle>`: a member named by its handle (one colon; a party id has `::`). */
export const HANDLE_REF_PATTERN = /^([A-Za-z0-9.-]+):([a-z0-9][a-z0-9._-]{1,31})$/;

const handleWords = '2–32 lower-case letters, digits, ".", "_" or "-", starting with a letter or digit';

/** A member's handle within its organisation (`store1`): unique there, chosen once, never changed. */
export const Handle = text(32, { min: 2, pattern: HANDLE_PATTERN, expected: handleWords })
  .describe(`A member's handle in its organisation: ${handleWords}; unique there and never changed`)
  .meta({ example: 'store1' });

/** A member named by handle, `<mspId>:<handle>` (`EcommerceMSP:store1`), as it is shared and shown. */
export const HandleRef = text(70, {
  pattern: HANDLE_REF_PATTERN,
  expected: `a handle: <mspId>:<handle>, the handle being ${handleWords} (e.g. EcommerceMSP:store1)`,
})
  .refine((ref) => isConsortiumOrg(ref.slice(0, ref.indexOf(':'))), 'a handle of a consortium organisation')
  .describe('A member named by its handle: `<mspId>:<handle>`, e.g. `EcommerceMSP:store1`')
  .meta({ id: 'HandleRef', example: 'EcommerceMSP:store1' });

/** Whether a party reference names its party by handle (`<mspId>:<handle>`) rather than by party id. */
export function isHandleRef(ref: string): boolean {
  return !ref.includes('::');
}

/** The organisation and handle of a handle reference this package validated. */
export function handleRefParts(ref: string): { readonly mspId: string; readonly handle: string } {
  const at = ref.indexOf(':');
  return { mspId: ref.slice(0, at), handle: ref.slice(at + 1) };
}

/**
 * A party in an input: its party id or its handle (`EcommerceMSP:store1`). The chaincode resolves a
 * handle to the party id through the member directory (NOT_FOUND for an unknown handle).
 */
export const PartyRef = z
  .string()
  .superRefine((ref, ctx) => {
    const result = (isHandleRef(ref) ? HandleRef : PartyId).safeParse(ref);
    for (const issue of result.error?.issues ?? []) ctx.addIssue({ code: 'custom', message: issue.message });
  })
  .describe(
    'A party: its handle `<mspId>:<handle>` (e.g. `EcommerceMSP:store1`, see `GET /directory`) or its full ' +
      'party id `<mspId>::x509::<subject DN>::<issuer DN>` (percent-encoded in a URL: it contains `/` and spaces)',
  )
  .meta({ id: 'PartyRef', example: 'EcommerceMSP:store1' });

/** A party id in a record (validated when it was written). */
export type PartyIdText = string;

/** Items per page: 1–100 (20 when absent). */
export const PageSize = z
  .number()
  .int('a whole number')
  .min(1, 'at least 1')
  .max(MAX_PAGE_SIZE, `at most ${MAX_PAGE_SIZE}`)
  .describe(`Items per page, 1–${MAX_PAGE_SIZE} (default ${DEFAULT_PAGE_SIZE})`);

/**
 * A listing bookmark as the previous page returned it: the chaincode's composite key, which holds
 * U+0000 (so it is not {@link text}); the ledger checks that it lies inside the listing's range.
 */
export const Bookmark = z.string().max(1024, 'at most 1024 characters');

/** Paging fields every listing input accepts. */
export const Paging = {
  pageSize: PageSize.optional(),
  bookmark: Bookmark.optional(),
} as const;

/** One page of a listing: items in key order and the bookmark of the next page (`''` on the last). */
export function pageOf<T extends z.ZodType>(item: T): z.ZodObject<{ items: z.ZodArray<T>; bookmark: z.ZodString }> {
  return z.object({
    items: z.array(item),
    bookmark: z.string().describe('Pass it as `bookmark` for the next page; empty on the last page'),
  });
}

/** A page of records. */
export interface Page<T> {
  readonly items: readonly T[];
  readonly bookmark: string;
}

/** Every committed version of a record, oldest first. */
export function historyEntryOf<T extends z.ZodType>(
  record: T,
): z.ZodObject<{ txId: z.ZodString; timestamp: z.ZodString; isDelete: z.ZodBoolean; value: z.ZodNullable<T> }> {
  return z.object({
    txId: z.string().describe('The transaction that wrote this version'),
    timestamp: Timestamp,
    isDelete: z.boolean(),
    value: record.nullable(),
  });
}

/** One entry of a key's history. */
export interface HistoryEntry<T> {
  readonly txId: string;
  readonly timestamp: string;
  readonly isDelete: boolean;
  readonly value: T | null;
}
