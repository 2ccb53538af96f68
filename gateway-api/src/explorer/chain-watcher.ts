import { protocol } from '@allianceledger/fabric-protocol';
import type { LedgerPort } from '../ledger/ledger-port';
import type { GatewayMetrics } from '../observability/metrics';
import type { BlockCache } from './block-cache';

/** One transaction as the dashboard counts it: no payload, no arguments. */
export interface TransactionSummary {
  readonly transactionId: string;
  readonly timestamp: string;
  readonly creatorMspId: string;
  readonly chaincode: string;
  readonly function: string;
  readonly validationCode: string;
}

/** One block as the dashboard lists it. */
export interface BlockSummary {
  readonly number: bigint;
  readonly hash: string;
  readonly previousHash: string;
  readonly dataHash: string;
  /** The first transaction's timestamp (a Fabric block header carries no time of its own). */
  readonly time: string | undefined;
  readonly transactions: readonly TransactionSummary[];
}

/** Summaries of the recent blocks and what the chain looked like when last read. */
export interface ChainSnapshot {
  readonly height: bigint;
  /** Oldest first. */
  readonly recent: readonly BlockSummary[];
}

export interface ChainWatcherOptions {
  readonly ledger: LedgerPort;
  readonly blocks: BlockCache;
  readonly metrics?: GatewayMetrics;
  /** Recent blocks kept for the dashboard. */
  readonly window?: number;
  /** Blocks read per refresh at most; the rest at the next one. */
  readonly maxPerRefresh?: number;
}

/**
 * Follows the chain on demand rather than in the background: each refresh (a `/metrics` scrape, a dashboard
 * load) reads the blocks committed since the last one, keeps the recent ones' summaries, and updates the ledger
 * series — height, age of the last block, and commits by validation code (counted from the first refresh on;
 * blocks before it fill the window only). A gateway nobody looks at reads nothing.
 */
export class ChainWatcher {
  readonly #ledger: LedgerPort;
  readonly #blocks: BlockCache;
  readonly #metrics: GatewayMetrics | undefined;
  readonly #window: number;
  readonly #maxPerRefresh: number;
  #recent: BlockSummary[] = [];
  #height = 0n;
  /** The next block to read; undefined before the first refresh. */
  #next: bigint | undefined;
  #refreshing: Promise<ChainSnapshot> | undefined;

  constructor(options: Readonly<ChainWatcherOptions>) {
    this.#ledger = options.ledger;
    this.#blocks = options.blocks;
    this.#metrics = options.metrics;
    this.#window = options.window ?? 200;
    this.#maxPerRefresh = options.maxPerRefresh ?? 1000;
  }

  /** Reads what was committed since the last refresh; concurrent callers share one read. */
  refresh(): Promise<ChainSnapshot> {
    this.#refreshing ??= this.#catchUp().finally(() => {
      this.#refreshing = undefined;
    });
    return this.#refreshing;
  }

  async #catchUp(): Promise<ChainSnapshot> {
    const { height } = await this.#ledger.chainInfo();
    this.#height = height;
    this.#metrics?.ledgerHeight.set(Number(height));
    // The first refresh fills the window with what was committed before it, without counting it.
    const counting = this.#next !== undefined;
    const from = this.#next ?? (height > BigInt(this.#window) ? height - BigInt(this.#window) : 0n);
    this.#next ??= from;
    const to = minBigint(height, from + BigInt(this.#maxPerRefresh));
    const numbers: bigint[] = [];
    for (let n = from; n < to; n++) numbers.push(n);
    for (const chunk of chunks(numbers, 8)) {
      const blocks = await Promise.all(chunk.map((n) => this.#blocks.block(n)));
      for (const block of blocks) if (block) this.#add(summarize(block), counting);
    }
    if (this.#recent.length > this.#window) this.#recent = this.#recent.slice(-this.#window);
    this.#recordAge();
    return this.snapshot();
  }

  /** `ledger_last_block_age_seconds`: now, against the newest block's time. */
  #recordAge(): void {
    const time = this.#recent.at(-1)?.time;
    if (time !== undefined) this.#metrics?.ledgerLastBlockAge.set(Math.max(0, (Date.now() - Date.parse(time)) / 1000));
  }

  #add(block: BlockSummary, counting: boolean): void {
    if (counting) this.#count(block);
    this.#recent.push(block);
    this.#next = block.number + 1n;
  }

  /** What the last refresh saw. */
  snapshot(): ChainSnapshot {
    return { height: this.#height, recent: this.#recent };
  }

  #count(block: BlockSummary): void {
    for (const tx of block.transactions) {
      this.#metrics?.ledgerTransactions.inc({ validation_code: tx.validationCode });
    }
  }
}

/** A decoded block without its payloads, as the dashboard and the block list show it. */
export function summarize(block: protocol.DecodedBlock): BlockSummary {
  const transactions = block.transactions.map((tx): TransactionSummary => ({
    transactionId: tx.txId,
    timestamp: protocol.txTimestampToIsoString(tx.timestamp),
    creatorMspId: tx.creator.mspId,
    chaincode: tx.chaincodeName,
    function: tx.functionName,
    validationCode: tx.validationCodeName,
  }));
  return {
    number: block.number,
    hash: block.hash,
    previousHash: block.previousHash,
    dataHash: block.dataHash,
    time: transactions[0]?.timestamp,
    transactions,
  };
}

function minBigint(a: bigint, b: bigint): bigint {
  return a < b ? a : b;
}

function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}
