import { Worker } from 'node:worker_threads';

export interface SignatureCheck {
  readonly certificatePem: string;
  readonly message: Uint8Array;
  readonly signature: Uint8Array;
}

/**
 * The worker's code, kept as a string so that it runs unchanged from compiled JavaScript and from
 * ts-jest. It verifies ECDSA-SHA256 signatures as Fabric's MSP does, refusing high-S signatures.
 */
const WORKER_SOURCE = `
const { parentPort } = require('node:worker_threads');
const { createPublicKey, verify } = require('node:crypto');
const HALF_ORDER = 0x7fffffff800000007fffffffffffffffde737d56d38bcf4279dce5617e3192a8n;
const keys = new Map();
function lowS(der) {
  // SEQUENCE { INTEGER r, INTEGER s }, short-form lengths for P-256.
  if (der.length < 8 || der[0] !== 0x30 || der[2] !== 0x02) return false;
  const rLen = der[3];
  const sAt = 4 + rLen;
  if (der[sAt] !== 0x02) return false;
  const sLen = der[sAt + 1];
  const s = BigInt('0x' + Buffer.from(der.subarray(sAt + 2, sAt + 2 + sLen)).toString('hex'));
  return s <= HALF_ORDER;
}
parentPort.on('message', ({ id, certificates, checks }) => {
  for (const [keyId, pem] of certificates) {
    try {
      keys.set(keyId, createPublicKey(pem));
    } catch {
      keys.set(keyId, undefined);
    }
  }
  const results = checks.map((c) => {
    try {
      const key = keys.get(c.keyId);
      return key !== undefined && lowS(c.signature) && verify('sha256', c.message, key, c.signature);
    } catch {
      return false;
    }
  });
  parentPort.postMessage({ id, results });
});
`;

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
  readonly #pending = new Map<number, (results: boolean[]) => void>();
  #queue: { check: SignatureCheck; resolve: (ok: boolean) => void }[] = [];
  #nextId = 0;
  readonly #keyIds = new Map<string, number>();
  #scheduled = false;
  #closed = false;

  constructor() {
    this.#worker = new Worker(WORKER_SOURCE, { eval: true });
    this.#worker.unref();
    this.#worker.on('message', ({ id, results }: { id: number; results: boolean[] }) => {
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
    this.#worker.postMessage({ id, certificates, checks });
  }
}

/**
 * The bytes of a view in a buffer of their own: posting a view to a worker clones its whole underlying
 * buffer (a gRPC frame or Node's 8 KiB pool), which costs far more than this copy.
 */
function compact(bytes: Uint8Array): Uint8Array {
  return bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength ? bytes : new Uint8Array(bytes);
}
