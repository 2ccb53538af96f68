import { ConnectionError, ProblemError, type RequestInfo } from './errors';
import { isRetryable, retryDelayMs, type RetryPolicy } from './retry-policy';

/** How the client authenticates: an API key (`X-API-Key`) or a bearer token (JWT), or nothing (enrolment). */
export type Credentials = { readonly apiKey: string } | { readonly bearerToken: string };

/** An answer of the gateway that was not an error. */
export interface HttpAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: unknown;
}

/** One request as the transport sends it. */
export interface HttpRequest {
  readonly method: 'GET' | 'POST';
  /** Path and query under the API's base, e.g. `/settlements?by=buyer&value=…`. */
  readonly path: string;
  /** The JSON body of each attempt (`attempt` counts from 1); a function lets a retry send another body. */
  readonly body?: unknown;
  readonly bodyOf?: (attempt: number, lastError: unknown) => unknown;
  readonly idempotencyKey?: string;
  /** Whether a retryable failure is retried (the caller knows whether the request is safe to repeat). */
  readonly retry: boolean;
  /** Headers that replace the credentials' (enrolment's Basic authentication). */
  readonly headers?: Readonly<Record<string, string>>;
  readonly signal?: AbortSignal;
}

export interface TransportOptions {
  /** The API's base URL, ending in `/api/v1`. */
  readonly apiUrl: string;
  readonly credentials?: Credentials;
  readonly retry: RetryPolicy;
  readonly fetch: typeof fetch;
  readonly sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
  readonly random: () => number;
}

/** Sends JSON requests, turns error answers into `ProblemError`s and retries what may be retried. */
export class Transport {
  readonly #o: TransportOptions;

  constructor(options: Readonly<TransportOptions>) {
    this.#o = options;
  }

  get apiUrl(): string {
    return this.#o.apiUrl;
  }

  async send(request: HttpRequest): Promise<HttpAnswer> {
    const attempts = request.retry ? this.#o.retry.maxAttempts : 1;
    let lastError: unknown;
    for (let attempt = 1; ; attempt++) {
      try {
        const body = request.bodyOf ? request.bodyOf(attempt, lastError) : request.body;
        return await this.#once(request, body);
      } catch (error: unknown) {
        if (attempt >= attempts || !isRetryable(error) || request.signal?.aborted === true) throw error;
        lastError = error;
        await this.#o.sleep(retryDelayMs(this.#o.retry, attempt, error, this.#o.random), request.signal);
      }
    }
  }

  async #once(request: HttpRequest, body: unknown): Promise<HttpAnswer> {
    const url = `${this.#o.apiUrl}${request.path}`;
    const info: RequestInfo = { method: request.method, url };
    const headers: Record<string, string> = { accept: 'application/json, application/problem+json' };
    Object.assign(headers, request.headers ?? this.#credentialHeaders());
    if (body !== undefined) headers['content-type'] = 'application/json';
    if (request.idempotencyKey !== undefined) headers['idempotency-key'] = request.idempotencyKey;
    let response: Response;
    try {
      response = await this.#o.fetch(url, {
        method: request.method,
        headers,
        ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
        ...(request.signal ? { signal: request.signal } : {}),
      });
    } catch (cause: unknown) {
      if (request.signal?.aborted === true) throw cause;
      throw new ConnectionError(info, { cause });
    }
    let parsed: unknown;
    try {
      parsed = await readBody(response);
    } catch (cause: unknown) {
      throw new ConnectionError(info, { cause });
    }
    if (response.ok) return { status: response.status, headers: response.headers, body: parsed };
    const retryAfter = Number(response.headers.get('retry-after') ?? Number.NaN);
    throw new ProblemError({
      status: response.status,
      body: isRecord(parsed) ? parsed : { detail: typeof parsed === 'string' ? parsed.slice(0, 500) : undefined },
      request: info,
      ...(Number.isFinite(retryAfter) && retryAfter >= 0 ? { retryAfterSeconds: retryAfter } : {}),
    });
  }

  #credentialHeaders(): Record<string, string> {
    const credentials = this.#o.credentials;
    if (credentials === undefined) return {};
    if ('apiKey' in credentials) return { 'x-api-key': credentials.apiKey };
    return { authorization: `Bearer ${credentials.bearerToken}` };
  }
}

async function readBody(response: Response): Promise<unknown> {
  const text = await response.text();
  if (text === '') return undefined;
  const type = response.headers.get('content-type') ?? '';
  if (!/\bjson\b/i.test(type)) return text;
  return JSON.parse(text) as unknown;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A pause that ends early, with the signal's reason, when the signal aborts. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted === true) {
      reject(signal.reason as Error);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason as Error);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}
