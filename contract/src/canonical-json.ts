/**
 * The chaincode's only serializer: deterministic JSON with object keys sorted recursively, so every
 * endorsing peer writes byte-identical values and hashes of a document are reproducible off chain.
 */

/**
 * Serialises `value` canonically: object keys sorted by UTF-16 code unit at every depth, no whitespace,
 * properties whose value is `undefined` omitted. Refuses what JSON cannot carry exactly: bigint (format
 * money as a decimal string first), non-integer or unsafe numbers, functions, symbols, and `undefined`
 * inside arrays.
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: { d: '2', c: null } }); // '{"a":{"c":null,"d":"2"},"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  return write(value, '$');
}

function write(value: unknown, path: string): string {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isSafeInteger(value)) throw new TypeError(`canonicalJson: ${path} is not a safe integer`);
      return JSON.stringify(value);
    case 'object': {
      if (value === null) return 'null';
      if (Array.isArray(value)) {
        return `[${value.map((item: unknown, i) => write(item, `${path}[${i}]`)).join(',')}]`;
      }
      const record = value as Record<string, unknown>;
      const members: string[] = [];
      for (const key of Object.keys(record).sort()) {
        const member = record[key];
        if (member === undefined) continue;
        members.push(`${JSON.stringify(key)}:${write(member, `${path}.${key}`)}`);
      }
      return `{${members.join(',')}}`;
    }
    default:
      throw new TypeError(`canonicalJson: ${path} has unsupported type ${typeof value}`);
  }
}
