/** A scripted `fetch` for unit tests: answers in order and records what was sent. */
export interface SentRequest {
  readonly method: string;
  readonly url: string;
  readonly headers: Record<string, string>;
  readonly body: unknown;
}

export type Scripted = Response | Error | ((request: SentRequest) => Response | Error);

export interface FakeFetch {
  readonly fetch: typeof fetch;
  readonly sent: SentRequest[];
}

export function fakeFetch(...answers: Scripted[]): FakeFetch {
  const sent: SentRequest[] = [];
  const queue = [...answers];
  const fetcher = ((input: string, init?: RequestInit): Promise<Response> => {
    const headers: Record<string, string> = {};
    new Headers(init?.headers).forEach((value, name) => {
      headers[name] = value;
    });
    const request: SentRequest = {
      method: init?.method ?? 'GET',
      url: input,
      headers,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    };
    sent.push(request);
    const next = queue.shift();
    if (next === undefined) return Promise.reject(new Error(`unexpected request ${request.method} ${request.url}`));
    const answer = typeof next === 'function' ? next(request) : next;
    return answer instanceof Error ? Promise.reject(answer) : Promise.resolve(answer);
  }) as typeof fetch;
  return { fetch: fetcher, sent };
}

export function json(status: number, body: unknown, headers: Record<string, string> = {}): Response {
  return new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });
}

export function problem(status: number, code: string, extra: Record<string, unknown> = {}): Response {
  return new Response(
    JSON.stringify({ type: `https://allianceledger.example/problems/${code}`, title: code, status, code, ...extra }),
    { status, headers: { 'content-type': 'application/problem+json' } },
  );
}
