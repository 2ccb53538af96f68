/**
 * The engine of the property tests: a batch of planned calls submitted concurrently through devnet,
 * and the committed ones applied to the test's model in commit order.
 */
import { parseErrorMessage } from '../lib/errors';
import { EndorseError, type Alliance, type Client, type Doc } from './alliance';

/** A transaction as it committed: its id and the chaincode's result. */
export interface Committed {
  readonly txId: string;
  readonly result: Doc;
}

/** One planned ledger call of a property test, and how its commit changes the model `M`. */
export interface PlannedCall<M> {
  /** The operation's name, for the statistics. */
  readonly op: string;
  readonly client: Client;
  readonly tx: string;
  readonly input: unknown;
  readonly transient?: Record<string, unknown>;
  /** A refusal this call must get whatever the state (e.g. a malformed amount, a caller without the right). */
  readonly mustRefuse?: string;
  readonly apply?: (model: M, committed: Committed) => void;
}

/** What the batches of a run did. */
export interface BatchStats {
  committed: number;
  refused: number;
  invalid: number;
  readonly byCode: Record<string, number>;
  readonly committedByOp: Record<string, number>;
}

/** Empty statistics. */
export function batchStats(): BatchStats {
  return { committed: 0, refused: 0, invalid: 0, byCode: {}, committedByOp: {} };
}

type Outcome =
  | { readonly kind: 'valid'; readonly txId: string; readonly block: bigint; readonly result: Doc }
  | { readonly kind: 'invalid'; readonly codeName: string }
  | { readonly kind: 'refused'; readonly code: string };

/**
 * Submits the calls at once and waits for each to commit or be refused; applies the committed ones to
 * `model` in commit order (block, then position in the block), so refused and invalidated calls change
 * nothing. Fails when a call that must be refused commits or is refused otherwise, when a refusal is not
 * a catalogue error (or is INTERNAL), or when an invalidation is anything but an MVCC race.
 */
export async function runBatch<M>(
  alliance: Alliance,
  planned: readonly PlannedCall<M>[],
  model: M,
  stats: BatchStats,
): Promise<void> {
  const outcomes = await Promise.all(planned.map(submit));
  const positions = new Map<string, readonly [bigint, number]>();
  for (const o of outcomes) {
    if (o.kind !== 'valid' || positions.has(o.txId)) continue;
    const decoded = await alliance.devnet.getDecodedBlock(o.block);
    decoded?.transactions.forEach((t, index) => positions.set(t.txId, [o.block, index]));
  }
  const position = (txId: string): readonly [bigint, number] => {
    const found = positions.get(txId);
    if (!found) throw new Error(`transaction ${txId} is not in its block`);
    return found;
  };
  const order = outcomes
    .map((o, i) => ({ o, i }))
    .filter((x): x is { o: Extract<Outcome, { kind: 'valid' }>; i: number } => x.o.kind === 'valid')
    .sort((a, b) => {
      const [blockA, indexA] = position(a.o.txId);
      const [blockB, indexB] = position(b.o.txId);
      return blockA === blockB ? indexA - indexB : blockA < blockB ? -1 : 1;
    });
  for (const { o, i } of order) {
    const p = planned[i]!;
    if (p.mustRefuse) throw new Error(`${p.tx} committed but must be refused with ${p.mustRefuse}`);
    p.apply?.(model, { txId: o.txId, result: o.result });
    stats.committed++;
    stats.committedByOp[p.op] = (stats.committedByOp[p.op] ?? 0) + 1;
  }
  outcomes.forEach((o, i) => {
    const p = planned[i]!;
    if (o.kind === 'refused') {
      stats.refused++;
      stats.byCode[o.code] = (stats.byCode[o.code] ?? 0) + 1;
      if (p.mustRefuse) expect({ tx: p.tx, code: o.code }).toEqual({ tx: p.tx, code: p.mustRefuse });
    } else if (o.kind === 'invalid') {
      stats.invalid++;
      stats.byCode[o.codeName] = (stats.byCode[o.codeName] ?? 0) + 1;
      expect(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT']).toContain(o.codeName);
    }
  });
}

async function submit<M>(p: PlannedCall<M>): Promise<Outcome> {
  try {
    const s = await p.client.submitAsync(p.tx, p.input, p.transient ? { transient: p.transient } : {});
    const status = await s.status;
    return status.successful
      ? { kind: 'valid', txId: s.transactionId, block: status.blockNumber, result: s.result }
      : { kind: 'invalid', codeName: status.codeName };
  } catch (err) {
    if (!(err instanceof EndorseError)) throw err;
    const body = parseErrorMessage(err.message);
    if (!body || body.code === 'INTERNAL') throw new Error(`${p.tx}: unexpected error ${err.message}`);
    return { kind: 'refused', code: body.code };
  }
}
