import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { VerifyRequest, VerifyResponse } from './signature-worker';

export interface SignatureCheck {
  readonly certificatePem: string;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

/**
 * The compiled worker module. Under ts-jest this file runs from `src/`, where there is no JavaScript to
 * start a thread with; the compiled one in `dist/` is used (tests run after `tsc --build`).
 */
function workerModule(): string {
  const sibling = path.join(__dirname, 'signature-worker.js');
  return existsSync(sibling) ? sibling : path.resolve(__dirname, '..', '..', 'dist', 'peer', 'signature-worker.js');
}

/** Certificates whose keys the worker holds, by the number messages name them with. */
const MAX_KNOWN_CERTIFICATES = 10_000;

/**
 * Verifies signatures on a worker thread, so that the peer's signature checks use the machine's
 * second core while the main thread endorses and commits. Checks requested in the same turn of the
 * event loop travel together in one message, and a certificate crosses to the worker once: later
 * checks name its key by number.
 */
export class SignatureVerifier {
  readonly #worker: Worker;
  readonly #pending = new Map<number, (results: readonly boolean[]) => void>();
  #queue: { check: SignatureCheck; resolve: (ok: boolean) => void }[] = [];
  #nextId = 0;
  readonly #keyIds = new Map<string, number>();
  #scheduled = false;
  #closed = false;

  constructor() {
    this.#worker = new Worker(workerModule());
    this.#worker.unref();
    this.#worker.on('message', ({ id, results }: VerifyResponse) => {
      const resolve = this.#pending.get(id);
      this.#pending.delete(id);
      resolve?.(results);
    });
    this.#worker.on('error', (err) => {
      for (const resolve of this.#pending.values()) resolve([]);
      this.#pending.clear();
      throw err;
    });
  }

  /** Resolves true when `signature` is a valid low-S ECDSA signature of `message` by the certificate's key. */
  verify(check: SignatureCheck): Promise<boolean> {
    if (this.#closed) return Promise.reject(new Error('signature verifier closed'));
    return new Promise((resolve) => {
      this.#queue.push({ check, resolve });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => {
          this.#flush();
        });
      }
    });
  }

  async verifyAll(checks: readonly SignatureCheck[]): Promise<boolean[]> {
    return Promise.all(checks.map((c) => this.verify(c)));
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#worker.terminate();
  }

  #flush(): void {
    this.#scheduled = false;
    const batch = this.#queue;
    this.#queue = [];
    if (batch.length === 0) return;
    const id = this.#nextId++;
    this.#worker.ref();
    this.#pending.set(id, (results) => {
      if (this.#pending.size === 0) this.#worker.unref();
      batch.forEach((item, i) => {
        item.resolve(results[i] === true);
      });
    });
    if (this.#keyIds.size >= MAX_KNOWN_CERTIFICATES) this.#keyIds.clear(); // the worker overwrites by number
    const certificates: [number, string][] = [];
    const checks = batch.map(({ check }) => {
      let keyId = this.#keyIds.get(check.certificatePem);
      if (keyId === undefined) {
        keyId = this.#keyIds.size;
        this.#keyIds.set(check.certificatePem, keyId);
        certificates.push([keyId, check.certificatePem]);
      }
      return { keyId, message: compact(check.message), signature: compact(check.signature) };
    });
    const request: VerifyRequest = { id, certificates, checks };
    this.#worker.postMessage(request);
  }
}

/**
 * The bytes of a view in a buffer of their own: posting a view to a worker clones its whole underlying
 * buffer (a gRPC frame or Node's 8 KiB pool), which costs far more than this copy.
 */
function compact(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}
