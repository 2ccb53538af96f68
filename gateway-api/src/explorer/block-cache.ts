import type { protocol } from '@allianceledger/fabric-protocol';
import type { LedgerPort } from '../ledger/ledger-port';

/**
 * Decoded blocks by number, the most recently used `capacity` of them: a block never changes once
 * committed, so the explorer's pages, its dashboard and the ledger metrics read each from the ledger once.
 */
export class BlockCache {
  readonly #ledger: LedgerPort;
  readonly #capacity: number;
  readonly #blocks = new Map<bigint, Promise<protocol.DecodedBlock | undefined>>();

  constructor(options: Readonly<{ ledger: LedgerPort; capacity?: number }>) {
    this.#ledger = options.ledger;
    this.#capacity = options.capacity ?? 1024;
  }

  /** The block, or undefined when the chain is not that high yet (not remembered: it may come). */
  block(number: bigint): Promise<protocol.DecodedBlock | undefined> {
    const cached = this.#blocks.get(number);
    if (cached) {
      this.#blocks.delete(number);
      this.#blocks.set(number, cached);
      return cached;
    }
    const loading = this.#ledger.block(number);
    this.#remember(number, loading);
    loading.then(
      (block) => {
        if (!block && this.#blocks.get(number) === loading) this.#blocks.delete(number);
      },
      () => {
        if (this.#blocks.get(number) === loading) this.#blocks.delete(number);
      },
    );
    return loading;
  }

  /** The block whose header hash is `hash`, kept by its number. */
  async blockByHash(hash: string): Promise<protocol.DecodedBlock | undefined> {
    const block = await this.#ledger.blockByHash(hash);
    if (block) this.#remember(block.number, Promise.resolve(block));
    return block;
  }

  #remember(number: bigint, block: Promise<protocol.DecodedBlock | undefined>): void {
    this.#blocks.set(number, block);
    while (this.#blocks.size > this.#capacity) {
      const oldest = this.#blocks.keys().next().value;
      if (oldest === undefined) break;
      this.#blocks.delete(oldest);
    }
  }
}
