import { z } from 'zod';
import { ProblemError, type FieldError } from './problem';

/** Parses one part of a request with its schema; failures become a 400 with the field paths. */
export function validate<T extends z.ZodType>(schema: T | undefined, value: unknown, part: string): z.infer<T> {
  if (!schema) {
    const empty =
      value === undefined || (typeof value === 'object' && value !== null && Object.keys(value).length === 0);
    if (empty) return undefined as z.infer<T>;
    throw new ProblemError('VALIDATION_FAILED', `this operation takes no ${part}`, {
      errors: [{ path: part, message: `unexpected ${part}` }],
    });
  }
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new ProblemError('VALIDATION_FAILED', `the ${part} is not valid`, { errors: fieldErrors(result.error, part) });
}

export function fieldErrors(error: z.ZodError, part: string): FieldError[] {
  return error.issues.flatMap((issue): FieldError[] => {
    const base = [part, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return issue.keys.map((k) => ({ path: [...base, k].join('.'), message: 'unknown field' }));
    }
    return [{ path: base.join('.'), message: issue.message }];
  });
}
