import type { z } from 'zod';
import type { Principal } from '../auth/principal';
import type { LedgerPort } from '../ledger/ledger-port';
import type { ChaincodeCall, TransactionService } from '../transactions/transaction-service';
import type { ViewerDirectory } from '../visibility/viewer';
import type { OfflineSigning } from '../signing/offline-signing';
import type { ApiKeyAdministration } from '../api-keys/api-key-administration';
import type { EnrollmentTicket, IdentityOnboarding } from '../identities/identity-onboarding';
import type { ProblemCode } from './problem';
import type { ExplorerService } from '../explorer/explorer.service';

/** What every route declares: the table entry that drives both the handler and the OpenAPI document. */
interface RouteBase<P extends z.ZodType, Q extends z.ZodType> {
  readonly method: 'get' | 'post';
  /** Express path with `:param` placeholders. */
  readonly path: string;
  readonly operationId: string;
  readonly summary: string;
  readonly description?: string;
  readonly tags: readonly string[];
  readonly params?: P;
  readonly query?: Q;
}

export interface ReadContext<P, Q> {
  readonly params: P;
  readonly query: Q;
  readonly principal: Principal;
  /** The API's base path (`/api/v1`), for links in answers. */
  readonly baseUrl: string;
  readonly transactions: TransactionService;
  readonly ledger: LedgerPort;
  /** Who the principal is to the chaincode, for views that show payloads by audience. */
  readonly viewers: ViewerDirectory;
  /** Cached blocks, the recent chain and the network view. */
  readonly explorer: ExplorerService;
}

/**
 * What a gateway operation's handler may return instead of plain data: an answer with its own status and
 * headers (a step of offline signing that ends in a commit answers as the write it completes would).
 */
export class Answer {
  constructor(
    readonly status: number,
    readonly body: unknown,
    readonly headers: Readonly<Record<string, string>> = {},
  ) {}
}

/** A read: evaluates on the ledger (or reads the gateway's own state) and answers 200 with JSON. */
export interface ReadRoute<P extends z.ZodType = z.ZodType, Q extends z.ZodType = z.ZodType> extends RouteBase<P, Q> {
  readonly kind: 'read';
  readonly response: z.ZodType;
  handle(ctx: ReadContext<z.infer<P>, z.infer<Q>>): Promise<unknown>;
}

export interface WriteInput<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  readonly principal: Principal;
}

/**
 * A write: one chaincode transaction built from the request. The framework validates the input,
 * applies Idempotency-Key semantics, submits, waits for the commit (or answers 202 with `?async=true`)
 * and renders `{transactionId, blockNumber, data}`.
 */
export interface WriteRoute<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> extends RouteBase<P, Q> {
  readonly kind: 'write';
  readonly body?: B;
  readonly successStatus: 200 | 201;
  /** Schema of `data`, the chaincode's result. */
  readonly response: z.ZodType;
  transaction(input: WriteInput<z.infer<P>, z.infer<Q>, z.infer<B>>): ChaincodeCall;
  /** Location of the created resource, for 201 responses. */
  location?(input: WriteInput<z.infer<P>, z.infer<Q>, z.infer<B>>, data: unknown): string | undefined;
}

/** What a gateway operation's handler gets: its validated input, who calls, and the gateway's own services. */
export interface GatewayContext<P, Q, B> {
  readonly params: P;
  readonly query: Q;
  readonly body: B;
  /**
   * The caller. On an operation authenticated by an enrollment secret: the identity being enrolled
   * (`enrollment:<identity>`), which the gateway does not hold yet.
   */
  readonly principal: Principal;
  /** The device's enrolment, on an operation authenticated by an enrollment secret. */
  readonly enrollment: EnrollmentTicket | undefined;
  /** The API's base path (`/api/v1`), for links in answers. */
  readonly baseUrl: string;
  readonly services: GatewayServices;
}

/** The gateway's own services that gateway operations use. */
export interface GatewayServices {
  readonly onboarding: IdentityOnboarding;
  readonly apiKeys: ApiKeyAdministration;
  /** The steps of transactions and queries signed on the caller's own device. */
  readonly offlineSigning: OfflineSigning;
}

/**
 * An operation the gateway performs itself rather than one chaincode transaction: it works with the
 * organisations' CAs and the gateway's own stores (identities, API keys), and may submit transactions
 * on the way. Its handler answers the body; the framework validates the input and sends `successStatus`.
 * `Idempotency-Key` does not apply: each operation says what a repeated request does.
 */
export interface GatewayRoute<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
> extends RouteBase<P, Q> {
  readonly kind: 'gateway';
  readonly body?: B;
  readonly successStatus: 200 | 201;
  /**
   * Other successes its handler may answer with an {@link Answer} (the submission of an offline-signed
   * write answers as the write would: 201, or 202 when it was asynchronous), for the OpenAPI document.
   */
  readonly otherSuccesses?: Readonly<Partial<Record<200 | 201 | 202, string>>>;
  readonly response: z.ZodType;
  /** Every problem it answers (beyond the ones any request may meet), for the OpenAPI document. */
  readonly problems: readonly ProblemCode[];
  /**
   * How the caller authenticates: its API key or token (default), or the one-time enrollment secret of
   * the identity it enrolls (`Authorization: Basic <enrollment ID>:<secret>`, as Fabric CA takes it).
   */
  readonly authentication?: 'credential' | 'enrollment-secret';
  handle(ctx: GatewayContext<z.infer<P>, z.infer<Q>, z.infer<B>>): Promise<unknown>;
  /** Location of the created resource, for 201 responses. */
  location?(ctx: GatewayContext<z.infer<P>, z.infer<Q>, z.infer<B>>, data: unknown): string | undefined;
}

export type Route = ReadRoute | WriteRoute | GatewayRoute;

/** Helpers that keep each route's type inference while building a heterogeneous table. */
export function readRoute<P extends z.ZodType, Q extends z.ZodType>(r: ReadRoute<P, Q>): Route {
  return r;
}

export function gatewayRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  r: GatewayRoute<P, Q, B>,
): Route {
  return r;
}

export function writeRoute<P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType>(
  r: WriteRoute<P, Q, B>,
): Route {
  return r;
}
