import { z } from 'zod';
import {
  Amount,
  CreateProposalInput,
  ERROR_HTTP_STATUS,
  ErrorCode,
  EVENT_PAYLOADS,
  EventName,
  IsoTime,
  ListOrders,
  parseContract,
  PartyId,
  PositiveAmount,
  Sha256Hex,
  Sha256HexAnyCase,
  TransferInput,
  TRANSACTIONS,
} from './index';

const party = 'EcommerceMSP::x509::/C=US/CN=buyer1::/C=US/CN=ca.ecommerce.example.com';

describe('primitives', () => {
  it('decode amounts to bigint and encode them back to the canonical string', () => {
    expect(z.decode(Amount, '12800')).toBe(12800n);
    expect(z.encode(Amount, 12800n)).toBe('12800');
    const input = z.decode(TransferInput, {
      fromAccountId: 'a',
      toAccountId: 'b',
      currency: 'CNY',
      amount: '5',
    });
    expect(input.amount).toBe(5n);
    expect(JSON.stringify(z.encode(TransferInput, input))).toBe(
      '{"fromAccountId":"a","toAccountId":"b","currency":"CNY","amount":"5"}',
    );
  });

  it.each(['', ' 1', '1e3', '0x10', '-1', '1.5', '01', '+1', '1'.repeat(31), 7])('refuses the amount %j', (v) => {
    expect(Amount.safeParse(v).success).toBe(false);
  });

  it('refuses zero where a positive amount is required', () => {
    expect(PositiveAmount.safeParse('0').success).toBe(false);
  });

  it('normalises ISO times to milliseconds and refuses impossible dates', () => {
    expect(z.decode(IsoTime, '2030-01-31T00:00:00Z')).toBe('2030-01-31T00:00:00.000Z');
    expect(IsoTime.safeParse('2030-02-30T00:00:00Z').success).toBe(false);
  });

  it('accepts digests in lower case only, and either case where a client is lenient', () => {
    const hex = 'ab'.repeat(32);
    expect(Sha256Hex.safeParse(hex.toUpperCase()).success).toBe(false);
    expect(z.decode(Sha256HexAnyCase, hex.toUpperCase())).toBe(hex);
  });

  it('takes party ids of consortium organisations only', () => {
    expect(PartyId.safeParse(party).success).toBe(true);
    expect(PartyId.safeParse(party.replace('EcommerceMSP', 'OtherMSP')).success).toBe(false);
  });
});

describe('issues in plain words', () => {
  it('say "required" for a missing field and name unknown fields first', () => {
    const result = parseContract(TransferInput, { fromAccountId: 'a', fee: '1' });
    expect(result.success).toBe(false);
    if (result.success) return;
    expect(result.issues[0]).toEqual({ path: ['fee'], message: 'unknown field' });
    expect(result.issues).toContainEqual({ path: ['toAccountId'], message: 'required' });
  });

  it('list the allowed values of a listing status', () => {
    const result = parseContract(ListOrders.input, { by: 'status', value: 'NOPE' });
    expect(result.success ? [] : result.issues).toEqual([
      {
        path: ['value'],
        message: 'one of PLACED, PAID, SHIPPED, DELIVERED, COMPLETED, CANCELLED, DISPUTED, ARBITRATED',
      },
    ]);
  });

  it('name a field that fails several checks once, with the first', () => {
    const schema = z.strictObject({ at: IsoTime });
    const result = parseContract(schema, { at: '2030-01-01T08:00:00+08:00' });
    expect(result.success ? [] : result.issues).toEqual([
      { path: ['at'], message: 'an ISO-8601 UTC time, e.g. 2030-01-31T00:00:00Z' },
    ]);
  });

  it('name the payload fields of a proposal by kind', () => {
    const result = parseContract(CreateProposalInput, { kind: 'BLACKLIST', payload: { party } });
    expect(result.success ? [] : result.issues).toEqual([{ path: ['payload', 'reason'], message: 'required' }]);
  });
});

describe('catalogues', () => {
  it('give every error code an HTTP status and every event a payload schema', () => {
    expect(Object.keys(ERROR_HTTP_STATUS).sort()).toEqual(Object.values(ErrorCode).sort());
    expect(Object.keys(EVENT_PAYLOADS).sort()).toEqual(Object.values(EventName).sort());
  });

  it('take a handle wherever an input names an existing party (PartyRef, never a bare PartyId)', () => {
    // The two exceptions: registering a member names a certificate's party id (no handle exists yet), and
    // HandlesOf is asked for the handles of party ids.
    const takesPartyIds = ['members:RegisterMember', 'members:HandlesOf'];
    const offenders = Object.entries(TRANSACTIONS)
      .filter(([, spec]) =>
        JSON.stringify(z.toJSONSchema(spec.input, { io: 'input', unrepresentable: 'any' })).includes('"PartyId"'),
      )
      .map(([name]) => name);
    expect(offenders).toEqual(takesPartyIds);
  });
});
