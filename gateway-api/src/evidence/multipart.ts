/**
 * A small, strict `multipart/form-data` reader (RFC 7578) for the evidence upload endpoints: text
 * fields and at most one file part, streamed to a sink as it arrives and never buffered whole. It
 * refuses anything it does not expect — a second file, a file under another field name, repeated or
 * oversized fields, truncated bodies, header sections that never end — with a {@link MultipartError}.
 */

/** Why a body was refused: `MALFORMED` (400) or `TOO_LARGE` (413). */
export class MultipartError extends Error {
  override readonly name = 'MultipartError';
  readonly kind: 'MALFORMED' | 'TOO_LARGE';
  /** The form field concerned, if any. */
  readonly field: string | undefined;

  constructor(kind: 'MALFORMED' | 'TOO_LARGE', message: string, field?: string) {
    super(message);
    this.kind = kind;
    this.field = field;
  }
}

export interface MultipartLimits {
  /** Largest file part, in bytes. */
  readonly fileBytes: number;
  /** Largest text field, in bytes. */
  readonly fieldBytes: number;
  /** Most text fields. */
  readonly fields: number;
  /** Largest header section of one part, in bytes. */
  readonly headerBytes: number;
}

/** What a file part declared. */
export interface FileInfo {
  readonly filename: string;
  /** The part's Content-Type, when it sent one. */
  readonly mediaType: string | undefined;
}

/** Where the bytes of the file part go, chunk by chunk, in order; awaited (backpressure). */
export interface FileSink {
  start(info: FileInfo): Promise<void> | void;
  data(chunk: Buffer): Promise<void>;
}

export interface MultipartResult {
  /**
   * The text fields by name. A Map, never a plain object, so that a field named `__proto__` or
   * `constructor` is just a name: it cannot reach a prototype, and the route's strict schema sees it
   * (and refuses it as unknown) instead of losing it.
   */
  readonly fields: ReadonlyMap<string, string>;
  /** The file part's declaration and size; undefined when the body had none. */
  readonly file: (FileInfo & { readonly size: number }) | undefined;
}

export const DEFAULT_LIMITS: Omit<MultipartLimits, 'fileBytes'> = { fieldBytes: 4096, fields: 8, headerBytes: 4096 };

const CRLF = Buffer.from('\r\n');
const HEADER_END = Buffer.from('\r\n\r\n');
const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;
/** Bytes a client may send before the first boundary (RFC 2046 preamble); more is refused. */
const MAX_PREAMBLE = 1024;

/** The boundary of a `multipart/form-data` Content-Type; MultipartError when it is not one. */
export function boundaryOf(contentType: string | undefined): string {
  const [type = '', ...params] = (contentType ?? '').split(';');
  if (type.trim().toLowerCase() !== 'multipart/form-data') {
    throw new MultipartError('MALFORMED', 'send the body as multipart/form-data');
  }
  for (const param of params) {
    const eq = param.indexOf('=');
    if (eq < 0 || param.slice(0, eq).trim().toLowerCase() !== 'boundary') continue;
    let value = param.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    if (BOUNDARY.test(value)) return value;
  }
  throw new MultipartError('MALFORMED', 'the multipart/form-data Content-Type needs a valid boundary');
}

/**
 * Reads a multipart body: text fields into `fields`, the one file part (form field `fileField`) into
 * `sink`. Resolves once the closing boundary has been read.
 */
