import type { LedgerPort } from './ledger-port';

/** The chaincode definition committed on the channel, and the transactions its contracts declare. */
export interface DeployedDefinition {
  readonly name: string;
  readonly version: string;
  readonly sequence: bigint;
  /** Fully qualified transaction names (`wallets:Transfer`) of the deployed contract metadata. */
  readonly transactions: ReadonlySet<string>;
}

/**
 * A transaction the deployed chaincode does not declare: the gateway knows a newer (or older) version's
 * request than the one committed on the channel — during a consortium's upgrade, before the new
 * definition's commit. Nothing was sent.
 */
export class TransactionNotDeployed extends Error {
  override readonly name = 'TransactionNotDeployed';
  constructor(
    readonly transaction: string,
    readonly deployed: Pick<DeployedDefinition, 'name' | 'version' | 'sequence'>,
  ) {
    super(
      `the chaincode deployed on the channel (${deployed.name} version ${deployed.version}, sequence ` +
        `${deployed.sequence}) has no transaction ${transaction}: it needs a newer version of the chaincode`,
    );
  }
}

/** How long a learned definition is trusted before the lifecycle is asked again. */
const DEFAULT_MAX_AGE_MS = 5_000;

/**
 * What the gateway knows of the deployed chaincode: its definition from `_lifecycle` (version, sequence)
 * and the transactions of its contract metadata (read again only when the sequence changed). The last
 * definition learned is answered at once; once it is `maxAgeMs` old, the next call also starts learning
 * it again in the background, so no call waits for the lifecycle but the very first. A call must name a
 * transaction the deployed version declares, or it is refused before it reaches a peer — after learning
 * the definition once more, since an upgrade may have committed a moment ago.
 */
export class DeployedChaincode {
  readonly #ledger: Pick<LedgerPort, 'chaincodeDefinition' | 'contractMetadata'>;
  readonly #maxAgeMs: number;
  readonly #now: () => number;
  #learned: { readonly at: number; readonly definition: DeployedDefinition } | undefined;
  #learning: Promise<DeployedDefinition> | undefined;

  constructor(
    options: Readonly<{
      ledger: Pick<LedgerPort, 'chaincodeDefinition' | 'contractMetadata'>;
      maxAgeMs?: number;
      now?: () => number;
    }>,
  ) {
    this.#ledger = options.ledger;
    this.#maxAgeMs = options.maxAgeMs ?? DEFAULT_MAX_AGE_MS;
    this.#now = options.now ?? Date.now;
  }

  /** The definition last learned (learning it again when it is `maxAgeMs` old); the first call waits for it. */
  current(): Promise<DeployedDefinition> {
    const learned = this.#learned;
    if (!learned) return this.refresh();
    if (this.#now() - learned.at >= this.#maxAgeMs) this.refresh().catch(() => undefined);
    return Promise.resolve(learned.definition);
  }

  /** Learns the definition now; calls while it is being learned share the one lookup. */
  refresh(): Promise<DeployedDefinition> {
    this.#learning ??= this.#learn().finally(() => {
      this.#learning = undefined;
    });
    return this.#learning;
  }

  /**
   * Passes when the deployed chaincode declares `transaction`; throws {@link TransactionNotDeployed}
   * otherwise. When the definition cannot be learned (the ledger is down), the call goes on and meets
   * the ledger's own failure.
   */
  async require(transaction: string): Promise<void> {
    let deployed = await this.current().catch(() => undefined);
    if (deployed === undefined || deployed.transactions.has(transaction)) return;
    deployed = await this.refresh().catch(() => undefined);
    if (deployed === undefined || deployed.transactions.has(transaction)) return;
    throw new TransactionNotDeployed(transaction, deployed);
  }

  async #learn(): Promise<DeployedDefinition> {
    const definition = await this.#ledger.chaincodeDefinition();
    const known = this.#learned?.definition;
    const transactions =
      known?.sequence === definition.sequence
        ? known.transactions
        : transactionNames(await this.#ledger.contractMetadata());
    // A document with no transactions is not one to refuse calls by.
    if (transactions.size === 0) throw new Error(`the contract metadata of ${definition.name} lists no transactions`);
    const learned = { name: definition.name, version: definition.version, sequence: definition.sequence, transactions };
    this.#learned = { at: this.#now(), definition: learned };
    return learned;
  }
}

/** `contract:Transaction` for every transaction of fabric-contract-api's metadata document. */
export function transactionNames(metadata: unknown): ReadonlySet<string> {
  const names = new Set<string>();
  const contracts = (metadata as { contracts?: unknown } | null)?.contracts;
  if (typeof contracts !== 'object' || contracts === null) return names;
  for (const [contract, spec] of Object.entries(contracts)) {
    const transactions = (spec as { transactions?: unknown } | null)?.transactions;
    if (!Array.isArray(transactions)) continue;
    for (const tx of transactions) {
      const name = (tx as { name?: unknown } | null)?.name;
      if (typeof name === 'string') names.add(`${contract}:${name}`);
    }
  }
  return names;
}
