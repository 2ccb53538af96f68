import { parseAmount, parsePositiveAmount } from './amount';
import { fail } from './errors';

/**
 * Strict input validation. Every transaction takes one JSON object; these checks run before anything
 * is read or written and refuse with INVALID_ARGUMENT: unknown fields, missing fields, wrong types,
 * values out of range.
 */

/** Checks one value and returns it typed (and normalised, e.g. amounts as bigint). */
export type Check<T> = (value: unknown, field: string) => T;

/** Marks a field of {@link object} as optional. */
export interface Optional<T> {
  readonly optional: Check<T>;
}

type Field = Check<unknown> | Optional<unknown>;
type Shape = Readonly<Record<string, Field>>;
type RequiredKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? never : K }[keyof S];
type OptionalKeys<S extends Shape> = { [K in keyof S]: S[K] extends Optional<unknown> ? K : never }[keyof S];
type Flatten<T> = { [K in keyof T]: T[K] } & {};

/** The typed result of validating against a shape. */
export type Parsed<S extends Shape> = Flatten<
  { readonly [K in RequiredKeys<S>]: S[K] extends Check<infer T> ? T : never } & {
    readonly [K in OptionalKeys<S>]?: S[K] extends Optional<infer T> ? T : never;
  }
>;

/** The type a check produces. */
export type Infer<C> = C extends Check<infer T> ? T : never;

/** Largest accepted input document, in UTF-16 code units. */
export const MAX_INPUT_LENGTH = 65_536;

/** Ids chosen by callers (account ids, store order numbers): short, printable, key-safe. */
export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** Lower-case hex SHA-256. */
export const SHA256_PATTERN = /^[0-9a-f]{64}$/;

/** Marks `check` optional inside {@link object}. */
export function optional<T>(check: Check<T>): Optional<T> {
  return { optional: check };
}

/** A JSON object with exactly the fields of `shape` (optional ones may be absent, never null). */
export function object<S extends Shape>(shape: S): Check<Parsed<S>> {
  return (value, field) => {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      throw fail.invalid(`${field} must be a JSON object`, { field });
    }
    const input = value as Record<string, unknown>;
    for (const key of Object.keys(input)) {
      if (!Object.hasOwn(shape, key)) throw fail.invalid(`unknown field ${field}.${key}`, { field: `${field}.${key}` });
    }
    const out: Record<string, unknown> = {};
    for (const [key, spec] of Object.entries(shape)) {
      const path = `${field}.${key}`;
      const present = Object.hasOwn(input, key);
      if (typeof spec === 'function') {
        if (!present) throw fail.invalid(`missing field ${path}`, { field: path });
        out[key] = spec(input[key], path);
      } else if (present) {
        out[key] = spec.optional(input[key], path);
      }
    }
    return out as Parsed<S>;
  };
}

/** A string of `min`..`max` characters without control characters, optionally matching `pattern`. */
export function text(options: {
  readonly max: number;
  readonly min?: number;
  readonly pattern?: RegExp;
}): Check<string> {
  const min = options.min ?? 1;
  return (value, field) => {
    if (typeof value !== 'string') throw fail.invalid(`${field} must be a string`, { field });
    if (value.length < min || value.length > options.max) {
      throw fail.invalid(`${field} must have ${min} to ${options.max} characters`, { field });
    }
    // eslint-disable-next-line no-control-regex -- refusing control characters is the point
    if (/[\u0000-\u001f\u007f]/.test(value))
      throw fail.invalid(`${field} must not contain control characters`, { field });
    if (options.pattern && !options.pattern.test(value)) {
      throw fail.invalid(`${field} must match ${options.pattern.source}`, { field });
    }
    return value;
  };
}

/** A caller-chosen id matching {@link ID_PATTERN}. */
export const id: Check<string> = text({ max: 64, pattern: ID_PATTERN });

/** A lower-case hex SHA-256. */
export const sha256Hex: Check<string> = text({ min: 64, max: 64, pattern: SHA256_PATTERN });

