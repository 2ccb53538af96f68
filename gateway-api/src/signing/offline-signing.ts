import { verifySignature } from '@allianceledger/fabric-protocol';
import type { IdentityRegistry } from '../auth/identity-registry';
import type { Principal } from '../auth/principal';
import type { JsonFileStore } from '../common/json-file-store';
import { ProblemError } from '../http/problem';
import type { WriteInput, WriteRoute } from '../http/route';
import type { StoredResponse } from '../idempotency/idempotency-store';
import { CommitRejection, LedgerUnavailable } from '../ledger/ledger-errors';
import { proposalPayload, transactionPayload } from '../ledger/fabric-ledger';
import type { LedgerPort, TransactionStatus } from '../ledger/ledger-port';
import { parseChaincodeResult, requestOf, type TransactionService } from '../transactions/transaction-service';
import type { ChaincodeCall } from '../transactions/transaction-service';

/** How long a prepared step waits for its signature. */
export const OFFLINE_STEP_TTL_MS = 15 * 60 * 1000;

/** Where an offline-signed transaction or query is. */
export type OfflineStage = 'PROPOSED' | 'ENDORSED' | 'SUBMITTED' | 'COMMITTED' | 'INVALID' | 'REFUSED' | 'EVALUATED';

/** What the gateway keeps of one offline flow, by transaction id (the proposal's). */
export interface OfflineSession {
  readonly transactionId: string;
  readonly kind: 'transaction' | 'query';
  /** The principal that started it: only it may continue. */
  readonly credential: string;
  readonly identity: string;
  /** For a transaction: the write route and its validated input, to answer as the route answers. */
  readonly operationId?: string;
  readonly input?: Omit<WriteInput<unknown, unknown, unknown>, 'principal'>;
  readonly async?: boolean;
  /** base64: the proposal, the endorsed transaction, its result, the signed transaction. */
  readonly proposal: string;
  readonly endorsed?: string;
  readonly result?: string;
  readonly signedTransaction?: string;
  readonly stage: OfflineStage;
  readonly final?: StoredResponse;
  readonly createdAt: number;
  readonly expiresAt: number;
}

export interface OfflineSigningOptions {
  readonly ledger: LedgerPort;
  readonly identities: IdentityRegistry;
  readonly transactions: TransactionService;
  readonly store: JsonFileStore<OfflineSession>;
  /** The write routes, by operationId: a completed flow answers as its route does. */
  readonly writeRoutes: ReadonlyMap<string, WriteRoute>;
  readonly commitTimeoutMs: number;
  /** Renders a committed write's answer (http/mount-routes.ts). */
  readonly committedResponse: (
    route: WriteRoute,
    input: WriteInput<unknown, unknown, unknown>,
    transactionId: string,
    blockNumber: bigint,
    data: unknown,
    baseUrl: string,
  ) => StoredResponse;
}

const b64 = (bytes: Uint8Array): string => Buffer.from(bytes).toString('base64');
const bytesOf = (text: string): Buffer => Buffer.from(text, 'base64');

/**
 * Transactions signed by the caller's own device (fabric-gateway's offline-signing flow), for identities
 * whose private key the gateway never holds (docs/identity.md):
 *
 * 1. a write route with `?signing=offline` answers the unsigned proposal and its SHA-256 digest;
 * 2. `POST /offline-transactions/{id}/endorsement` with the device's signature over that digest: the
 *    gateway checks it against the identity's certificate, has it endorsed, and answers the endorsed
 *    transaction and its digest;
 * 3. `POST /offline-transactions/{id}/submission` with the signature over that digest: the gateway submits
 *    and answers as the write route would (committed, or 202 with `?async=true`).
 *
 * Reads go the same way through `/offline-queries`. Each step is kept on disk by transaction id, so a
 * retried submission settles from the ledger exactly like a retried write (never twice), and a step done
 * once is refused when repeated.
 */
export class OfflineSigning {
  readonly #o: OfflineSigningOptions;

  constructor(options: Readonly<OfflineSigningOptions>) {
    this.#o = options;
  }

