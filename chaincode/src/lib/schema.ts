import { fail } from './errors';

/**
 * Schema versions of stored records. Every value the chaincode writes to world state or a private data
 * collection carries `schemaVersion`: the version of its record type (the object type of its composite
 * key: `settlement`, `account`, …) that wrote it. A record written before versions existed has none and
 * reads as version 1.
 *
 * A new chaincode version that changes a record type declares one {@link Upgrade} from the previous
 * version; reading any older record applies the upgrades in turn, so the code only ever sees the
 * current shape, and the next write of the record stores it in the current version (upgrade on write).
 * The `schema:MigrateRecords` transaction rewrites the records of one type a page at a time for the
 * cases that need every record current (an index a new version lists by, a field a query reads).
 *
 * A chaincode process runs one version: the versions live in this module, declared when the
 * chaincode's modules load, before any transaction runs.
 */

/** The stored field naming a record's schema version. */
export const SCHEMA_VERSION_FIELD = 'schemaVersion';

/** A stored record as JSON: its fields, with or without {@link SCHEMA_VERSION_FIELD}. */
export type StoredFields = Readonly<Record<string, unknown>>;

/**
 * Turns a record of one version of its type into the next version. Pure and deterministic: it sees
 * only the record (no context, no time, no other keys), so every peer upgrades it alike.
 */
export type Upgrade = (record: StoredFields) => StoredFields;

const upgrades = new Map<string, Upgrade[]>();

/** The version records of `type` are written in: 1, plus one for each upgrade declared. */
export function schemaVersionOf(type: string): number {
  return 1 + (upgrades.get(type)?.length ?? 0);
}

/**
 * Declares the next schema version of record type `type`, reached from the current one by `upgrade`;
 * returns the new version. Called once per version when a chaincode module loads.
 *
 * @example
 * ```ts
 * // v2 of the chaincode: settlements gain a memo, empty for those written before.
 * declareSchemaVersion('settlement', (s) => ({ ...s, memo: '' }));
 * ```
 */
export function declareSchemaVersion(type: string, upgrade: Upgrade): number {
  const list = upgrades.get(type) ?? [];
  list.push(upgrade);
  upgrades.set(type, list);
  return 1 + list.length;
}

/** The version a stored value was written in (1 when it has none). */
export function storedVersion(stored: StoredFields): number {
  const v = stored[SCHEMA_VERSION_FIELD];
  return typeof v === 'number' && Number.isInteger(v) && v >= 1 ? v : 1;
}

/** The stored form of `record` of type `type`: its fields and the current version of the type. */
export function stamp(type: string, record: object): StoredFields {
  return { ...(record as StoredFields), [SCHEMA_VERSION_FIELD]: schemaVersionOf(type) };
}

/**
 * A stored value of type `type` as the current version: older versions upgraded in turn, the version
 * field removed. A value written by a newer version than this chaincode knows is refused: its fields
 * may mean something this code would lose on its next write.
 */
export function readStored(type: string, stored: StoredFields): StoredFields {
  const from = storedVersion(stored);
  const current = schemaVersionOf(type);
  if (from > current) {
    throw fail.illegalState(
      `a ${type} record is in schema version ${from}, newer than this chaincode's ${current}: upgrade the chaincode`,
      { entity: type, schemaVersion: from, supported: current },
    );
  }
  // The upgrades from version `from` on: step i turns version i + 1 into i + 2.
  const record = (upgrades.get(type) ?? []).slice(from - 1).reduce((r, upgrade) => upgrade(r), stored);
  const { [SCHEMA_VERSION_FIELD]: _version, ...fields } = record;
  return fields;
}