/** An ISO-8601 UTC time as records store it: `YYYY-MM-DDTHH:MM:SS.sssZ` (milliseconds optional). */
export const ISO_TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;

/**
 * An ISO-8601 UTC time (see {@link ISO_TIME_PATTERN}) that names a real instant, normalised to the
 * millisecond form records store (`2030-01-31T00:00:00.000Z`).
 */
export const isoTime: Check<string> = (value, field) => {
  const checked = text({ min: 20, max: 24, pattern: ISO_TIME_PATTERN })(value, field);
  const ms = Date.parse(checked);
  const normalised = Number.isNaN(ms) ? '' : new Date(ms).toISOString();
  // Round-tripping refuses impossible dates that Date.parse would roll over (2030-02-30).
  if (normalised.slice(0, 19) !== checked.slice(0, 19)) {
    throw fail.invalid(`${field} must be a real UTC time`, { field });
  }
  return normalised;
};

/** A JSON integer in `min`..`max` (never a money amount: those are strings). */
export function integer(min: number, max: number): Check<number> {
  return (value, field) => {
    if (typeof value !== 'number' || !Number.isSafeInteger(value) || value < min || value > max) {
      throw fail.invalid(`${field} must be an integer from ${min} to ${max}`, { field });
    }
    return value;
  };
}

/** One of the values of an `as const` map. */
export function oneOf<T extends string>(values: Readonly<Record<string, T>>): Check<T> {
  const allowed: readonly string[] = Object.values(values);
  return (value, field) => {
    if (typeof value !== 'string' || !allowed.includes(value)) {
      throw fail.invalid(`${field} must be one of ${allowed.join(', ')}`, { field, allowed });
    }
    return value as T;
  };
}

/** A JSON array of `min`..`max` items, each checked. */
export function array<T>(item: Check<T>, min: number, max: number): Check<T[]> {
  return (value, field) => {
    if (!Array.isArray(value) || value.length < min || value.length > max) {
      throw fail.invalid(`${field} must be an array of ${min} to ${max} items`, { field });
    }
    return value.map((v: unknown, i) => item(v, `${field}[${i}]`));
  };
}

/** An amount in minor units (see `parseAmount`); zero allowed. */
export const amount: Check<bigint> = (value, field) => parseAmount(value, field);

/** An amount greater than zero. */
export const positiveAmount: Check<bigint> = (value, field) => parsePositiveAmount(value, field);

/** An amount kept as its canonical decimal string (inside documents stored verbatim, e.g. order snapshots). */
export const amountText: Check<string> = (value, field) => parseAmount(value, field).toString();

/**
 * Parses a transaction's JSON argument and validates it. The argument is a string because
 * fabric-contract-api passes arguments as strings; INVALID_ARGUMENT when it is not one JSON document
 * matching `check`.
 */
export function parseInput<T>(input: unknown, check: Check<T>): T {
  if (typeof input !== 'string') throw fail.invalid('input must be a JSON string', { field: 'input' });
  if (input.length > MAX_INPUT_LENGTH) {
    throw fail.invalid(`input must be at most ${MAX_INPUT_LENGTH} characters`, { field: 'input' });
  }
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch {
    throw fail.invalid('input is not valid JSON', { field: 'input' });
  }
  return check(value, 'input');
}

/**
 * A listing bookmark as a previous page returned it: an opaque composite key (it contains U+0000, so it
 * is not {@link text}); `ledger.page` checks that it lies inside the listing's range.
 */
function bookmark(): Check<string> {
  return (value, field) => {
    if (typeof value !== 'string' || value.length > 1024) {
      throw fail.invalid(`${field} must be a bookmark string of at most 1024 characters`, { field });
    }
    return value;
  };
}

/** Paging fields every listing accepts. */
export const PAGING = {
  pageSize: optional(integer(1, 100)),
  bookmark: optional(bookmark()),
} as const;

/** Default page size of listings. */
export const DEFAULT_PAGE_SIZE = 20;