  /** Step 1 of a write: the proposal for the caller's device to sign. */
  async prepareWrite(
    route: WriteRoute,
    input: WriteInput<unknown, unknown, unknown>,
    isAsync: boolean,
    baseUrl: string,
  ): Promise<StoredResponse> {
    const { principal, ...rest } = input;
    const { session, digest } = await this.#prepare(principal, 'transaction', route.transaction(input), {
      operationId: route.operationId,
      input: rest,
      async: isAsync,
    });
    return { status: 200, headers: {}, body: this.#view(session, baseUrl, digest) };
  }

  /** Step 1 of a read: the proposal of an evaluate-only chaincode query, for the device to sign. */
  async prepareQuery(principal: Principal, call: ChaincodeCall, baseUrl: string): Promise<unknown> {
    const { session, digest } = await this.#prepare(principal, 'query', call, {});
    return this.#view(session, baseUrl, digest);
  }

  /** Step 2: the proposal signed; endorsement; the transaction to sign. */
  async endorse(principal: Principal, transactionId: string, signature: string, baseUrl: string): Promise<unknown> {
    const session = await this.#session(principal, transactionId, 'transaction');
    if (session.stage !== 'PROPOSED') throw this.#stepDone(session, 'endorsed');
    await this.#verify(session, proposalPayload(bytesOf(session.proposal)), signature);
    let endorsed;
    try {
      endorsed = await this.#o.ledger.endorseSigned(bytesOf(session.proposal), bytesOf(signature));
    } catch (err) {
      if (!(err instanceof LedgerUnavailable)) await this.#save({ ...session, stage: 'REFUSED' });
      throw err;
    }
    const next: OfflineSession = {
      ...session,
      stage: 'ENDORSED',
      endorsed: b64(endorsed.bytes),
      result: b64(endorsed.result),
      expiresAt: Date.now() + OFFLINE_STEP_TTL_MS,
    };
    await this.#save(next);
    return this.#view(next, baseUrl, endorsed.digest);
  }

  /** Step 3: the transaction signed; submitted; the route's own answer once committed. */
  async submit(
    principal: Principal,
    transactionId: string,
    signature: string | undefined,
    baseUrl: string,
  ): Promise<StoredResponse> {
    let session = await this.#session(principal, transactionId, 'transaction');
    if (session.stage === 'COMMITTED' || session.stage === 'INVALID') {
      throw new ProblemError('OFFLINE_STEP_DONE', `transaction ${transactionId} was submitted already`, {
        transactionId,
        stage: session.stage,
        statusUrl: `${baseUrl}/transactions/${transactionId}`,
      });
    }
    if (session.stage === 'ENDORSED') {
      if (signature === undefined) {
        throw new ProblemError('VALIDATION_FAILED', 'the signature of the endorsed transaction is required', {
          errors: [{ path: 'body.signature', message: 'required' }],
        });
      }
      const endorsed = bytesOf(session.endorsed ?? '');
      await this.#verify(session, transactionPayload(endorsed), signature);
      session = {
        ...session,
        stage: 'SUBMITTED',
        signedTransaction: b64(this.#o.ledger.signedTransaction(endorsed, bytesOf(signature))),
      };
      await this.#save(session);
    } else if (session.stage !== 'SUBMITTED') {
      throw this.#stepDone(session, 'endorsed first');
    }
    // Sent now, or sent before with an outcome unknown: the same signed bytes either way (never twice).
    const submitted = await this.#o.ledger.resubmit(bytesOf(session.signedTransaction ?? ''));
    const status = this.#o.transactions.follow(transactionId, submitted.status());
    if (session.async === true) {
      status.catch(() => undefined);
      const statusUrl = `${baseUrl}/transactions/${transactionId}`;
      return {
        status: 202,
        headers: { location: statusUrl },
        body: {
          transactionId,
          status: 'PENDING',
          statusUrl,
          data: parseChaincodeResult(bytesOf(session.result ?? '')),
        },
      };
    }
    return this.#settled(session, await this.#outcome(status, transactionId), baseUrl);
  }

  /** Step 2 of a read: the signed proposal evaluated; the chaincode's answer. */
  async evaluate(principal: Principal, queryId: string, signature: string): Promise<unknown> {
    const session = await this.#session(principal, queryId, 'query');
    if (session.stage !== 'PROPOSED') throw this.#stepDone(session, 'evaluated');
    await this.#verify(session, proposalPayload(bytesOf(session.proposal)), signature);
    const result = await this.#o.ledger.evaluateSigned(bytesOf(session.proposal), bytesOf(signature));
    await this.#save({ ...session, stage: 'EVALUATED' });
    return parseChaincodeResult(result);
  }

  /** Where a flow is. */
  async describe(principal: Principal, transactionId: string, baseUrl: string): Promise<unknown> {
    const session = await this.#session(principal, transactionId);
    return this.#view(session, baseUrl);
  }

  async #prepare(
    principal: Principal,
    kind: OfflineSession['kind'],
    call: ChaincodeCall,
    extra: Pick<OfflineSession, 'operationId' | 'input' | 'async'>,
  ): Promise<{ session: OfflineSession; digest: Uint8Array }> {
    await this.#o.transactions.requireDeployed(call.transaction);
    const creator = await this.#o.identities.identity(principal.identity);
    const proposal = await this.#o.ledger.prepare(creator, requestOf(call));
    const now = Date.now();
    const session: OfflineSession = {
      transactionId: proposal.transactionId,
      kind,
      credential: principal.id,
      identity: principal.identity,
      ...extra,
      proposal: b64(proposal.bytes),
      stage: 'PROPOSED',
      createdAt: now,
      expiresAt: now + OFFLINE_STEP_TTL_MS,
    };
    await this.#save(session);
    return { session, digest: proposal.digest };
  }

  async #session(principal: Principal, transactionId: string, kind?: OfflineSession['kind']): Promise<OfflineSession> {
    const session = await this.#o.store.get(transactionId);
    // Another caller's flow is as unknown as a missing one.
    const owned = session?.credential === principal.id && session.identity === principal.identity;
    if (!session || !owned) {
      throw new ProblemError('NOT_FOUND', `no offline-signed ${kind ?? 'flow'} ${transactionId} of this caller`);
    }
    if (kind !== undefined && session.kind !== kind) {
      throw new ProblemError('NOT_FOUND', `${transactionId} is an offline ${session.kind}, not a ${kind}`);
    }
    const open = session.stage === 'PROPOSED' || session.stage === 'ENDORSED';
    if (open && Date.now() > session.expiresAt) {
      throw new ProblemError(
        'OFFLINE_STEP_EXPIRED',
        `the signature for ${transactionId} came too late: prepare again`,
        {
          transactionId,
          expiredAt: new Date(session.expiresAt).toISOString(),
        },
      );
    }
    return session;
  }

  /** The device's signature must verify against the identity's certificate: nothing else is sent on. */
  async #verify(session: OfflineSession, message: Uint8Array, signature: string): Promise<void> {
    const { credentials } = await this.#o.identities.identity(session.identity);
    if (!verifySignature(Buffer.from(credentials).toString('utf8'), message, bytesOf(signature))) {
      throw new ProblemError(
        'SIGNATURE_INVALID',
        `the signature does not verify against ${session.identity}'s certificate (ECDSA P-256 over the digest, ` +
          'DER, low-S, base64)',
        { transactionId: session.transactionId },
      );
    }
  }

  async #outcome(status: Promise<TransactionStatus>, transactionId: string): Promise<TransactionStatus> {
    try {
      return await status;
    } catch (err) {
      if (err instanceof LedgerUnavailable) {
        throw new ProblemError(
          'LEDGER_UNAVAILABLE',
          `the outcome of transaction ${transactionId} is not known yet: submit again (the same signed transaction, never twice)`,
          { transactionId, retryable: true },
        );
      }
      throw err;
    }
  }

  async #settled(session: OfflineSession, status: TransactionStatus, baseUrl: string): Promise<StoredResponse> {
    if (!status.valid && status.validationCode === 'DUPLICATE_TXID') {
      // An earlier copy of this very transaction was ordered: its outcome is this one's.
      const first = await this.#o.ledger.transactionStatus(session.transactionId);
      if (first) return this.#settled(session, first, baseUrl);
    }
    if (!status.valid) {
      await this.#save({ ...session, stage: 'INVALID' });
      throw new CommitRejection(status.transactionId, status.validationCode, status.blockNumber);
    }
    const route = this.#o.writeRoutes.get(session.operationId ?? '');
    if (!route || !session.input) throw new Error(`offline transaction ${session.transactionId} lost its route`);
    const final = this.#o.committedResponse(
      route,
      { ...session.input, principal: { id: session.credential, identity: session.identity } },
      session.transactionId,
      status.blockNumber,
      parseChaincodeResult(bytesOf(session.result ?? '')),
      baseUrl,
    );
    await this.#save({ ...session, stage: 'COMMITTED', final });
    return final;
  }

  #stepDone(session: OfflineSession, what: string): ProblemError {
    return new ProblemError(
      'OFFLINE_STEP_DONE',
      `${session.kind} ${session.transactionId} is ${session.stage}: not ${what} again`,
      {
        transactionId: session.transactionId,
        stage: session.stage,
      },
    );
  }

  #save(session: OfflineSession): Promise<void> {
    return this.#o.store.put(session.transactionId, session);
  }

  /** A flow as the caller sees it: what to sign next (with its digest, when just produced) and where. */
  #view(session: OfflineSession, baseUrl: string, digest?: Uint8Array): Record<string, unknown> {
    const base = `${baseUrl}/offline-${session.kind === 'query' ? 'queries' : 'transactions'}/${session.transactionId}`;
    const next =
      session.stage === 'PROPOSED'
        ? { next: `${base}/${session.kind === 'query' ? 'evaluation' : 'endorsement'}` }
        : session.stage === 'ENDORSED' || session.stage === 'SUBMITTED'
          ? { next: `${base}/submission` }
          : {};
    return {
      transactionId: session.transactionId,
      kind: session.kind,
      stage: session.stage,
      ...(session.stage === 'PROPOSED' ? { proposal: session.proposal } : {}),
      ...(digest ? { digest: b64(digest), digestAlgorithm: 'SHA-256' } : {}),
      ...(session.stage === 'ENDORSED'
        ? { transaction: session.endorsed, result: parseChaincodeResult(bytesOf(session.result ?? '')) }
        : {}),
      ...next,
      expiresAt: new Date(session.expiresAt).toISOString(),
    };
  }
}
