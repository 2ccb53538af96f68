#!/usr/bin/env node
/**
 * `alliance-keys`: API keys for operators and organisation administrators, through the gateway's REST API
 * (`/api/v1/api-keys`) with an administrator's own key. A new key is printed once; the gateway keeps only
 * its hash.
 *
 *   alliance-keys issue  --identity EcommerceMSP:store1 --label "checkout service"
 *   alliance-keys list   [--identity EcommerceMSP:store1]
 *   alliance-keys rotate <key id>
 *   alliance-keys revoke <key id>
 *
 * Options: `--url` (default `$ALLIANCE_GATEWAY_URL`, else http://127.0.0.1:3000), `--key` (default
 * `$ALLIANCE_API_KEY`: prefer the variable, a command line is visible to other users), `--json` (the
 * gateway's answer as it is).
 */
import { parseArgs } from 'node:util';

/** The CLI's world: its environment, its output streams and how it reaches the gateway. */
export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly fetch: typeof fetch;
}

const USAGE = `usage: alliance-keys [--url URL] [--key KEY] [--json] <command>
  issue --identity <MSP:user> --label <text>   a new key for an identity (printed once)
  list [--identity <MSP:user>]                 keys of an identity, or of your organisation (never a secret)
  rotate <key id>                              a new key in place of one (printed once); the old one stops at once
  revoke <key id>                              the key stops working
The administrator's key comes from --key or ALLIANCE_API_KEY; the gateway from --url or ALLIANCE_GATEWAY_URL.`;

interface KeyInfo {
  readonly id: string;
  readonly identity: string;
  readonly label: string;
  readonly createdAt?: string;
  readonly lastUsedAt?: string;
  readonly revokedAt?: string;
  readonly key?: string;
}

class CliError extends Error {}

const OPTIONS = {
  url: { type: 'string' },
  key: { type: 'string' },
  identity: { type: 'string' },
  label: { type: 'string' },
  json: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

type Parsed = ReturnType<typeof parseArgs<{ args: string[]; allowPositionals: true; options: typeof OPTIONS }>>;

function parse(argv: readonly string[], io: CliIo): Parsed | undefined {
  try {
    return parseArgs({ args: [...argv], allowPositionals: true, options: OPTIONS });
  } catch (err) {
    io.err(`${(err as Error).message}\n${USAGE}`);
    return undefined;
  }
}

/** Runs one command; answers the exit code (0 done, 1 refused or failed, 2 usage). */
export async function runKeysCli(argv: readonly string[], io: CliIo): Promise<number> {
  const parsed = parse(argv, io);
  if (!parsed) return 2;
  const { values, positionals } = parsed;
  const [command, id] = positionals;
  if (values.help || command === undefined) {
    (values.help ? io.out : io.err)(USAGE);
    return values.help ? 0 : 2;
  }
  const adminKey = values.key ?? io.env.ALLIANCE_API_KEY;
  if (!adminKey) {
    io.err('no administrator key: set ALLIANCE_API_KEY (or --key)');
    return 2;
  }
  const call = caller(values.url ?? io.env.ALLIANCE_GATEWAY_URL ?? 'http://127.0.0.1:3000', adminKey, io.fetch);
  return answer(() => runCommand(command, id, values, call), values.json, io);
}

/** Prints a command's answer (as JSON, or for people); a refusal on stderr. */
async function answer(run: () => Promise<Answer | undefined>, json: boolean, io: CliIo): Promise<number> {
  try {
    const done = await run();
    if (done === undefined) {
      io.err(USAGE);
      return 2;
    }
    if (json) io.out(JSON.stringify(done.body, null, 2));
    else done.print(io.out);
    return 0;
  } catch (err) {
    if (!(err instanceof CliError)) throw err;
    io.err(err.message);
    return 1;
  }
}

type Call = (method: 'GET' | 'POST', path: string, body?: unknown) => Promise<unknown>;

interface Answer {
  readonly body: unknown;
  print(out: (line: string) => void): void;
}

async function runCommand(
  command: string,
  id: string | undefined,
  options: { identity?: string; label?: string },
  call: Call,
): Promise<Answer | undefined> {
  switch (command) {
    case 'issue': {
      if (!options.identity || !options.label) return undefined;
      const issued = (await call('POST', '/api/v1/api-keys', {
        identity: options.identity,
        label: options.label,
      })) as KeyInfo;
      return {
        body: issued,
        print: (out) => {
          printNewKey(out, issued);
        },
      };
    }
    case 'list': {
      const query = options.identity ? `?identity=${encodeURIComponent(options.identity)}` : '';
      const list = (await call('GET', `/api/v1/api-keys${query}`)) as { items: KeyInfo[] };
      return {
        body: list,
        print: (out) => {
          printTable(out, list.items);
        },
      };
    }
    case 'rotate': {
      if (!id) return undefined;
      const rotated = (await call('POST', `/api/v1/api-keys/${encodeURIComponent(id)}/rotation`)) as {
        apiKey: KeyInfo;
        previous: KeyInfo;
      };
      return {
        body: rotated,
        print: (out) => {
          printNewKey(out, rotated.apiKey);
          out(`${rotated.previous.id} no longer works (since ${rotated.previous.revokedAt ?? '?'})`);
        },
      };
    }
    case 'revoke': {
      if (!id) return undefined;
      const revoked = (await call('POST', `/api/v1/api-keys/${encodeURIComponent(id)}/revocation`)) as KeyInfo;
      return {
        body: revoked,
        print: (out) => {
          out(`${revoked.id} revoked at ${revoked.revokedAt ?? '?'}`);
        },
      };
    }
    default:
      return undefined;
  }
}

function caller(url: string, adminKey: string, fetchFn: typeof fetch): Call {
  const base = url.replace(/\/+$/, '');
  return async (method, path, body) => {
    let res: Response;
    try {
      res = await fetchFn(`${base}${path}`, {
        method,
        headers: { 'x-api-key': adminKey, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (err) {
      throw new CliError(`cannot reach the gateway at ${base}: ${(err as Error).message}`);
    }
    const text = await res.text();
    const parsed: unknown = text === '' ? null : JSON.parse(text);
    if (!res.ok) {
      const problem = parsed as { code?: string; detail?: string } | null;
      throw new CliError(`${res.status} ${problem?.code ?? ''}: ${problem?.detail ?? text}`.trim());
    }
    return parsed;
  };
}

function printNewKey(out: (line: string) => void, key: KeyInfo): void {
  out(`id        ${key.id}`);
  out(`identity  ${key.identity}`);
  out(`label     ${key.label}`);
  out(`key       ${key.key ?? '?'}`);
  out('This key is shown once: the gateway keeps only its hash. Store it now.');
}

function printTable(out: (line: string) => void, keys: readonly KeyInfo[]): void {
  const rows = [
    ['ID', 'IDENTITY', 'LABEL', 'CREATED', 'LAST USED', 'REVOKED'],
    ...keys.map((k) => [k.id, k.identity, k.label, k.createdAt ?? '-', k.lastUsedAt ?? '-', k.revokedAt ?? '-']),
  ];
  const widths = rows[0]?.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? '').length))) ?? [];
  for (const row of rows)
    out(
      row
        .map((cell, i) => cell.padEnd(widths[i] ?? 0))
        .join('  ')
        .trimEnd(),
    );
}

if (require.main === module) {
  runKeysCli(process.argv.slice(2), {
    env: process.env,
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    fetch,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (err: unknown) => {
      process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
      process.exitCode = 1;
    },
  );
}
