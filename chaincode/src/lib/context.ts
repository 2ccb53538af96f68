import { Context } from 'fabric-contract-api';

/**
 * The per-transaction context: fabric-contract-api creates one for every invocation (see
 * `AllianceContract.createContext`), so anything cached here lives exactly one transaction.
 */
export class AllianceContext extends Context {
  #deltaSeq = 0;
  #eventName: string | undefined;
  readonly #memo = new Map<string, unknown>();

  /** A sequence number unique within this transaction, for the keys of credit delta rows. */
  nextDeltaSeq(): number {
    return this.#deltaSeq++;
  }

  /**
   * Claims the transaction's single chaincode event: Fabric keeps only the last `setEvent` of a
   * transaction, so a second one would silently drop the first.
   */
  claimEvent(name: string): void {
    if (this.#eventName !== undefined) {
      throw new Error(`transaction already emitted ${this.#eventName}; cannot also emit ${name}`);
    }
    this.#eventName = name;
  }

  /**
   * Computes a value once per transaction (the caller's identity, its member record). An async
   * `compute` is cached as its promise.
   */
  memo<T>(key: string, compute: () => T): T {
    if (this.#memo.has(key)) return this.#memo.get(key) as T;
    const value = compute();
    this.#memo.set(key, value);
    return value;
  }
}
