#!/usr/bin/env node
import { readFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { newAllianceClient, type AllianceClient } from '../alliance-client';
import type { Schema } from '../api-types';
import { ConnectionError, ProblemError, SigningError } from '../errors';
import { enrollToFiles } from '../node/key-files';
import { loadPemSigner } from '../node/pem-signer';
import { WalletError, WalletStore, type WalletConfig } from './wallet-store';

/**
 * `alliance-wallet`: a buyer's terminal wallet for a self-custody identity. Its key is made and kept on
 * this machine; every transaction and every read is signed here, and the gateway only relays it.
 */

/** Exit codes: what a script calling the wallet can tell apart. */
export const EXIT = {
  OK: 0,
  /** The gateway refused the request (a problem+json 4xx): see the message. */
  REFUSED: 1,
  /** The command line is wrong. */
  USAGE: 2,
  /** The gateway could not be reached or failed (5xx): for a payment, the outcome may be unknown. */
  UNAVAILABLE: 3,
  /** The wallet on this machine is missing or unreadable, or the device could not sign. */
  LOCAL: 4,
} as const;

export interface WalletIo {
  readonly out: (line: string) => void;
  readonly err: (line: string) => void;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The `fetch` to use (tests); default the global one. */
  readonly fetch?: typeof fetch;
}

const HELP = `alliance-wallet — a buyer's terminal wallet; the key never leaves this machine

Usage: alliance-wallet <command> [options]

Commands:
  enroll         Make a key, send a CSR with the enrollment secret, keep key (0600) and certificate
                   --gateway URL --identity MSP:name [--secret S]   (or ALLIANCE_ENROLLMENT_SECRET)
  open-account   Open an account owned by this identity, and make it the default
                   <accountId>
  balance        An account's balance (a signed query)
                   --currency CODE [--account ID]
  pay            Pay a store order into escrow (a settlement, signed here)
                   --order STORE_ORDER_NO --store-account ID --amount MINOR_UNITS --currency CODE
                   [--account ID] [--order-file FILE] [--time-limit SECONDS] [--idempotency-key KEY]
  confirm        Confirm receipt: pay the store (all, or --amount after a negotiated deduction)
                   <settlementNo> [--amount MINOR_UNITS] [--idempotency-key KEY]
  status         A settlement and its order (signed queries)
                   <settlementNo>

Options:
  --wallet DIR   The wallet folder (default ALLIANCE_WALLET, else ~/.alliance-wallet)
  --json         Print answers as JSON
  -h, --help     This help

Amounts are integer minor units ("3000" = 30.00 CNY).
Exit codes: 0 done, 1 refused by the gateway, 2 usage, 3 gateway unavailable (outcome may be unknown:
run the same command again with the printed --idempotency-key), 4 local wallet or signing problem.`;

const OPTIONS = {
  wallet: { type: 'string' },
  gateway: { type: 'string' },
  identity: { type: 'string' },
  secret: { type: 'string' },
  account: { type: 'string' },
  currency: { type: 'string' },
  order: { type: 'string' },
  'store-account': { type: 'string' },
  amount: { type: 'string' },
  'order-file': { type: 'string' },
  'time-limit': { type: 'string' },
  'idempotency-key': { type: 'string' },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

type Flags = ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>['values'];

class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Runs one command; answers the exit code. */
export async function runWallet(argv: readonly string[], io: WalletIo): Promise<number> {
  let flags: Flags;
  let positionals: string[];
  try {
    ({ values: flags, positionals } = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true }));
  } catch (error: unknown) {
    io.err(`error: ${(error as Error).message}\n\n${HELP}`);
    return EXIT.USAGE;
  }
  const [command, ...rest] = positionals;
  if (flags.help === true || command === undefined || command === 'help') {
    (command === undefined && flags.help !== true ? io.err : io.out)(HELP);
    return command === undefined && flags.help !== true ? EXIT.USAGE : EXIT.OK;
  }
  const wallet = WalletStore.locate(flags.wallet, io.env);
  try {
    const run = COMMANDS[command];
    if (run === undefined) throw new UsageError(`unknown command ${command}`);
    await run({ flags, args: rest, wallet, io });
    return EXIT.OK;
  } catch (error: unknown) {
    return report(error, io);
  }
}

interface Context {
  readonly flags: Flags;
  readonly args: readonly string[];
  readonly wallet: WalletStore;
  readonly io: WalletIo;
}

