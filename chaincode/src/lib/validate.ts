import { DEFAULT_PAGE_SIZE, dottedPath, MAX_INPUT_LENGTH, parseContract } from '@allianceledger/contract';
import type { z } from 'zod';
import { fail } from './errors';
import type { PageRequest } from './ledger';

/**
 * The adapter from the contract's zod schemas (`@allianceledger/contract`) to the chaincode's one error
 * type: every transaction input is decoded by its schema before anything is read, and a refusal is
 * INVALID_ARGUMENT with `details.field` naming the first bad field (`input.amount`,
 * `input.parts[0].amount`, `transient.order.items[0].discount`) and a message in plain words.
 */

/**
 * Parses a transaction's JSON argument and decodes it with `schema` (amounts become bigint, times are
 * normalised). The argument is a string because fabric-contract-api passes arguments as strings.
 */
export function parseInput<T extends z.ZodType>(input: unknown, schema: T): z.output<T> {
  if (typeof input !== 'string') throw fail.invalid('input must be a JSON string', { field: 'input' });
  if (input.length > MAX_INPUT_LENGTH) {
    throw fail.invalid(`input must be at most ${MAX_INPUT_LENGTH} characters`, { field: 'input' });
  }
  let value: unknown;
  try {
    value = JSON.parse(input);
  } catch {
    throw fail.invalid('input is not valid JSON', { field: 'input' });
  }
  return parseValue(value, schema, 'input');
}

/** Decodes `value` with `schema`; INVALID_ARGUMENT naming the first bad field under `root` otherwise. */
export function parseValue<T extends z.ZodType>(value: unknown, schema: T, root: string): z.output<T> {
  const result = parseContract(schema, value);
  if (result.success) return result.data;
  const first = result.issues[0] ?? { path: [], message: 'not valid' };
  const field = dottedPath(root, first.path);
  throw fail.invalid(`${field}: ${first.message}`, { field });
}

/** The paging of a listing input, with the default page size filled in. */
export function pageRequest(
  req: { readonly pageSize?: number | undefined; readonly bookmark?: string | undefined },
  defaultSize: number = DEFAULT_PAGE_SIZE,
): PageRequest {
  return { pageSize: req.pageSize ?? defaultSize, bookmark: req.bookmark ?? '' };
}
