import { createHash } from 'node:crypto';
import { canonicalJson } from '@allianceledger/contract';

/** Lower-case hex SHA-256 of the canonical JSON of `value`: the snapshot hash of a document. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonicalJson(value), 'utf8').digest('hex');
}
