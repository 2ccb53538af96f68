import { Readable } from 'node:stream';
import { boundaryOf, DEFAULT_LIMITS, MultipartError, readMultipart } from './multipart';

const B = 'XyZ-boundary';
const CT = `multipart/form-data; boundary=${B}`;

function body(parts: { name: string; filename?: string; type?: string; data: string | Buffer }[]): Buffer {
  const chunks: Buffer[] = [];
  for (const p of parts) {
    const disposition = `form-data; name="${p.name}"${p.filename === undefined ? '' : `; filename="${p.filename}"`}`;
    const headers = `Content-Disposition: ${disposition}\r\n${p.type ? `Content-Type: ${p.type}\r\n` : ''}`;
    chunks.push(Buffer.from(`--${B}\r\n${headers}\r\n`), Buffer.from(p.data), Buffer.from('\r\n'));
  }
  chunks.push(Buffer.from(`--${B}--\r\n`));
  return Buffer.concat(chunks);
}

function chunked(data: Buffer, size: number): Readable {
  const chunks: Buffer[] = [];
  for (let i = 0; i < data.length; i += size) chunks.push(data.subarray(i, i + size));
  return Readable.from(chunks);
}

async function read(data: Buffer, chunk = 1 << 16, fileBytes = 1 << 20) {
  const received: Buffer[] = [];
  const result = await readMultipart(chunked(data, chunk), CT, {
    fileField: 'file',
    limits: { ...DEFAULT_LIMITS, fileBytes },
    sink: { start: () => undefined, data: (c) => Promise.resolve(void received.push(Buffer.from(c))) },
  });
  return { ...result, content: Buffer.concat(received) };
}

async function refusal(data: Buffer, fileBytes = 1 << 20): Promise<MultipartError> {
  try {
    await read(data, 7, fileBytes);
  } catch (err) {
    if (err instanceof MultipartError) return err;
    throw err;
  }
  throw new Error('expected a refusal');
}

describe('multipart/form-data reader', () => {
  // Binary content that contains CRLFs, dashes and a near-boundary.
  const content = Buffer.concat([
    Buffer.from(`\r\n--${B.slice(0, -1)}\r\n--\r\n`),
    Buffer.from([0, 255, 13, 10, 45, 45]),
  ]);
  const valid = body([
    { name: 'category', data: 'contract' },
    { name: 'file', filename: 'docs/contract \\"42\\".pdf', type: 'application/pdf', data: content },
    { name: 'description', data: 'Supply contract — 第42号' },
  ]);

  it('reads fields and streams the file, whatever the chunk boundaries', async () => {
    for (const size of [1, 2, 3, 5, 13, 64, 1 << 16]) {
      const r = await read(valid, size);
      expect(Object.fromEntries(r.fields)).toEqual({ category: 'contract', description: 'Supply contract — 第42号' });
      expect(r.file).toEqual({
        filename: 'docs/contract "42".pdf',
        mediaType: 'application/pdf',
        size: content.length,
      });
      expect(r.content.equals(content)).toBe(true);
    }
  });

  it('finds the boundary in the Content-Type, quoted or not', () => {
    expect(boundaryOf(`multipart/form-data; boundary="${B}"`)).toBe(B);
    expect(boundaryOf(`Multipart/Form-Data;charset=utf-8; boundary=${B}`)).toBe(B);
    expect(() => boundaryOf('application/json')).toThrow(MultipartError);
    expect(() => boundaryOf('multipart/form-data')).toThrow(MultipartError);
    expect(() => boundaryOf(`multipart/form-data; boundary=${'x'.repeat(71)}`)).toThrow(MultipartError);
  });

  it('refuses a second file, a file in another field, repeated fields, truncation and oversize', async () => {
    const file = { name: 'file', filename: 'a.txt', data: 'a' };
    expect((await refusal(body([file, { ...file, filename: 'b.txt' }]))).message).toMatch(/one file/);
    expect((await refusal(body([{ ...file, name: 'attachment' }]))).field).toBe('attachment');
    expect((await refusal(body([{ name: 'file', data: 'not a file' }]))).message).toMatch(/must be a file/);
    expect((await refusal(body([{ name: 'x', data: '1' }, { name: 'x', data: '2' }, file]))).message).toMatch(
      /repeated/,
    );
    expect((await refusal(valid.subarray(0, valid.length - 10))).message).toMatch(/truncated/);
    expect((await refusal(Buffer.from(`garbage before the boundary ${'x'.repeat(2000)}`))).kind).toBe('MALFORMED');
    const big = await refusal(body([{ ...file, data: Buffer.alloc(1025) }]), 1024);
    expect(big.kind).toBe('TOO_LARGE');
    expect((await refusal(body([{ name: 'note', data: 'x'.repeat(4097) }, file]))).kind).toBe('TOO_LARGE');
    expect((await refusal(Buffer.from(`--${B}\r\nContent-Type: text/plain\r\n\r\nx\r\n--${B}--`))).kind).toBe(
      'MALFORMED',
    );
  });

  it('keeps fields named __proto__ or constructor as plain names, touching no prototype', async () => {
    const r = await read(
      body([
        { name: '__proto__', data: '{"polluted":true}' },
        { name: 'constructor', data: 'x' },
        { name: 'file', filename: 'a.txt', data: 'a' },
      ]),
    );
    expect(r.fields).toBeInstanceOf(Map);
    expect([...r.fields]).toEqual([
      ['__proto__', '{"polluted":true}'],
      ['constructor', 'x'],
    ]);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.getPrototypeOf(r.fields)).toBe(Map.prototype);
  });

  it('accepts a body without a file (the route decides) and an empty file', async () => {
    expect((await read(body([{ name: 'category', data: 'x' }]))).file).toBeUndefined();
    expect((await read(body([{ name: 'file', filename: 'empty', data: '' }]))).file).toMatchObject({ size: 0 });
  });
});
