import { ChaincodeRejection, CommitRejection, EndorsementMismatch } from '../ledger/ledger-errors';
import type {
  LedgerPort,
  SigningIdentity,
  SubmitHooks,
  SubmittedTransaction,
  TransactionStatus,
} from '../ledger/ledger-port';
import { createMetrics } from '../observability/metrics';
import type { IdentityRegistry } from '../auth/identity-registry';
import { TransactionService } from './transaction-service';

/** A ledger whose submits commit with the codes given, one per attempt, and records the hooks it saw. */
class ScriptedLedger {
  readonly prepared: string[] = [];
  readonly signed: string[] = [];
  #attempt = 0;

  constructor(readonly codes: readonly (string | Error)[]) {}

  get attempts(): number {
    return this.#attempt;
  }

  submit = async (_request: unknown, hooks: SubmitHooks = {}): Promise<SubmittedTransaction> => {
    const outcome = this.codes[this.#attempt] ?? 'VALID';
    const transactionId = `tx${this.#attempt++}`;
    await hooks.onPrepared?.(transactionId);
    if (outcome instanceof Error) throw outcome;
    this.prepared.push(transactionId);
    await hooks.onSigned?.(transactionId, Buffer.from(transactionId), Buffer.from('{"ok":true}'));
    this.signed.push(transactionId);
    const status: TransactionStatus = {
      transactionId,
      blockNumber: 7n,
      validationCode: outcome,
      valid: outcome === 'VALID',
    };
    return { transactionId, result: Buffer.from('{"ok":true}'), status: () => Promise.resolve(status) };
  };
}

const signer = {} as SigningIdentity;
const identities = { signer: () => Promise.resolve(signer) } as unknown as IdentityRegistry;
const principal = { id: 'key:1', identity: 'EcommerceMSP:buyer1' };
const call = { transaction: 'wallets:Transfer', input: { amount: '1' } };

function service(ledger: ScriptedLedger, attempts = 4): TransactionService {
  return new TransactionService({
    ledger: ledger as unknown as LedgerPort,
    identities,
    metrics: createMetrics(),
    commitTimeoutMs: 1000,
    retry: { attempts, baseDelayMs: 1 },
  });
}

describe('TransactionService', () => {
  it('retries a transaction that lost an MVCC or phantom race, as a new transaction, until it commits', async () => {
    const ledger = new ScriptedLedger(['MVCC_READ_CONFLICT', 'PHANTOM_READ_CONFLICT', 'VALID']);
    const committed = await service(ledger).submit(principal, call);
    expect(committed).toEqual({ transactionId: 'tx2', blockNumber: 7n, result: { ok: true } });
    expect(ledger.attempts).toBe(3);
    // Every attempt was recorded before it could reach the ledger: an exactly-once retry needs each id.
    expect(ledger.signed).toEqual(['tx0', 'tx1', 'tx2']);
  });

  it('gives up after the bounded attempts with a CommitRejection naming the code', async () => {
    const ledger = new ScriptedLedger(['MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT', 'MVCC_READ_CONFLICT']);
    await expect(service(ledger, 3).submit(principal, call)).rejects.toMatchObject({
      name: 'CommitRejection',
      validationCode: 'MVCC_READ_CONFLICT',
      transactionId: 'tx2',
    });
    expect(ledger.attempts).toBe(3);
  });

  it('never retries a transaction invalidated for another reason', async () => {
    const ledger = new ScriptedLedger(['ENDORSEMENT_POLICY_FAILURE']);
    await expect(service(ledger).submit(principal, call)).rejects.toBeInstanceOf(CommitRejection);
    expect(ledger.attempts).toBe(1);
  });

  it('retries endorsements that disagreed (peers at different heights), which never reached the orderer', async () => {
    const ledger = new ScriptedLedger([new EndorsementMismatch('peers disagree', undefined), 'VALID']);
    const committed = await service(ledger).submit(principal, call);
    expect(committed.transactionId).toBe('tx1');
    expect(ledger.attempts).toBe(2);
  });

  describe("another organisation's peer behind a block the gateway acknowledged", () => {
    /** Commits in block 7, then answers evaluations from a peer whose height is given in turn. */
    function laggingLedger(heights: bigint[], refusals: number): { ledger: LedgerPort; evaluations: () => number } {
      const scripted = new ScriptedLedger(['VALID']); // commits in block 7: the gateway acknowledged height 8
      let evaluations = 0;
      const ledger = {
        submit: scripted.submit,
        heightSeenBy: () => Promise.resolve(heights.shift() ?? 10n),
        evaluate: () => {
          evaluations++;
          return evaluations <= refusals
            ? Promise.reject(new ChaincodeRejection('NOT_FOUND', 'account not found', undefined, undefined))
            : Promise.resolve(Buffer.from('{"found":true}'));
        },
      } as unknown as LedgerPort;
      return { ledger, evaluations: () => evaluations };
    }

    let now = 1_000_000;
    function serviceOn(ledger: LedgerPort): TransactionService {
      return new TransactionService({
        ledger,
        identities,
        metrics: createMetrics(),
        commitTimeoutMs: 1000,
        clock: () => now,
      });
    }

    it('waits for the peer to catch up and asks again, so a client reads its own write', async () => {
      const { ledger, evaluations } = laggingLedger([6n, 7n, 8n], 1);
      const s = serviceOn(ledger);
      await s.submit(principal, call);
      await expect(s.evaluate(principal, { transaction: 'wallets:GetAccount' })).resolves.toEqual({ found: true });
      expect(evaluations()).toBe(2);
    });

    it('asks again once soon after the commit, though the peer caught up before the gateway looked', async () => {
      const { ledger, evaluations } = laggingLedger([8n], 1);
      const s = serviceOn(ledger);
      await s.submit(principal, call);
      now += 500;
      await expect(s.evaluate(principal, { transaction: 'wallets:GetAccount' })).resolves.toEqual({ found: true });
      expect(evaluations()).toBe(2);
    });

    it('lets the refusal stand when the peer is not behind and the commit is not recent', async () => {
      const { ledger, evaluations } = laggingLedger([8n], 1);
      const s = serviceOn(ledger);
      await s.submit(principal, call);
      now += 5_000;
      await expect(s.evaluate(principal, { transaction: 'wallets:GetAccount' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(evaluations()).toBe(1);
    });

    it('asks only once: a refusal that stands after the second call is the answer', async () => {
      const { ledger, evaluations } = laggingLedger([8n], 2);
      const s = serviceOn(ledger);
      await s.submit(principal, call);
      await expect(s.evaluate(principal, { transaction: 'wallets:GetAccount' })).rejects.toMatchObject({
        code: 'NOT_FOUND',
      });
      expect(evaluations()).toBe(2);
    });
  });
});
