/**
 * What the chaincode returns, seen from the gateway: a compile-time check that a response schema
 * describes a record type the chaincode package exports, and field access for Location headers.
 */

/** Fails to compile unless `T` is `true`. */
export type Expect<T extends true> = T;

type Mutable<T> = T extends readonly (infer U)[]
  ? Mutable<U>[]
  : T extends object
    ? { -readonly [K in keyof T]: Mutable<T[K]> }
    : T;

/**
 * `true` when a response schema's type (`z.infer`) and a chaincode record type accept exactly the same
 * values, ignoring `readonly`; the schemas files assert it for every record, so a field the chaincode
 * adds or renames breaks the build here instead of surprising a client.
 *
 * @example
 * ```ts
 * export type SettlementMatchesChaincode = Expect<Describes<z.infer<typeof Settlement>, SettlementRecord>>;
 * ```
 */
export type Describes<Schema, Record> = [Schema] extends [Mutable<Record>]
  ? [Mutable<Record>] extends [Schema]
    ? true
    : false
  : false;

/**
 * A string at `path` in a chaincode result, e.g. the id of the record a transaction created, for a
 * Location header; undefined when the result does not have one (the response then goes without).
 */
export function stringAt(data: unknown, ...path: readonly string[]): string | undefined {
  let value: unknown = data;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Readonly<Record<string, unknown>>)[key];
  }
  return typeof value === 'string' ? value : undefined;
}

/** A path segment for a Location header (party ids hold `/`). */
export function segment(id: string): string {
  return encodeURIComponent(id);
}
