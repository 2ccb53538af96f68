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
