/** What the CLI prints, the same whether it reads the ledger files or asks a running devnet over gRPC. */
import type { DecodedBlock } from '../protocol';

export interface ChainSummary {
  readonly dataDir: string;
  readonly channelName: string;
  readonly mspIds: readonly string[];
  readonly height: bigint;
  readonly currentBlockHash: string;
  /** The endpoint asked, when the summary comes from a running devnet. */
  readonly peer?: string;
}

export function printChainSummary(summary: ChainSummary): void {
  console.log(`data directory  ${summary.dataDir}`);
  if (summary.peer !== undefined) console.log(`peer            ${summary.peer}`);
  console.log(`channel         ${summary.channelName}`);
  console.log(`organisations   ${summary.mspIds.join(', ')}`);
  console.log(`height          ${summary.height}`);
  console.log(`current block   ${summary.currentBlockHash}`);
}

export function printJson(value: unknown): void {
  console.log(
    JSON.stringify(
      value,
      (_key, v: unknown) => {
        if (typeof v === 'bigint') return v.toString();
        if (v instanceof Uint8Array) return Buffer.from(v).toString('base64');
        return v;
      },
      2,
    ),
  );
}

export function printBlock(block: DecodedBlock): void {
  printJson(block);
}

/** Reports an error on stderr; returns the exit code 1. */
export function fail(message: string): number {
  console.error(`devnet: ${message}`);
  return 1;
}

export function parseBlockNumber(text: string | undefined): bigint {
  if (!text || !/^(0|[1-9][0-9]*)$/.test(text)) throw new Error('usage: devnet block <number>');
  return BigInt(text);
}

/** `MSP:user` → [mspId, user]. */
export function parseAs(value: string | undefined): [string, string] | undefined {
  const parts = value?.split(':') ?? [];
  return parts.length === 2 && parts[0] && parts[1] ? [parts[0], parts[1]] : undefined;
}
