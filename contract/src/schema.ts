import { z } from 'zod';
import { MAX_PAGE_SIZE, Paging, text } from './primitives';

/**
 * Schema versions of stored records and their migration (docs/chaincode.md, "Schema versions"). Every
 * record the chaincode stores carries the schema version of its record type; a chaincode reads every
 * older version and writes the current one. `schema:ListStaleRecords` pages through the records of one
 * type that are still in an older version, and `schema:MigrateRecords` rewrites the ones it names in the
 * current version: an operator migrates a type a page per transaction, and may stop and resume at any
 * page.
 */

/** A record type: the object type of its composite key, e.g. `settlement`. */
export const RecordType = text(64, {
  pattern: /^[a-zA-Z][a-zA-Z0-9_.-]*$/,
  expected: 'a record type such as settlement (letters, digits, ".", "_" or "-")',
});

/** A record's key attributes (its composite key after the record type). */
export const RecordKey = z.array(text(256)).min(1).max(8);

/** `schema:ListStaleRecords`: the records of one type in an older schema version, a page of keys at a time. */
export const ListStaleRecordsInput = z.strictObject({ recordType: RecordType, ...Paging });

/** A page of the keys of stale records. */
export const StaleRecordPage = z.object({
  recordType: z.string(),
  schemaVersion: z.number().int().describe('The version this chaincode writes records of the type in'),
  scanned: z.number().int().describe('Records this page looked at'),
  items: z.array(z.object({ key: RecordKey, schemaVersion: z.number().int() })),
  bookmark: z.string().describe('Pass it as `bookmark` for the next page; empty on the last page'),
});
/** A page of stale record keys. */
export type StaleRecordPage = z.infer<typeof StaleRecordPage>;

/** `schema:MigrateRecords`: the records (at most a page) to rewrite in the current schema version. */
export const MigrateRecordsInput = z.strictObject({
  recordType: RecordType,
  keys: z.array(RecordKey).min(1).max(MAX_PAGE_SIZE),
});

/** What one migration transaction did. */
export const MigrationResult = z.object({
  recordType: z.string(),
  schemaVersion: z.number().int(),
  upgraded: z.number().int().describe('Records rewritten in the current version'),
  alreadyCurrent: z.number().int().describe('Records another transaction had already written in it'),
  missing: z.number().int().describe('Keys with no record'),
});
/** What one migration transaction did. */
export type MigrationResult = z.infer<typeof MigrationResult>;
