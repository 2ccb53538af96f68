import type { ChainSnapshot, TransactionSummary } from './chain-watcher';

/** A count under a name (an organisation, a chaincode, a function, a validation code). */
export interface Tally {
  readonly key: string;
  readonly count: number;
}

/** What the dashboard charts: the recent window's transactions, per minute and by kind. */
export interface Activity {
  readonly height: string;
  readonly latestBlock: { readonly number: string; readonly hash: string; readonly time?: string } | undefined;
  /** The blocks counted: the most recent ones the gateway keeps. */
  readonly window: { readonly fromBlock?: string; readonly toBlock?: string; readonly transactions: number };
  /** The last `minutes` minutes, oldest first, each with the transactions stamped in it (zero included). */
  readonly perMinute: readonly { readonly minute: string; readonly count: number }[];
  readonly byOrganisation: readonly Tally[];
  readonly byChaincode: readonly Tally[];
  readonly byFunction: readonly Tally[];
  readonly byValidationCode: readonly Tally[];
  /** The newest blocks, newest first. */
  readonly recentBlocks: readonly {
    readonly number: string;
    readonly hash: string;
    readonly time?: string;
    readonly transactionCount: number;
  }[];
  /** The newest transactions, newest first (metadata only). */
  readonly recentTransactions: readonly (TransactionSummary & { readonly blockNumber: string })[];
}

const RECENT = 10;

const MINUTE = 60_000;

/** Counts the snapshot's transactions per minute (the last `minutes`, ending at `now`) and by kind. */
export function activityOf(snapshot: ChainSnapshot, now: number, minutes = 60): Activity {
  const end = Math.floor(now / MINUTE) * MINUTE;
  const start = end - (minutes - 1) * MINUTE;
  const perMinute = new Array<number>(minutes).fill(0);
  const byOrganisation = new Map<string, number>();
  const byChaincode = new Map<string, number>();
  const byFunction = new Map<string, number>();
  const byValidationCode = new Map<string, number>();
  let transactions = 0;
  for (const block of snapshot.recent) {
    for (const tx of block.transactions) {
      transactions += 1;
      const at = Math.floor(Date.parse(tx.timestamp) / MINUTE) * MINUTE;
      if (at >= start && at <= end) perMinute[(at - start) / MINUTE] = (perMinute[(at - start) / MINUTE] ?? 0) + 1;
      bump(byOrganisation, tx.creatorMspId || '(none)');
      bump(byChaincode, tx.chaincode || '(config)');
      bump(byFunction, tx.function || '(config)');
      bump(byValidationCode, tx.validationCode);
    }
  }
  const first = snapshot.recent[0];
  const last = snapshot.recent.at(-1);
  return {
    height: snapshot.height.toString(),
    latestBlock: last && {
      number: last.number.toString(),
      hash: last.hash,
      ...(last.time ? { time: last.time } : {}),
    },
    window: {
      ...(first ? { fromBlock: first.number.toString() } : {}),
      ...(last ? { toBlock: last.number.toString() } : {}),
      transactions,
    },
    perMinute: perMinute.map((count, i) => ({ minute: new Date(start + i * MINUTE).toISOString(), count })),
    byOrganisation: sorted(byOrganisation),
    byChaincode: sorted(byChaincode),
    byFunction: sorted(byFunction),
    byValidationCode: sorted(byValidationCode),
    recentBlocks: snapshot.recent
      .slice(-RECENT)
      .reverse()
      .map((b) => ({
        number: b.number.toString(),
        hash: b.hash,
        ...(b.time ? { time: b.time } : {}),
        transactionCount: b.transactions.length,
      })),
    recentTransactions: snapshot.recent
      .slice(-RECENT)
      .flatMap((b) => b.transactions.map((tx) => ({ ...tx, blockNumber: b.number.toString() })))
      .slice(-RECENT)
      .reverse(),
  };
}

function bump(map: Map<string, number>, key: string): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

function sorted(map: ReadonlyMap<string, number>): Tally[] {
  return [...map].map(([key, count]) => ({ key, count })).sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
