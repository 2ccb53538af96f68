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
  const transactions = snapshot.recent.flatMap((b) => b.transactions);
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
      transactions: transactions.length,
    },
    perMinute: perMinute(transactions, now, minutes),
    byOrganisation: tally(transactions, (tx) => tx.creatorMspId || '(none)'),
    byChaincode: tally(transactions, (tx) => tx.chaincode || '(config)'),
    byFunction: tally(transactions, (tx) => tx.function || '(config)'),
    byValidationCode: tally(transactions, (tx) => tx.validationCode),
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

/** Transactions stamped in each of the last `minutes` minutes up to `now`, oldest first, zeros included. */
function perMinute(
  transactions: readonly TransactionSummary[],
  now: number,
  minutes: number,
): { minute: string; count: number }[] {
  const end = Math.floor(now / MINUTE) * MINUTE;
  const start = end - (minutes - 1) * MINUTE;
  const counts = new Array<number>(minutes).fill(0);
  for (const tx of transactions) {
    const slot = (Math.floor(Date.parse(tx.timestamp) / MINUTE) * MINUTE - start) / MINUTE;
    if (slot >= 0 && slot < minutes) counts[slot] = (counts[slot] ?? 0) + 1;
  }
  return counts.map((count, i) => ({ minute: new Date(start + i * MINUTE).toISOString(), count }));
}

/** Counts by `keyOf`, most first (ties by name). */
function tally(transactions: readonly TransactionSummary[], keyOf: (tx: TransactionSummary) => string): Tally[] {
  const counts = new Map<string, number>();
  for (const tx of transactions) counts.set(keyOf(tx), (counts.get(keyOf(tx)) ?? 0) + 1);
  return [...counts]
    .map(([key, count]) => ({ key, count }))
    .sort((a, b) => b.count - a.count || a.key.localeCompare(b.key));
}