const COMMANDS: Readonly<Record<string, (context: Context) => Promise<void>>> = {
  enroll: async ({ flags, wallet, io }) => {
    const gateway = required(flags.gateway, '--gateway');
    const identity = required(flags.identity, '--identity');
    const secret = required(
      flags.secret ?? io.env.ALLIANCE_ENROLLMENT_SECRET,
      '--secret (or ALLIANCE_ENROLLMENT_SECRET)',
    );
    if (await wallet.exists())
      throw new WalletError(`${wallet.dir} holds an enrolled wallet already: use another --wallet`);
    const enrolled = await enrollToFiles({
      baseUrl: gateway,
      identity,
      secret,
      keyFile: wallet.keyFile,
      certificateFile: wallet.certificateFile,
      ...(io.fetch ? { fetch: io.fetch } : {}),
    });
    await wallet.write({
      gateway,
      identity: enrolled.identity,
      ...(enrolled.party !== undefined ? { party: enrolled.party } : {}),
      apiKey: enrolled.apiKey,
    });
    print(io, flags, { identity: enrolled.identity, party: enrolled.party, wallet: wallet.dir }, [
      `enrolled ${enrolled.identity}`,
      `key ${wallet.keyFile} (mode 0600, never sent), certificate ${wallet.certificateFile}`,
    ]);
  },

  'open-account': async ({ flags, args, wallet, io }) => {
    const accountId = required(args[0], '<accountId>');
    const { client, config } = await open(wallet, io);
    const opened = await client.accounts.open({ accountId }, idempotency(flags, io));
    await wallet.write({ ...config, account: accountId });
    print(io, flags, opened, [`opened account ${accountId} (transaction ${opened.transactionId})`]);
  },

  balance: async ({ flags, wallet, io }) => {
    const { client, config } = await open(wallet, io);
    const balance = await client.accounts.balance(account(flags, config), required(flags.currency, '--currency'));
    print(io, flags, balance, [
      `${balance.accountId}: ${balance.available} ${balance.currency} available, ${balance.frozen} frozen in escrow`,
    ]);
  },

  pay: async ({ flags, wallet, io }) => {
    const { client, config } = await open(wallet, io);
    const storeOrderNo = required(flags.order, '--order');
    const order = flags['order-file'] === undefined ? undefined : await orderSnapshot(flags['order-file']);
    const timeLimit = flags['time-limit'] === undefined ? undefined : wholeNumber(flags['time-limit'], '--time-limit');
    const paid = await client.settlements.request(
      {
        storeOrderNo,
        buyerAccountId: account(flags, config),
        storeAccountId: required(flags['store-account'], '--store-account'),
        currency: required(flags.currency, '--currency'),
        amount: required(flags.amount, '--amount'),
        ...(timeLimit !== undefined ? { timeLimitSeconds: timeLimit } : {}),
        ...(order !== undefined ? { order } : {}),
      },
      idempotency(flags, io),
    );
    const { settlement } = paid.data;
    print(io, flags, paid, [
      `paid ${settlement.amount} ${settlement.currency} into escrow for order ${storeOrderNo}`,
      `settlement ${settlement.settlementNo} (${settlement.status}); confirm with: alliance-wallet confirm ${settlement.settlementNo}`,
    ]);
  },

  confirm: async ({ flags, args, wallet, io }) => {
    const settlementNo = required(args[0], '<settlementNo>');
    const { client } = await open(wallet, io);
    const amountToPay = flags.amount ?? (await client.settlements.get(settlementNo)).amount;
    const confirmed = await client.settlements.confirm(settlementNo, { amountToPay }, idempotency(flags, io));
    const { settlement } = confirmed.data;
    print(io, flags, confirmed, [
      `settlement ${settlementNo} ${settlement.status}: ${settlement.paidAmount} ${settlement.currency} paid to the store, ` +
        `${settlement.refundedAmount} refunded`,
    ]);
  },

  status: async ({ flags, args, wallet, io }) => {
    const settlementNo = required(args[0], '<settlementNo>');
    const { client } = await open(wallet, io);
    const settlement = await client.settlements.get(settlementNo);
    const order = await client.orders.get(settlement.store, settlement.storeOrderNo);
    print(io, flags, { settlement, order }, statusLines(settlement, order));
  },
};

