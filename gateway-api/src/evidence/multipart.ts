import busboy from 'busboy';
import type { Readable } from 'node:stream';

/**
 * The strict `multipart/form-data` reading of the evidence upload endpoints, over busboy: text fields
 * and at most one file part, streamed to a sink as it arrives and never buffered whole. It refuses
 * anything it does not expect — a second file, a file under another field name, repeated or oversized
 * fields, truncated bodies, malformed part headers — with a {@link MultipartError}.
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
  /** Largest header section of one part, in bytes (busboy's own bound, 16 KiB, applies too). */
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

const BOUNDARY = /^[0-9A-Za-z'()+_,\-./:=? ]{0,69}[0-9A-Za-z'()+_,\-./:=?]$/;

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

/** busboy's own refusals, in the words of this API. */
function parserError(err: Error): MultipartError {
  if (/Unexpected end of (form|file)/.test(err.message)) {
    return new MultipartError('MALFORMED', 'the multipart body is truncated');
  }
  return new MultipartError('MALFORMED', `the multipart body is malformed: ${err.message}`);
}

interface Reading {
  readonly fields: Map<string, string>;
  file: (FileInfo & { size: number }) | undefined;
  /** The file part being streamed to the sink. */
  consumed: Promise<void>;
}

/**
 * Reads a `multipart/form-data` body: text fields into a Map, the one file part (in `fileField`) into
 * `sink`. Rejects with a MultipartError for anything unexpected, or with the sink's own error.
 */
export async function readMultipart(
  body: Readable,
  contentType: string | undefined,
  options: { readonly fileField: string; readonly limits: MultipartLimits; readonly sink: FileSink },
): Promise<MultipartResult> {
  boundaryOf(contentType);
  const { fileField, limits, sink } = options;
  const parser = busboy({
    headers: { 'content-type': contentType ?? '' },
    preservePath: true,
    limits: { fileSize: limits.fileBytes, fieldSize: limits.fieldBytes, fields: limits.fields, fieldNameSize: 256 },
  });
  const reading: Reading = { fields: new Map(), file: undefined, consumed: Promise.resolve() };
  try {
    await new Promise<void>((resolve, reject) => {
      const fail = (err: unknown): void => {
        body.unpipe(parser);
        body.resume();
        const error = err instanceof Error ? err : new Error(String(err));
        reject(!(error instanceof MultipartError) && isParserError(error) ? parserError(error) : error);
      };
      parser.on('field', (name, value, info) => {
        try {
          onField(reading, fileField, limits, name, value, info);
        } catch (err) {
          fail(err);
        }
      });
      parser.on('file', (name, stream, info) => {
        try {
          reading.consumed = consumeFile(reading, fileField, sink, limits.fileBytes, name, stream, info);
          reading.consumed.catch(fail);
        } catch (err) {
          stream.resume();
          fail(err);
        }
      });
      parser.on('fieldsLimit', () => {
        fail(new MultipartError('MALFORMED', `at most ${limits.fields} fields`));
      });
      parser.on('error', fail);
      parser.on('close', () => {
        reading.consumed.then(resolve, fail);
      });
      body.on('error', fail);
      body.pipe(parser);
    });
  } finally {
    body.unpipe(parser);
  }
  if (reading.fields.size === 0 && reading.file === undefined) {
    throw new MultipartError('MALFORMED', 'the body has no form-data part with a name');
  }
  return { fields: reading.fields, file: reading.file };
}

/** Errors busboy raises (as opposed to the sink's or this module's). */
function isParserError(err: Error): boolean {
  return /Unexpected end of|Malformed|boundary/i.test(err.message);
}

function onField(
  reading: Reading,
  fileField: string,
  limits: MultipartLimits,
  name: string,
  value: string,
  info: busboy.FieldInfo,
): void {
  if (info.nameTruncated) throw new MultipartError('MALFORMED', 'a field name is too long');
  if (name === fileField) {
    throw new MultipartError('MALFORMED', `the field "${name}" must be a file (with a filename)`, name);
  }
  if (info.valueTruncated) {
    throw new MultipartError('TOO_LARGE', `field ${name} exceeds ${limits.fieldBytes} bytes`, name);
  }
  if (reading.fields.has(name)) throw new MultipartError('MALFORMED', `field ${name} is repeated`, name);
  reading.fields.set(name, value);
}

async function consumeFile(
  reading: Reading,
  fileField: string,
  sink: FileSink,
  fileBytes: number,
  name: string,
  stream: Readable & { truncated?: boolean },
  info: busboy.FileInfo,
): Promise<void> {
  if (name !== fileField) throw new MultipartError('MALFORMED', `files go in the field "${fileField}"`, name);
  if (reading.file) throw new MultipartError('MALFORMED', 'send one file per request', name);
  if (info.filename === undefined) {
    throw new MultipartError('MALFORMED', `the field "${name}" must be a file (with a filename)`, name);
  }
  // busboy names a part without Content-Type text/plain, as RFC 7578 says it defaults to.
  const declared: FileInfo = { filename: info.filename, mediaType: info.mimeType };
  const file = { ...declared, size: 0 };
  reading.file = file;
  await sink.start(declared);
  const state = { tooLarge: false };
  stream.on('limit', () => {
    state.tooLarge = true;
  });
  for await (const chunk of stream as AsyncIterable<Buffer>) {
    if (state.tooLarge) break;
    file.size += chunk.length;
    await sink.data(chunk);
  }
  if (state.tooLarge || stream.truncated === true) {
    stream.resume();
    throw new MultipartError('TOO_LARGE', `the file exceeds ${fileBytes} bytes`, name);
  }
}
