import { Amount, MAX_AMOUNT, PositiveAmount, text } from '@allianceledger/contract';
import { z } from 'zod';
import { canonicalJson } from '@allianceledger/contract';
import { ChaincodeError, parseErrorMessage } from './errors';
import { canonicalHash } from './hash';
import { canTransition, defineStateMachine, nextState } from './state-machine';
import { parseInput, parseValue } from './validate';

const parseAmount = (value: unknown, field: string): bigint => parseValue(value, Amount, field);
const parsePositiveAmount = (value: unknown, field: string): bigint => parseValue(value, PositiveAmount, field);
const formatAmount = (amount: bigint): string => z.encode(Amount, amount);

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (err) {
    return err instanceof ChaincodeError ? err.code : 'NOT_A_CHAINCODE_ERROR';
  }
  return undefined;
}

describe('canonicalJson', () => {
  it('sorts keys recursively and drops undefined members', () => {
    expect(canonicalJson({ b: 1, a: { d: '2', c: null, e: undefined }, arr: [{ z: 1, y: 2 }] })).toBe(
      '{"a":{"c":null,"d":"2"},"arr":[{"y":2,"z":1}],"b":1}',
    );
  });

  it('is independent of insertion order, so hashes are reproducible', () => {
    expect(canonicalHash({ x: 1, y: [1, 2] })).toBe(canonicalHash({ y: [1, 2], x: 1 }));
    expect(canonicalHash({})).toBe('44136fa355b3678a1146ad16f7e8649e94fb4fc21fe77e8310c060f61caaff8a');
  });

  it('refuses what JSON cannot carry exactly', () => {
    expect(() => canonicalJson({ a: 1n })).toThrow(TypeError);
    expect(() => canonicalJson({ a: 1.5 })).toThrow(/safe integer/);
    expect(() => canonicalJson({ a: 2 ** 53 })).toThrow(/safe integer/);
    expect(() => canonicalJson([undefined])).toThrow(TypeError);
    expect(() => canonicalJson({ f: () => 1 })).toThrow(TypeError);
  });
});

describe('amounts', () => {
  it.each(['0', '1', '42', '1000000', MAX_AMOUNT.toString()])('accepts %s', (value) => {
    expect(formatAmount(parseAmount(value, 'amount'))).toBe(value);
  });

  it.each([
    ['empty', ''],
    ['blank', ' '],
    ['padded', ' 1'],
    ['exponent', '1e3'],
    ['hex', '0x10'],
    ['negative', '-1'],
    ['decimal', '1.5'],
    ['leading zero', '01'],
    ['plus sign', '+1'],
    ['Infinity', 'Infinity'],
    ['too large', (MAX_AMOUNT + 1n).toString()],
    ['unicode digits', '١٢'],
  ])('refuses %s', (_name, value) => {
    expect(codeOf(() => parseAmount(value, 'amount'))).toBe('INVALID_ARGUMENT');
  });

  it.each([
    ['a number', 1],
    ['an unsafe number', JSON.parse('9007199254740993') as number],
    ['null', null],
    ['a boolean', true],
    ['an array', ['1']],
    ['an object', { value: '1' }],
    ['a bigint', 1n],
  ])('refuses %s', (_name, value) => {
    expect(codeOf(() => parseAmount(value, 'amount'))).toBe('INVALID_ARGUMENT');
  });

  it('refuses 9007199254740993 written as a JSON number inside an input', () => {
    const check = z.strictObject({ amount: Amount });
    expect(codeOf(() => parseInput('{"amount":9007199254740993}', check))).toBe('INVALID_ARGUMENT');
  });

  it('refuses zero where a positive amount is required', () => {
    expect(codeOf(() => parsePositiveAmount('0', 'amount'))).toBe('INVALID_ARGUMENT');
  });
});

describe('input validation', () => {
  const check = z.strictObject({
    name: text(5),
    n: z.number().int().min(1).max(3).optional(),
    tags: z.array(text(2)).max(2).optional(),
  });

  it('returns the typed input', () => {
    expect(parseInput('{"name":"ab","n":2,"tags":["x"]}', check)).toEqual({ name: 'ab', n: 2, tags: ['x'] });
  });

  it.each([
    ['not JSON', '{'],
    ['not an object', '[]'],
    ['null', 'null'],
    ['an unknown field', '{"name":"a","extra":1}'],
    ['a prototype key', '{"name":"a","__proto__":{}}'],
    ['a missing field', '{}'],
    ['a null optional', '{"name":"a","n":null}'],
    ['a wrong type', '{"name":1}'],
    ['too long', '{"name":"abcdef"}'],
    ['a control character', '{"name":"a\\u0000"}'],
    ['an out-of-range integer', '{"name":"a","n":4}'],
    ['a fractional integer', '{"name":"a","n":1.5}'],
    ['too many items', '{"name":"a","tags":["a","b","c"]}'],
  ])('refuses %s', (_name, input) => {
    expect(codeOf(() => parseInput(input, check))).toBe('INVALID_ARGUMENT');
  });

  it.each([
    ['a missing field', '{}', 'input.name', 'input.name: required'],
    ['an unknown field', '{"name":"a","extra":1}', 'input.extra', 'input.extra: unknown field'],
    [
      'a null optional',
      '{"name":"a","n":null}',
      'input.n',
      'input.n: expected a number, not null (omit the field instead)',
    ],
    ['an item', '{"name":"a","tags":["abc"]}', 'input.tags[0]', 'input.tags[0]: at most 2 characters'],
  ])('names %s in details.field and says in plain words what is wrong', (_name, input, field, message) => {
    let caught: unknown;
    try {
      parseInput(input, check);
    } catch (err) {
      caught = err;
    }
    expect(caught).toBeInstanceOf(ChaincodeError);
    expect((caught as ChaincodeError).details).toEqual({ field });
    expect((caught as ChaincodeError).reason).toBe(message);
  });

  it('refuses a missing object with "required", not a type error', () => {
    const nested = z.strictObject({ order: z.strictObject({ no: text(5) }) });
    expect(() => parseInput('{}', nested)).toThrow(/input\.order: required/);
  });
});

describe('errors', () => {
  it('carry machine-readable JSON in the message', () => {
    const err = new ChaincodeError('NOT_FOUND', 'order not found', { id: 'x' });
    expect(JSON.parse(err.message)).toEqual({ code: 'NOT_FOUND', message: 'order not found', details: { id: 'x' } });
    expect(parseErrorMessage(err.message)).toEqual({
      code: 'NOT_FOUND',
      message: 'order not found',
      details: { id: 'x' },
    });
    expect(parseErrorMessage('Expected 1 parameters, but 0 have been supplied')).toBeUndefined();
    expect(parseErrorMessage('{"code":"NOPE","message":"x"}')).toBeUndefined();
  });
});

describe('state machines', () => {
  const Door = defineStateMachine('door', { OPEN: 'OPEN', SHUT: 'SHUT' } as const, {
    CLOSE: { from: ['OPEN'], to: 'SHUT' },
    OPEN: { from: ['SHUT'], to: 'OPEN' },
  });

  it('follow their table and refuse anything else with ILLEGAL_STATE', () => {
    expect(nextState(Door, 'OPEN', 'CLOSE')).toBe('SHUT');
    expect(canTransition(Door, 'SHUT', 'CLOSE')).toBe(false);
    expect(codeOf(() => nextState(Door, 'SHUT', 'CLOSE'))).toBe('ILLEGAL_STATE');
  });
});
