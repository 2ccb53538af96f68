import type { LedgerPort } from '../ledger/ledger-port';
import type { GatewayMetrics } from '../observability/metrics';
import { activityOf, type Activity } from './activity';
import { BlockCache } from './block-cache';
import { ChainWatcher } from './chain-watcher';
import { networkView, type Fetch, type NetworkDescription, type NetworkView } from './network-view';

export interface ExplorerServiceOptions {
  readonly ledger: LedgerPort;
  readonly network: NetworkDescription;
  readonly metrics?: GatewayMetrics;
  /** How long a network view is reused (nodes are asked at most this often). */
  readonly networkViewTtlMs?: number;
  readonly fetch?: Fetch;
}

/**
 * What the explorer pages and the ledger metrics read: blocks through one cache, the recent chain through
 * one watcher, and the network view (shared by concurrent callers, reused for a moment).
 */
export class ExplorerService {
  readonly blocks: BlockCache;
  readonly watcher: ChainWatcher;
  readonly #ledger: LedgerPort;
  readonly #network: NetworkDescription;
  readonly #ttlMs: number;
  readonly #fetch: Fetch | undefined;
  #view: { readonly at: number; readonly view: Promise<NetworkView> } | undefined;

  constructor(options: Readonly<ExplorerServiceOptions>) {
    this.#ledger = options.ledger;
    this.#network = options.network;
    this.#ttlMs = options.networkViewTtlMs ?? 2_000;
    this.#fetch = options.fetch;
    this.blocks = new BlockCache({ ledger: options.ledger });
    this.watcher = new ChainWatcher({
      ledger: options.ledger,
      blocks: this.blocks,
      ...(options.metrics ? { metrics: options.metrics } : {}),
    });
  }

  /** The dashboard's figures, after reading what was committed since the last look. */
  async activity(): Promise<Activity> {
    return activityOf(await this.watcher.refresh(), Date.now());
  }

  networkView(): Promise<NetworkView> {
    const now = Date.now();
    if (this.#view && now - this.#view.at < this.#ttlMs) return this.#view.view;
    const view = networkView(this.#network, this.#ledger, this.#fetch);
    this.#view = { at: now, view };
    view.catch(() => {
      if (this.#view?.view === view) this.#view = undefined;
    });
    return view;
  }
}
