import type { OfflineStep } from './api-types';
import { ProblemError, SigningError, type SigningStage } from './errors';
import { signedMessageOf } from './signed-message';
import type { Signer } from './signers';
import type { HttpAnswer, Transport } from './transport';

/** A write sent for offline signing: the route, its query and body as the route takes them. */
export interface OfflineWrite {
  /** Path and query under `/api/v1`, without `signing`/`async`, e.g. `/settlements`. */
  readonly path: string;
  readonly body: unknown;
  readonly idempotencyKey: string;
  readonly async: boolean;
  readonly signal?: AbortSignal;
}

const base64 = {
  encode: (bytes: Uint8Array): string => {
    let binary = '';
    for (const byte of bytes) binary += String.fromCharCode(byte);
    return btoa(binary);
  },
  decode: (text: string): Uint8Array => Uint8Array.from(atob(text), (c) => c.charCodeAt(0)),
};

/**
 * The offline-signing flow (gateway-api/src/signing/offline-signing.ts) driven from the device: prepare
 * (`?signing=offline`), sign the proposal, endorsement, sign the transaction, submission. Every step is
 * safe to repeat, so each is retried by the transport's rules; the submission's retries leave the signature
 * out, as docs/api.md says, since the gateway keeps the signed transaction. A flow prepared before under
 * the same `Idempotency-Key` (the prepare step is replayed) resumes from the stage the gateway reports.
 */
export class OfflineFlow {
  readonly #transport: Transport;
  readonly #signer: Signer;

  constructor(options: Readonly<{ transport: Transport; signer: Signer }>) {
    this.#transport = options.transport;
    this.#signer = options.signer;
  }

  /** Runs a write through its three steps; the answer is the write route's own (committed, or 202). */
  async submit(write: OfflineWrite): Promise<HttpAnswer> {
    const query = write.async ? 'signing=offline&async=true' : 'signing=offline';
    const separator = write.path.includes('?') ? '&' : '?';
    const prepared = await this.#transport.send({
      method: 'POST',
      path: `${write.path}${separator}${query}`,
      body: write.body,
      idempotencyKey: write.idempotencyKey,
      retry: true,
      ...signal(write),
    });
    let step = prepared.body as OfflineStep;
    if (prepared.headers.get('idempotent-replayed') === 'true') {
      // The same request was prepared before: carry on from where that flow is now.
      step = (await this.#transport.send({ method: 'GET', path: flowPath(step.transactionId), retry: true }))
        .body as OfflineStep;
    }
    if (step.stage === 'PROPOSED') step = await this.#endorse(step, write);
    return this.#submission(step, write);
  }

  /** Runs a read-only chaincode transaction as a signed query; the answer is the chaincode's. */
  async query(transaction: string, input: unknown, options: { signal?: AbortSignal }): Promise<unknown> {
    const prepared = await this.#transport.send({
      method: 'POST',
      path: '/offline-queries',
      body: { transaction, input },
      retry: true,
      ...signal(options),
    });
    const step = prepared.body as OfflineStep;
    const signature = await this.#sign(step, 'proposal', 'evaluation');
    const evaluated = await this.#transport.send({
      method: 'POST',
      path: `/offline-queries/${encodeURIComponent(step.transactionId)}/evaluation`,
      body: { signature },
      retry: true,
      ...signal(options),
    });
    return evaluated.body;
  }

  async #endorse(step: OfflineStep, write: OfflineWrite): Promise<OfflineStep> {
    const signature = await this.#sign(step, 'proposal', 'endorsement');
    const endorsed = await this.#transport.send({
      method: 'POST',
      path: `${flowPath(step.transactionId)}/endorsement`,
      body: { signature },
      retry: true,
      ...signal(write),
    });
    return endorsed.body as OfflineStep;
  }

  async #submission(step: OfflineStep, write: OfflineWrite): Promise<HttpAnswer> {
    // ENDORSED: sign now. SUBMITTED (a resumed flow): the gateway holds the signed transaction. Any later
    // stage: the gateway's own answer (409 OFFLINE_STEP_DONE naming the stage) says what happened.
    const signature = step.stage === 'ENDORSED' ? await this.#sign(step, 'transaction', 'submission') : undefined;
    return this.#transport.send({
      method: 'POST',
      path: `${flowPath(step.transactionId)}/submission`,
      // A retry after an answer (503, 409 retryable) leaves the signature out: the gateway has it. After a
      // broken connection it may not, so the signature goes again (the gateway ignores it once it has one).
      bodyOf: (attempt, lastError) =>
        signature === undefined || (attempt > 1 && lastError instanceof ProblemError) ? {} : { signature },
      retry: true,
      ...signal(write),
    });
  }

  /** Takes the message out of the step's bytes, checks the stated digest, signs; base64 DER. */
  async #sign(step: OfflineStep, kind: 'proposal' | 'transaction', stage: SigningStage): Promise<string> {
    const context = { transactionId: step.transactionId, stage };
    const encoded = kind === 'proposal' ? step.proposal : step.transaction;
    if (encoded === undefined) throw new SigningError(`the gateway sent no ${kind} to sign`, context);
    let message: Uint8Array;
    try {
      message = signedMessageOf(base64.decode(encoded));
    } catch (cause: unknown) {
      throw new SigningError(`the ${kind} the gateway sent is not one`, { ...context, cause });
    }
    const digest = new Uint8Array(await globalThis.crypto.subtle.digest('SHA-256', Uint8Array.from(message)));
    if (step.digest !== undefined && base64.encode(digest) !== step.digest) {
      throw new SigningError(`the digest the gateway stated is not the SHA-256 of the ${kind}: not signed`, context);
    }
    let signature: Uint8Array;
    try {
      signature = await this.#signer.sign({ message, digest });
    } catch (cause: unknown) {
      throw new SigningError('the signer failed', { ...context, cause });
    }
    return base64.encode(signature);
  }
}

function flowPath(transactionId: string): string {
  return `/offline-transactions/${encodeURIComponent(transactionId)}`;
}

function signal(options: { signal?: AbortSignal }): { signal?: AbortSignal } {
  return options.signal ? { signal: options.signal } : {};
}

export { base64 };