function statusLines(settlement: Schema<'Settlement'>, order: Schema<'Order'>): string[] {
  const lines = [
    `settlement ${settlement.settlementNo}: ${settlement.status}`,
    `  ${settlement.amount} ${settlement.currency}: ${settlement.frozenAmount} frozen, ${settlement.paidAmount} paid, ` +
      `${settlement.refundedAmount} refunded`,
    `order ${order.storeOrderNo}: ${order.status}`,
  ];
  if (order.logistics) lines.push(`  shipped by ${order.logistics.carrier} ${order.logistics.trackingNo}`);
  if (order.releaseDeadline !== undefined) lines.push(`  released to the store on ${order.releaseDeadline}`);
  return lines;
}

async function open(wallet: WalletStore, io: WalletIo): Promise<{ client: AllianceClient; config: WalletConfig }> {
  const config = await wallet.read();
  let signer;
  try {
    signer = await loadPemSigner(wallet.keyFile);
  } catch (cause: unknown) {
    throw new WalletError(`cannot read the key ${wallet.keyFile}: ${(cause as Error).message}`, { cause });
  }
  const client = newAllianceClient({
    baseUrl: config.gateway,
    apiKey: config.apiKey,
    signer,
    ...(io.fetch ? { fetch: io.fetch } : {}),
  });
  return { client, config };
}

/** The command's idempotency key (given, or new), printed first so an unknown outcome can be retried. */
function idempotency(flags: Flags, io: WalletIo): { idempotencyKey: string } {
  const idempotencyKey = flags['idempotency-key'] ?? globalThis.crypto.randomUUID();
  if (flags.json !== true) io.err(`idempotency key ${idempotencyKey}`);
  return { idempotencyKey };
}

function account(flags: Flags, config: WalletConfig): string {
  return required(flags.account ?? config.account, '--account (or open-account to set a default)');
}

function required(value: string | undefined, name: string): string {
  if (value === undefined || value === '') throw new UsageError(`${name} is required`);
  return value;
}

function wholeNumber(value: string, name: string): number {
  if (!/^\d+$/.test(value)) throw new UsageError(`${name} must be a whole number`);
  return Number(value);
}

async function orderSnapshot(file: string): Promise<Schema<'OrderSnapshot'>> {
  try {
    return JSON.parse(await readFile(file, 'utf8')) as Schema<'OrderSnapshot'>;
  } catch (cause: unknown) {
    throw new WalletError(`cannot read the order ${file}: ${(cause as Error).message}`, { cause });
  }
}

function print(io: WalletIo, flags: Flags, value: unknown, lines: readonly string[]): void {
  if (flags.json === true) io.out(JSON.stringify(value, null, 2));
  else for (const line of lines) io.out(line);
}

/** The error as a person reads it, and its exit code. */
function report(error: unknown, io: WalletIo): number {
  if (error instanceof UsageError) {
    io.err(`error: ${error.message} (alliance-wallet --help)`);
    return EXIT.USAGE;
  }
  if (error instanceof ProblemError) {
    io.err(`error: ${error.code} (${error.status}): ${error.detail ?? error.title ?? ''}`);
    for (const field of error.errors) io.err(`  ${field.path}: ${field.message}`);
    if (error.transactionId !== undefined) io.err(`  transaction ${error.transactionId}`);
    if (error.retryable)
      io.err('  the outcome is not known yet: run the same command again with its --idempotency-key');
    return error.status >= 500 ? EXIT.UNAVAILABLE : EXIT.REFUSED;
  }
  if (error instanceof ConnectionError) {
    io.err(`error: ${error.message}`);
    io.err('  run the same command again with its --idempotency-key: it will not pay twice');
    return EXIT.UNAVAILABLE;
  }
  if (error instanceof SigningError || error instanceof WalletError) {
    io.err(`error: ${error.message}`);
    return EXIT.LOCAL;
  }
  const code = (error as NodeJS.ErrnoException).code;
  if (typeof code === 'string' && code.startsWith('E')) {
    io.err(`error: ${(error as Error).message}`);
    return EXIT.LOCAL;
  }
  throw error;
}

if (require.main === module) {
  runWallet(process.argv.slice(2), {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`),
    env: process.env,
  }).then(
    (code) => {
      process.exitCode = code;
    },
    (error: unknown) => {
      process.stderr.write(
        `alliance-wallet: unexpected failure: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
      );
      process.exitCode = 70;
    },
  );
}
