import { z } from 'zod';

/**
 * Validation messages in plain words, the same on both sides: the chaincode's INVALID_ARGUMENT and the
 * gateway's VALIDATION_FAILED say what is missing ("required") and what is expected, never zod's
 * "Invalid input: expected object, received undefined".
 */

const TYPE_WORDS: Readonly<Record<string, string>> = {
  object: 'a JSON object',
  string: 'a string',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'an array',
  bigint: 'a decimal string',
};

function typeWords(expected: string): string {
  return TYPE_WORDS[expected] ?? expected;
}

function sizeWords(origin: string, bound: number | bigint, inclusive: boolean | undefined, small: boolean): string {
  const n = inclusive === false ? (small ? Number(bound) + 1 : Number(bound) - 1) : Number(bound);
  const unit = origin === 'string' ? ' characters' : origin === 'array' || origin === 'set' ? ' items' : '';
  return `${small ? 'at least' : 'at most'} ${n}${unit}`;
}

function valueList(values: readonly unknown[]): string {
  return values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v))).join(', ');
}

/** What a value of the wrong type should have been; "required" when it is missing. */
function invalidType(input: unknown, expected: string): string {
  if (input === undefined) return 'required';
  if (input === null) return `expected ${typeWords(expected)}, not null (omit the field instead)`;
  return `expected ${typeWords(expected)}`;
}

/**
 * The per-parse error map of every contract parse: pass it as `{ error: plainWords }`. Messages a
 * schema states itself (a pattern's `expected` words) take precedence over these.
 */
export const plainWords: z.core.$ZodErrorMap = (issue) => {
  switch (issue.code) {
    case 'invalid_type':
      return invalidType(issue.input, issue.expected);
    case 'too_small':
      return sizeWords(issue.origin, issue.minimum, issue.inclusive, true);
    case 'too_big':
      return sizeWords(issue.origin, issue.maximum, issue.inclusive, false);
    case 'invalid_value':
      return `one of ${valueList(issue.values)}`;
    case 'unrecognized_keys':
      return 'unknown field';
    case 'invalid_union':
      return 'discriminator' in issue && Array.isArray(issue.options)
        ? `one of ${valueList(issue.options as unknown[])}`
        : 'none of the accepted forms';
    case 'invalid_format':
      return `expected the ${issue.format} format`;
    case 'not_multiple_of':
      return `a multiple of ${String(issue.divisor)}`;
    default:
      return undefined;
  }
};

/** One failed field: its path inside the validated value and what is wrong, in plain words. */
export interface FieldIssue {
  readonly path: readonly (string | number)[];
  readonly message: string;
}

/**
 * The issues of a failed parse, one per field: an unknown-key issue becomes one per key (named by the
 * key's path), and a field that fails several checks is named once, with the first (a time in another
 * form than asked is not also "not a real time"). Unknown fields come first (nothing else matters about
 * an input that is not the shape asked for), then the rest in field order.
 */
export function fieldIssues(error: z.ZodError): FieldIssue[] {
  const unknown: FieldIssue[] = [];
  const rest = new Map<string, FieldIssue>();
  for (const issue of error.issues) {
    const path = issue.path.map((p) => (typeof p === 'symbol' ? String(p) : p));
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) unknown.push({ path: [...path, key], message: 'unknown field' });
    } else {
      const field = JSON.stringify(path);
      if (!rest.has(field)) rest.set(field, { path, message: issue.message });
    }
  }
  return [...unknown, ...rest.values()];
}

/**
 * Parses `value` with `schema` and plain-words messages. The result is zod's, with {@link fieldIssues}
 * on failure.
 */
export function parseContract<T extends z.ZodType>(
  schema: T,
  value: unknown,
): { readonly success: true; readonly data: z.output<T> } | { readonly success: false; readonly issues: FieldIssue[] } {
  const result = schema.safeParse(value, { error: plainWords, reportInput: false });
  return result.success ? { success: true, data: result.data } : { success: false, issues: fieldIssues(result.error) };
}

/** `input.parts[0].amount`: a field path as the chaincode names it in `details.field`. */
export function dottedPath(root: string, path: readonly (string | number)[]): string {
  return path.reduce<string>((out, p) => (typeof p === 'number' ? `${out}[${p}]` : `${out}.${p}`), root);
}
