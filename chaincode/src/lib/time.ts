import type { Context } from 'fabric-contract-api';

/** A point in time taken from the transaction, identical on every endorsing peer. */
export interface TxTime {
  /** Milliseconds since the epoch. */
  readonly ms: number;
  /** ISO-8601 in UTC, millisecond precision: the form stored in records. */
  readonly iso: string;
}

/**
 * The transaction's timestamp from the proposal header. Chaincode never reads the clock: every
 * endorsing peer must compute the same result. The submitting client sets this timestamp and Fabric
 * peers do not bound it, so rules that compare it with a deadline trust the submitter's clock (see
 * docs/chaincode.md, "Time-limit rule").
 */
export function txTime(ctx: Context): TxTime {
  const ts = ctx.stub.getTxTimestamp();
  const ms = Number(ts.seconds.toString()) * 1000 + Math.floor(ts.nanos / 1_000_000);
  return { ms, iso: new Date(ms).toISOString() };
}

/** Milliseconds since the epoch of an ISO time this chaincode stored. */
export function isoToMs(iso: string): number {
  return new Date(iso).getTime();
}

/** The ISO time `seconds` after `iso`. */
export function addSeconds(iso: string, seconds: number): string {
  return new Date(isoToMs(iso) + seconds * 1000).toISOString();
}

/** ISO time of a protobuf timestamp (history entries). */
export function timestampToIso(ts: { seconds: { toString(): string } | number; nanos: number }): string {
  return new Date(Number(ts.seconds.toString()) * 1000 + Math.floor(ts.nanos / 1_000_000)).toISOString();
}
