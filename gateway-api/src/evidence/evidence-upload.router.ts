import { chaincodeCall } from '../common/chaincode-call';
import { pipeline } from 'node:stream/promises';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import express, { type Request, type Response, type Router } from 'express';
import { z } from 'zod';
import { requireContentEncoding } from '../http/body-rules';
import { ProblemError } from '../http/problem';
import { toProblem } from '../http/to-problem';
import { validate } from '../http/validate';
import type { Principal } from '../auth/principal';
import type { LedgerPort } from '../ledger/ledger-port';
import type { TransactionService } from '../transactions/transaction-service';
import { RegisterEvidenceInput } from '@allianceledger/contract';
import { responseSchema, type HandleLabeler } from '../members/party-handles';
import { Evidence, HashParams, Verification } from './evidence.schemas';
import { withBlockNumber } from '../common/block-number';
import { EvidenceQuotaExceeded, type EvidenceFileStore, type EvidenceUpload } from './evidence-file-store';
import { DEFAULT_LIMITS, MultipartError, readMultipart, type FileInfo } from './multipart';

export interface EvidenceUploadDeps {
  readonly transactions: TransactionService;
  readonly ledger: LedgerPort;
  readonly files: EvidenceFileStore;
  /** Adds handles beside the party ids of the answers (`ownerHandle`), as on every JSON route. */
  readonly labeler: HandleLabeler;
}

/** The text fields of an upload (the file goes in the field `file`). */
export const UploadFields = RegisterEvidenceInput.pick({ category: true, description: true });

/** Multipart overhead tolerated above the file limit before a declared Content-Length is refused unread. */
const OVERHEAD_BYTES = 64 * 1024;
const MEDIA_TYPE = /^[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}\/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,63}$/;
// eslint-disable-next-line no-control-regex -- refusing control characters is the point
const CONTROL = /[\u0000-\u001f\u007f]/;

/** Where the gateway records a stored original on chain. */
export function storedLocation(sha256: string): string {
  return `gateway:evidence/${sha256}`;
}

/**
 * The evidence endpoints that carry files, outside the JSON route table (their OpenAPI entries are in
 * openapi/gateway-document.ts). Mounted after authentication and before the JSON body parser:
 *
 * - `POST /evidence/files` — multipart upload: the hash is registered as `evidence:RegisterEvidence` and
 *   the original kept off chain in the registrant's folder, under its SHA-256 (size-limited by
 *   GATEWAY_EVIDENCE_MAX_BYTES), only when the uploader is the registrant;
 * - `POST /evidence/file-verifications` — multipart: the file is hashed (never stored) and looked up;
 * - `GET /evidence/{hash}/file` — the registrant's original, for those who may read the evidence record
 *   (the registrant and auditors).
 */
