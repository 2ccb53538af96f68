/**
 * True when `error` is a Node system error with one of the given codes (e.g. `ENOENT`). Structural on purpose:
 * errors thrown by Node core are not `instanceof Error` of every realm (Jest sandboxes, VM contexts).
 */
export function isErrno(error: unknown, ...codes: readonly string[]): boolean {
  return (
    typeof error === 'object' &&
    error !== null &&
    'code' in error &&
    typeof error.code === 'string' &&
    codes.includes(error.code)
  );
}
