import { parseContract, type FieldIssue } from '@allianceledger/contract';
import type { z } from 'zod';
import { ProblemError, type FieldError } from './problem';

/** How a detail names each part of a request (`params` are the path's parameters). */
const PART_NAMES: Readonly<Record<string, string>> = { params: 'path parameters', query: 'query', body: 'body' };

/**
 * Parses one part of a request with its schema (derived from the contract's); failures become a 400
 * with the field paths and messages in plain words ("required", "one of …", what a pattern expects).
 */
export function validate<T extends z.ZodType>(schema: T | undefined, value: unknown, part: string): z.output<T> {
  if (!schema) {
    const empty =
      value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
    if (empty) return undefined as z.output<T>;
    throw new ProblemError('VALIDATION_FAILED', `this operation takes no ${PART_NAMES[part] ?? part}`, {
      errors: [{ path: part, message: `unexpected ${part}` }],
    });
  }
  const result = parseContract(schema, value);
  if (result.success) return result.data;
  const name = PART_NAMES[part] ?? part;
  throw new ProblemError('VALIDATION_FAILED', `the ${name} ${name.endsWith('s') ? 'are' : 'is'} not valid`, {
    errors: fieldErrors(result.issues, part),
  });
}

/** Field issues as problem `errors`, each path prefixed with the request part (`body.order.items.0`). */
export function fieldErrors(issues: readonly FieldIssue[], part: string): FieldError[] {
  return issues.map((issue) => ({ path: [part, ...issue.path.map(String)].join('.'), message: issue.message }));
}
