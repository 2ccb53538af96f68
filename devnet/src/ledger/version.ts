import type { Version } from '@allianceledger/fabric-protocol';

/** Versions are equal when both are absent or both name the same block and transaction. */
export function sameVersion(a: Version | null, b: Version | null): boolean {
  if (a === null || b === null) return a === b;
  return a.blockNum === b.blockNum && a.txNum === b.txNum;
}

/** Renders a version as Fabric logs it, for error messages. */
export function formatVersion(v: Version | null): string {
  return v === null ? '<none>' : `${v.blockNum}:${v.txNum}`;
}
