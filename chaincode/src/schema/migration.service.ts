import {
  ListStaleRecordsInput,
  MigrateRecordsInput,
  type MigrationResult,
  type StaleRecordPage,
} from '@allianceledger/contract';
import { authorize, grant } from '../lib/auth';
import type { AllianceContext } from '../lib/context';
import { fail } from '../lib/errors';
import { compositeKey, getOptional, pageStoredVersions, put, storedVersionAt } from '../lib/ledger';
import { schemaVersionOf } from '../lib/schema';
import { pageRequest, parseInput } from '../lib/validate';

/**
 * The explicit migration of stored records to the current schema version, a page per transaction
 * (docs/chaincode.md, "Writing a migration"). Records are also upgraded whenever a transaction writes
 * them; this is for the cases that need every record of a type current. Any organisation's admin may
 * run it: it changes no record's meaning, only the form it is stored in.
 */

/** The current version of `type`, which must have more than one to migrate between. */
function migratable(type: string): number {
  const version = schemaVersionOf(type);
  if (version === 1) {
    throw fail.invalid(`record type ${type} has a single schema version: there is nothing to migrate`, {
      field: 'recordType',
    });
  }
  return version;
}

/**
 * ListStaleRecords (read-only): one page of the records of a type, and the keys of those stored in an
 * older version than this chaincode writes. The bookmark walks the whole type; a page may list none.
 */
export async function listStaleRecords(ctx: AllianceContext, input: string): Promise<StaleRecordPage> {
  const req = parseInput(input, ListStaleRecordsInput);
  await authorize(ctx, 'ListStaleRecords', [grant.orgAdmin()]);
  const current = migratable(req.recordType);
  const rows = await pageStoredVersions(ctx, req.recordType, pageRequest(req));
  return {
    recordType: req.recordType,
    schemaVersion: current,
    scanned: rows.items.length,
    items: rows.items
      .filter((row) => row.value.schemaVersion < current)
      .map((row) => ({ key: [...row.attributes], schemaVersion: row.value.schemaVersion })),
    bookmark: rows.bookmark,
  };
}

/**
 * MigrateRecords: rewrites the named records (at most a page) in the current schema version. A record
 * another transaction wrote since it was listed is already current and left alone, so running a page
 * twice, or after clients wrote some of its records, is harmless. Point reads and writes only: no range
 * is read, so live traffic on other records never conflicts with a migration.
 */
export async function migrateRecords(ctx: AllianceContext, input: string): Promise<MigrationResult> {
  const req = parseInput(input, MigrateRecordsInput);
  await authorize(ctx, 'MigrateRecords', [grant.orgAdmin()]);
  const current = migratable(req.recordType);
  const result = { recordType: req.recordType, schemaVersion: current, upgraded: 0, alreadyCurrent: 0, missing: 0 };
  const keys = new Set(req.keys.map((attributes) => compositeKey(ctx, req.recordType, attributes)));
  for (const key of keys) {
    const version = await storedVersionAt(ctx, key);
    if (version === undefined) {
      result.missing++;
    } else if (version >= current) {
      result.alreadyCurrent++;
    } else {
      // Read brings it to the current version, put stores it so.
      await put(ctx, key, (await getOptional<object>(ctx, key)) ?? {});
      result.upgraded++;
    }
  }
  return result;
}