export function evidenceUploadRouter(deps: EvidenceUploadDeps): Router {
  const router = express.Router();
  // The multipart reader sees the bytes as sent: no content coding is decoded.
  const identityOnly = requireContentEncoding(['identity']);

  router.post('/evidence/files', identityOnly, async (req: Request, res: Response) => {
    const principal = req.principal;
    if (!principal) throw new ProblemError('UNAUTHENTICATED');
    let upload: EvidenceUpload | undefined;
    try {
      refuseBeyondQuota(req, res, deps.files);
      const parsed = await receive(req, res, deps.files.maxBytes, {
        start: async () => {
          upload = await deps.files.upload();
        },
        data: (chunk) => (upload ? upload.write(chunk) : Promise.resolve()),
      });
      if (!parsed.file || !upload) throw noFile();
      const fields = validate(UploadFields, fieldsToValidate(parsed.fields), 'body');
      const { sha256, size } = await upload.finish();
      const file = describeFile(parsed.file);
      const input = {
        hash: sha256,
        category: fields.category,
        ...(fields.description ? { description: fields.description } : {}),
        location: storedLocation(sha256),
        size,
        ...file,
      };
      let committed;
      try {
        committed = await deps.transactions.submit(principal, chaincodeCall('evidence:RegisterEvidence', input));
      } catch (err) {
        // Registered before. By the uploader itself (it registered the hash, now it sends the document):
        // keep the bytes as its original. By another party: these bytes are not that party's upload and
        // must never be served as its original, so they go.
        const registrant = registrantOf(err);
        if (registrant !== undefined && registrant === (await partyOf(deps.transactions, principal))) {
          await upload.keep(registrant);
        }
        throw err;
      }
      await upload.keep(ownerOf(committed.result));
      res
        .status(201)
        .location(`${req.baseUrl}/evidence/${sha256}`)
        .json({
          transactionId: committed.transactionId,
          blockNumber: committed.blockNumber.toString(),
          data: await deps.labeler.label(principal, responseSchema(Evidence), committed.result),
        });
    } finally {
      await upload?.discard();
    }
  });

  router.post('/evidence/file-verifications', identityOnly, async (req: Request, res: Response) => {
    const principal = req.principal;
    if (!principal) throw new ProblemError('UNAUTHENTICATED');
    const hash = createHash('sha256');
    const parsed = await receive(req, res, deps.files.maxBytes, {
      start: () => undefined,
      data: (chunk) => {
        hash.update(chunk);
        return Promise.resolve();
      },
    });
    if (!parsed.file) throw noFile();
    validate(z.strictObject({}), fieldsToValidate(parsed.fields), 'body');
    const sha256 = hash.digest('hex');
    const verification = await deps.transactions.evaluate(
      principal,
      chaincodeCall('evidence:VerifyEvidence', { hash: sha256 }),
    );
    const answer = await deps.labeler.label(
      principal,
      responseSchema(Verification),
      await withBlockNumber(deps.ledger, verification),
    );
    res.status(200).json({ ...(answer as object), size: parsed.file.size });
  });

  router.get('/evidence/:hash/file', async (req: Request, res: Response) => {
    const principal = req.principal;
    if (!principal) throw new ProblemError('UNAUTHENTICATED');
    const { hash } = validate(HashParams, req.params, 'params');
    // The chaincode decides who may read it (the owner and auditors) and says who the owner is; the file
    // served is the one the owner uploaded, never bytes another party sent for the same hash.
    const record = (await deps.transactions.evaluate(principal, chaincodeCall('evidence:GetEvidence', { hash }))) as {
      owner?: unknown;
      mediaType?: string;
      filename?: string;
    };
    const stored = typeof record.owner === 'string' ? await deps.files.read(record.owner, hash) : undefined;
    if (!stored) throw new ProblemError('NOT_FOUND', 'the gateway does not hold the original of this evidence');
    res.status(200);
    const mediaType =
      record.mediaType !== undefined && MEDIA_TYPE.test(record.mediaType) ? record.mediaType : undefined;
    res.setHeader('content-type', mediaType ?? 'application/octet-stream');
    res.setHeader('content-length', String(stored.size));
    res.setHeader('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(record.filename ?? hash)}`);
    res.setHeader('x-evidence-sha256', hash);
    // pipeline closes the file when the client goes away mid-download; that is no error of ours.
    await pipeline(stored.stream(), res).catch((err: unknown) => {
      if ((err as NodeJS.ErrnoException).code !== 'ERR_STREAM_PREMATURE_CLOSE') throw err;
    });
  });

  return router;
}

/** Reads a multipart body with one file; maps parser refusals to problems. */
async function receive(
  req: Request,
  res: Response,
  maxBytes: number,
  sink: { start(info: FileInfo): Promise<void> | void; data(chunk: Buffer): Promise<void> },
): Promise<Awaited<ReturnType<typeof readMultipart>>> {
  const declared = Number(req.get('content-length') ?? 0);
  if (declared > maxBytes + OVERHEAD_BYTES) {
    res.setHeader('connection', 'close');
    throw new ProblemError('PAYLOAD_TOO_LARGE', `files are limited to ${maxBytes} bytes`);
  }
  try {
    return await readMultipart(req, req.get('content-type'), {
      fileField: 'file',
      sink,
      limits: { ...DEFAULT_LIMITS, fileBytes: maxBytes },
    });
  } catch (err) {
    if (err instanceof EvidenceQuotaExceeded) {
      res.setHeader('connection', 'close');
      throw quotaProblem(err.quotaBytes);
    }
    if (!(err instanceof MultipartError)) throw err;
    // The rest of the body is not read: close the connection once the problem is sent.
    res.setHeader('connection', 'close');
    if (err.kind === 'TOO_LARGE') throw new ProblemError('PAYLOAD_TOO_LARGE', err.message);
    if (!req.is('multipart/form-data')) throw new ProblemError('UNSUPPORTED_MEDIA_TYPE', err.message);
    throw new ProblemError('VALIDATION_FAILED', err.message, {
      errors: [{ path: err.field === undefined ? 'body' : `body.${err.field}`, message: err.message }],
    });
  }
}

/**
 * The multipart fields as an object for a strict schema: own data properties only (`Object.fromEntries`
 * defines, never assigns), so `__proto__` is one more unknown field, refused like any other.
 */
function fieldsToValidate(fields: ReadonlyMap<string, string>): Record<string, string> {
  return Object.fromEntries(fields);
}

/** The registrant of an already registered hash, from the chaincode's CONFLICT; undefined for any other error. */
function registrantOf(err: unknown): string | undefined {
  const problem = toProblem(err);
  if (problem.code !== 'CONFLICT') return undefined;
  const owner = (problem.extensions.details as { owner?: unknown } | undefined)?.owner;
  return typeof owner === 'string' ? owner : undefined;
}

/** The caller's party id as the chaincode sees it; undefined when it cannot be asked. */
async function partyOf(transactions: TransactionService, principal: Principal): Promise<string | undefined> {
  const me = (await transactions.evaluate(principal, chaincodeCall('members:WhoAmI', {})).catch(() => undefined)) as
    { caller?: { party?: unknown } } | undefined;
  return typeof me?.caller?.party === 'string' ? me.caller.party : undefined;
}

/** The owner the chaincode recorded for a registration it committed. */
function ownerOf(result: unknown): string {
  const owner = (result as { owner?: unknown } | undefined)?.owner;
  if (typeof owner !== 'string') throw new Error('evidence:RegisterEvidence answered no owner');
  return owner;
}

/** A declared body larger than the room left (beyond multipart overhead) is refused unread. */
function refuseBeyondQuota(req: Request, res: Response, files: EvidenceFileStore): void {
  const declared = Number(req.get('content-length') ?? 0);
  if (declared > files.quotaBytes - files.usedBytes + OVERHEAD_BYTES) {
    res.setHeader('connection', 'close');
    throw quotaProblem(files.quotaBytes);
  }
}

function quotaProblem(quotaBytes: number): ProblemError {
  return new ProblemError(
    'STORAGE_QUOTA_EXCEEDED',
    `the evidence store is limited to ${quotaBytes} bytes and this file does not fit; nothing was stored or registered`,
  );
}

function noFile(): ProblemError {
  return new ProblemError('VALIDATION_FAILED', 'send the document in the multipart field "file"', {
    errors: [{ path: 'body.file', message: 'required' }],
  });
}

/** The file name (without any directory) and media type a part declared, when the chaincode accepts them. */
function describeFile(info: FileInfo): { filename?: string; mediaType?: string } {
  const filename = path.posix.basename(info.filename.replaceAll('\\', '/'));
  const errors = [];
  if (filename.length > 256 || CONTROL.test(filename)) {
    errors.push({ path: 'body.file', message: 'the file name must have at most 256 characters, none a control' });
  }
  if (info.mediaType !== undefined && !MEDIA_TYPE.test(info.mediaType)) {
    errors.push({ path: 'body.file', message: 'the part Content-Type must be a plain type/subtype' });
  }
  if (errors.length > 0) throw new ProblemError('VALIDATION_FAILED', 'the file part is not valid', { errors });
  return {
    ...(filename !== '' ? { filename } : {}),
    ...(info.mediaType !== undefined ? { mediaType: info.mediaType.toLowerCase() } : {}),
  };
}
