import type { Identity } from '../scenarios/alliance-bootstrap';

/**
 * What differs between two ledgers that run the same operations, and nothing else, rewritten to the
 * tokens operations are written in (see operation.ts):
 *
 * - transaction ids (and the ids made of them: settlement numbers, receivable parts `<id>-1`, credit
 *   record ids `<id>.0`) → `{{tx:N}}`, N the operation that wrote it; the transactions of a concurrent
 *   group → `{{tx:group@N}}` (which of them won may differ); bootstrap transactions → `{{tx:bootstrap…}}`;
 * - party ids and X.509 ids (each network issues its own certificates) → `{{party:…}}`, `{{x509:…}}`,
 *   also percent-encoded (in problem `instance` paths);
 * - block numbers (`blockNumber`, `height`, a block's `number`) → `{{block}}`: blocks are cut by time and
 *   count, so the same transactions land in other blocks;
 * - block hashes → `{{block-hash}}` (they hash the block's contents, which differ by the above);
 * - times → `{{time}}` (`{{time.3}}` with three fraction digits: the format is compared, the instant not),
 *   except the ones the run chose (due times), which must come back unchanged;
 * - request ids → `{{request-id}}`; bookmarks (opaque) → `{{bookmark}}` when not empty.
 *
 * Everything else is compared byte for byte.
 */
export interface LedgerIds {
  /** Party id of each identity on this ledger. */
  readonly parties: ReadonlyMap<Identity, string>;
  /** Transaction id → its token. */
  readonly transactions: ReadonlyMap<string, string>;
}

/** Where an answer came from: explorer answers carry block hashes. */
export type AnswerKind = 'chain' | 'block' | 'other';

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(\d+))?Z/g;
const HEX64 = /[0-9a-f]{64}/g;
const BLOCK_HASH_KEYS = new Set(['hash', 'previousHash', 'dataHash', 'currentBlockHash', 'previousBlockHash']);

export class Normaliser {
  readonly #ids: LedgerIds;
  readonly #chosenTimes: ReadonlySet<string>;
  #replacements: [string, string][] | undefined;

  /** `chosenTimes`: times the operations wrote (due times), which are compared as they are. */
  constructor(ids: LedgerIds, chosenTimes: ReadonlySet<string> = new Set()) {
    this.#ids = ids;
    this.#chosenTimes = chosenTimes;
  }

  /** A normalised deep copy of a JSON value. */
  normalise(value: unknown, kind: AnswerKind = 'other'): unknown {
    return this.#walk(value, kind, undefined);
  }

  /** A string with ledger-specific parts replaced. */
  text(value: string): string {
    let out = value;
    for (const [from, to] of this.#partyReplacements()) out = out.split(from).join(to);
    out = out.replace(HEX64, (hex) => this.#ids.transactions.get(hex) ?? hex);
    out = out.replace(ISO_TIME, (time, fraction?: string) =>
      this.#chosenTimes.has(time) ? time : fraction === undefined ? '{{time}}' : `{{time.${fraction.length}}}`,
    );
    return out;
  }

  #walk(value: unknown, kind: AnswerKind, key: string | undefined): unknown {
    if (typeof value === 'string') {
      if (key === 'blockNumber' || key === 'height' || (kind === 'block' && key === 'number')) return '{{block}}';
      if (kind !== 'other' && key !== undefined && BLOCK_HASH_KEYS.has(key)) return '{{block-hash}}';
      if (key === 'bookmark') return value === '' ? '' : '{{bookmark}}';
      if (key === 'requestId') return '{{request-id}}';
      return this.text(value);
    }
    if (Array.isArray(value)) return value.map((v) => this.#walk(v, kind, undefined));
    if (typeof value === 'object' && value !== null) {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(value as Record<string, unknown>)) out[k] = this.#walk(v, kind, k);
      return out;
    }
    return value;
  }

  /** Party ids, X.509 ids and their percent-encodings, longest first (a party id contains its X.509 id). */
  #partyReplacements(): [string, string][] {
    if (this.#replacements) return this.#replacements;
    const pairs: [string, string][] = [];
    for (const [identity, party] of this.#ids.parties) {
      const x509 = party.slice(party.indexOf('::') + 2);
      pairs.push([party, `{{party:${identity}}}`], [x509, `{{x509:${identity}}}`]);
      pairs.push(
        [encodeURIComponent(party), `{{party:${identity}}}`],
        [encodeURIComponent(x509), `{{x509:${identity}}}`],
      );
    }
    this.#replacements = pairs.sort((a, b) => b[0].length - a[0].length);
    return this.#replacements;
  }
}

/** The canonical JSON of a value (keys sorted at every depth): equal values, equal text. */
export function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null) {
    const record = value as Record<string, unknown>;
    return `{${Object.keys(record)
      .sort()
      .filter((k) => record[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(record[k])}`)
      .join(',')}}`;
  }
  return value === undefined ? 'undefined' : JSON.stringify(value);
}

/** The first JSON path at which two values differ, e.g. `body.data.settlement.status`; undefined when equal. */
export function firstDifference(a: unknown, b: unknown, path = '$'): string | undefined {
  if (canonical(a) === canonical(b)) return undefined;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${path} (length ${a.length} ≠ ${b.length})`;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
  }
  if (isRecord(a) && isRecord(b)) {
    const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
    for (const k of keys) {
      const d = firstDifference(a[k], b[k], `${path}.${k}`);
      if (d) return d;
    }
  }
  return path;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