export async function readMultipart(
  body: AsyncIterable<Buffer | string>,
  contentType: string | undefined,
  options: Readonly<{ fileField: string; sink: FileSink; limits: MultipartLimits }>,
): Promise<MultipartResult> {
  const delimiter = Buffer.from(`\r\n--${boundaryOf(contentType)}`);
  const { limits, sink } = options;
  const fields = new Map<string, string>();
  let file: (FileInfo & { size: number }) | undefined;
  // The first boundary has no CRLF before it; pretending it has one makes every delimiter alike.
  let buf: Buffer = CRLF;
  let state: 'preamble' | 'after-delimiter' | 'headers' | 'body' | 'done' = 'preamble';
  let part: { name: string; isFile: boolean; chunks: Buffer[]; size: number } | undefined;

  const emit = async (chunk: Buffer): Promise<void> => {
    if (!part || chunk.length === 0) return;
    part.size += chunk.length;
    if (part.isFile) {
      if (part.size > limits.fileBytes) {
        throw new MultipartError('TOO_LARGE', `the file exceeds ${limits.fileBytes} bytes`, part.name);
      }
      await sink.data(chunk);
    } else {
      if (part.size > limits.fieldBytes) {
        throw new MultipartError('TOO_LARGE', `field ${part.name} exceeds ${limits.fieldBytes} bytes`, part.name);
      }
      part.chunks.push(chunk);
    }
  };

  const endPart = (): void => {
    if (!part) return;
    if (part.isFile) {
      if (file) file = { ...file, size: part.size };
    } else {
      fields.set(part.name, Buffer.concat(part.chunks).toString('utf8'));
    }
    part = undefined;
  };

  const startPart = async (headerText: string): Promise<void> => {
    const headers = parseHeaders(headerText);
    const disposition = headers.get('content-disposition');
    if (!disposition) throw new MultipartError('MALFORMED', 'a part without Content-Disposition');
    const { type, params } = parseParams(disposition);
    const name = params.get('name');
    if (type !== 'form-data' || name === undefined || name === '') {
      throw new MultipartError('MALFORMED', 'every part must be form-data with a name');
    }
    const filename = params.get('filename');
    if (filename !== undefined) {
      if (name !== options.fileField) {
        throw new MultipartError('MALFORMED', `files go in the field "${options.fileField}"`, name);
      }
      if (file) throw new MultipartError('MALFORMED', 'send one file per request', name);
      const mediaType = headers.get('content-type');
      file = { filename, mediaType, size: 0 };
      await sink.start({ filename, mediaType });
      part = { name, isFile: true, chunks: [], size: 0 };
      return;
    }
    if (name === options.fileField) {
      throw new MultipartError('MALFORMED', `the field "${name}" must be a file (with a filename)`, name);
    }
    if (fields.has(name)) throw new MultipartError('MALFORMED', `field ${name} is repeated`, name);
    if (fields.size >= limits.fields) {
      throw new MultipartError('MALFORMED', `at most ${limits.fields} fields`, name);
    }
    part = { name, isFile: false, chunks: [], size: 0 };
  };

  const finished = (): boolean => state === 'done';

  /** Consumes what it can from `buf`; false when it needs more bytes. */
  const step = async (): Promise<boolean> => {
    switch (state) {
      case 'preamble':
      case 'body': {
        const at = buf.indexOf(delimiter);
        if (at < 0) {
          // Keep a tail that may be the start of a delimiter split across chunks.
          const safe = Math.max(0, buf.length - (delimiter.length - 1));
          if (state === 'body') await emit(buf.subarray(0, safe));
          else if (buf.length > MAX_PREAMBLE + delimiter.length) {
            throw new MultipartError('MALFORMED', 'the body does not start with the boundary');
          }
          if (state === 'body') buf = buf.subarray(safe);
          return false;
        }
        if (state === 'body') {
          await emit(buf.subarray(0, at));
          endPart();
        }
        buf = buf.subarray(at + delimiter.length);
        state = 'after-delimiter';
        return true;
      }
      case 'after-delimiter': {
        if (buf.length < 2) return false;
        const next = buf.subarray(0, 2).toString('latin1');
        buf = buf.subarray(2);
        if (next === '--') {
          state = 'done';
        } else if (next === '\r\n') {
          state = 'headers';
        } else {
          throw new MultipartError('MALFORMED', 'a boundary must end the line');
        }
        return true;
      }
      case 'headers': {
        const at = buf.indexOf(HEADER_END);
        if (at < 0) {
          if (buf.length > limits.headerBytes) throw new MultipartError('MALFORMED', 'a part header is too long');
          return false;
        }
        if (at > limits.headerBytes) throw new MultipartError('MALFORMED', 'a part header is too long');
        await startPart(buf.subarray(0, at).toString('utf8'));
        buf = buf.subarray(at + HEADER_END.length);
        state = 'body';
        return true;
      }
      case 'done':
        // The epilogue after the closing boundary is ignored (RFC 2046).
        buf = Buffer.alloc(0);
        return false;
    }
  };

  for await (const chunk of body) {
    buf = Buffer.concat([buf, typeof chunk === 'string' ? Buffer.from(chunk) : chunk]);
    while (await step()) {
      /* consume */
    }
    // Stop at the closing boundary: an endless epilogue must not hold the request open.
    if (finished()) break;
  }
  while (await step()) {
    /* consume what the last chunk completed */
  }
  if (!finished()) throw new MultipartError('MALFORMED', 'the multipart body is truncated');
  return { fields, file };
}

function parseHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const line of text.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new MultipartError('MALFORMED', 'a malformed part header');
    const name = line.slice(0, colon).trim().toLowerCase();
    if (headers.has(name)) throw new MultipartError('MALFORMED', `a repeated part header ${name}`);
    headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

/** `form-data; name="file"; filename="a b.pdf"` → type and parameters (quoted strings unescaped). */
function parseParams(value: string): { type: string; params: Map<string, string> } {
  const params = new Map<string, string>();
  const semi = value.indexOf(';');
  const type = (semi < 0 ? value : value.slice(0, semi)).trim().toLowerCase();
  const re = /;\s*([A-Za-z0-9!#$&*+.^_`|~-]+)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^;\s"]*))\s*/y;
  let pos = semi < 0 ? value.length : semi;
  while (pos < value.length) {
    re.lastIndex = pos;
    const m = re.exec(value);
    if (!m) throw new MultipartError('MALFORMED', 'a malformed Content-Disposition');
    const key = (m[1] ?? '').toLowerCase();
    if (params.has(key)) throw new MultipartError('MALFORMED', `a repeated parameter ${key}`);
    params.set(key, m[2] !== undefined ? m[2].replace(/\\(.)/g, '$1') : (m[3] ?? ''));
    pos = re.lastIndex;
  }
  return { type, params };
}
