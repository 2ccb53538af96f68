import { common } from '@hyperledger/fabric-protos';
import {
  compareTxTimestamps,
  fromPbTimestamp,
  toPbTimestamp,
  txTimestampFromDate,
  txTimestampToDate,
  txTimestampToIsoString,
} from './timestamp';

describe('TxTimestamp', () => {
  it('round-trips through google.protobuf.Timestamp inside a ChannelHeader', () => {
    const header = new common.ChannelHeader();
    header.setTimestamp(toPbTimestamp({ seconds: 1_717_000_000n, nanos: 999_999_999 }));
    const decoded = common.ChannelHeader.deserializeBinary(header.serializeBinary());
    expect(fromPbTimestamp(decoded.getTimestamp())).toEqual({ seconds: 1_717_000_000n, nanos: 999_999_999 });
    expect(fromPbTimestamp(undefined)).toEqual({ seconds: 0n, nanos: 0 });
  });

  it('converts to and from Date', () => {
    const date = new Date('2024-05-06T07:08:09.123Z');
    const ts = txTimestampFromDate(date);
    expect(ts).toEqual({ seconds: 1_714_979_289n, nanos: 123_000_000 });
    expect(txTimestampToDate(ts).toISOString()).toBe(date.toISOString());
    expect(txTimestampFromDate(new Date(-1))).toEqual({ seconds: -1n, nanos: 999_000_000 });
  });

  it('prints ISO strings with millisecond, microsecond or nanosecond precision', () => {
    expect(txTimestampToIsoString({ seconds: 1_714_979_289n, nanos: 0 })).toBe('2024-05-06T07:08:09.000Z');
    expect(txTimestampToIsoString({ seconds: 1_714_979_289n, nanos: 123_000_000 })).toBe('2024-05-06T07:08:09.123Z');
    expect(txTimestampToIsoString({ seconds: 1_714_979_289n, nanos: 123_456_000 })).toBe('2024-05-06T07:08:09.123456Z');
    expect(txTimestampToIsoString({ seconds: 1_714_979_289n, nanos: 5 })).toBe('2024-05-06T07:08:09.000000005Z');
  });

  it('orders timestamps', () => {
    expect(compareTxTimestamps({ seconds: 1n, nanos: 5 }, { seconds: 1n, nanos: 6 })).toBeLessThan(0);
    expect(compareTxTimestamps({ seconds: 2n, nanos: 0 }, { seconds: 1n, nanos: 999 })).toBeGreaterThan(0);
    expect(compareTxTimestamps({ seconds: 2n, nanos: 3 }, { seconds: 2n, nanos: 3 })).toBe(0);
  });
});
