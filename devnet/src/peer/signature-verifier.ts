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
function keyOf(pem) {
  let key = keys.get(pem);
  if (!key) {
    if (keys.size >= 1000) keys.delete(keys.keys().next().value);
    key = createPublicKey(pem);
    keys.set(pem, key);
  }
  return key;
}
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
parentPort.on('message', ({ id, checks }) => {
  const results = checks.map((c) => {
    try {
      return lowS(c.signature) && verify('sha256', c.message, keyOf(c.certificatePem), c.signature);
    } catch {
      return false;
    }
  });
  parentPort.postMessage({ id, results });
});
`;

/**
 * Verifies signatures on a worker thread, so that the peer's signature checks use the machine's
 * second core while the main thread endorses and commits. Checks requested in the same turn of the
 * event loop travel together in one message.
 */
export class SignatureVerifier {
  readonly #worker: Worker;
  readonly #pending = new Map<number, (results: boolean[]) => void>();
  #queue: { check: SignatureCheck; resolve: (ok: boolean) => void }[] = [];
  #nextId = 0;
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
    this.#worker.postMessage({ id, checks: batch.map((b) => b.check) });
  }
}
