/** Transaction timestamps and their google.protobuf.Timestamp form. */
import { common } from '@hyperledger/fabric-protos';

/** A transaction timestamp with nanosecond precision, as in google.protobuf.Timestamp. */
export interface TxTimestamp {
  /** Seconds since the Unix epoch. */
  readonly seconds: bigint;
  /** Nanoseconds within the second, 0 to 999,999,999. */
  readonly nanos: number;
}

/** The generated google.protobuf.Timestamp class, typed by the members used here. */
export interface PbTimestamp {
  getSeconds(): number;
  setSeconds(value: number): void;
  getNanos(): number;
  setNanos(value: number): void;
  serializeBinary(): Uint8Array;
}

type PbTimestampClass = new () => PbTimestamp;

/**
 * google-protobuf ships no type declarations (and is only a transitive dependency), so the generated Timestamp
 * class is taken from a decoded ChannelHeader whose timestamp field (3) is present and empty.
 */
const PbTimestampCtor: PbTimestampClass = ((): PbTimestampClass => {
  const probe: unknown = common.ChannelHeader.deserializeBinary(Uint8Array.of(0x1a, 0x00)).getTimestamp();
  if (typeof probe !== 'object' || probe === null) {
    throw new Error('google.protobuf.Timestamp class not found');
  }
  return probe.constructor as PbTimestampClass;
})();

const NANOS_PER_SECOND = 1_000_000_000;
const NANOS_PER_MILLI = 1_000_000;

/** Builds a google.protobuf.Timestamp message. */
export function toPbTimestamp(timestamp: TxTimestamp): PbTimestamp {
  assertValidTxTimestamp(timestamp);
  const result = new PbTimestampCtor();
  result.setSeconds(Number(timestamp.seconds));
  result.setNanos(timestamp.nanos);
  return result;
}

/** Reads a google.protobuf.Timestamp message (typed loosely because the generated getters return it untyped). */
export function fromPbTimestamp(timestamp: unknown): TxTimestamp {
  if (typeof timestamp !== 'object' || timestamp === null) {
    return { seconds: 0n, nanos: 0 };
  }
  const pb = timestamp as PbTimestamp;
  return { seconds: BigInt(pb.getSeconds()), nanos: pb.getNanos() };
}

/** The timestamp of a JavaScript Date (millisecond precision). */
export function txTimestampFromDate(date: Date): TxTimestamp {
  const millis = date.getTime();
  const seconds = Math.floor(millis / 1000);
  return { seconds: BigInt(seconds), nanos: (millis - seconds * 1000) * NANOS_PER_MILLI };
}

/** The current time as a transaction timestamp. */
export function txTimestampNow(): TxTimestamp {
  return txTimestampFromDate(new Date());
}

/** The timestamp as a JavaScript Date (truncated to milliseconds). */
export function txTimestampToDate(timestamp: TxTimestamp): Date {
  return new Date(Number(timestamp.seconds) * 1000 + Math.floor(timestamp.nanos / NANOS_PER_MILLI));
}

/**
 * RFC 3339 / ISO 8601 UTC form. Millisecond timestamps print exactly as `Date.prototype.toISOString`;
 * finer ones keep 6 or 9 fraction digits.
 */
export function txTimestampToIsoString(timestamp: TxTimestamp): string {
  const whole = new Date(Number(timestamp.seconds) * 1000).toISOString().slice(0, -5); // drop ".000Z"
  let fraction = timestamp.nanos.toString().padStart(9, '0');
  while (fraction.length > 3 && fraction.endsWith('000')) {
    fraction = fraction.slice(0, -3);
  }
  return `${whole}.${fraction}Z`;
}

/** Orders two timestamps: negative, zero or positive like a sort comparator. */
export function compareTxTimestamps(a: TxTimestamp, b: TxTimestamp): number {
  if (a.seconds !== b.seconds) {
    return a.seconds < b.seconds ? -1 : 1;
  }
  return a.nanos - b.nanos;
}

/** Throws when `timestamp` is outside the range google.protobuf.Timestamp allows. */
export function assertValidTxTimestamp(timestamp: TxTimestamp): void {
  if (!Number.isInteger(timestamp.nanos) || timestamp.nanos < 0 || timestamp.nanos >= NANOS_PER_SECOND) {
    throw new RangeError(`Timestamp nanos out of range: ${timestamp.nanos}`);
  }
}
