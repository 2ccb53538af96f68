import type { IssuedKeys } from './gateway';

export interface StartupBannerInput {
  readonly base: string;
  readonly ledgerKind: string;
  readonly dataDir: string;
  /** What this start issued, if anything. */
  readonly issued: IssuedKeys | undefined;
  /** The key file of an earlier start, when this one issued none and it is still there. */
  readonly earlierKeyFile: string | undefined;
  /** devnet's Fabric peer endpoint and connection file, when the gateway hosts devnet. */
  readonly devnet?: { readonly address: string; readonly connectionFile: string };
}

/**
 * What the gateway prints when it is listening. Secrets appear only for demo keys (local development);
 * bootstrap keys are named and located, never shown.
 */
export function startupBanner(input: StartupBannerInput): string[] {
  const { base, issued } = input;
  const lines = [
    `AllianceLedger gateway on ${input.ledgerKind} (${input.dataDir})`,
    `  explorer ${base}/explorer/   (sign in with an API key)`,
    `  API      ${base}/api/v1`,
    `  docs     ${base}/docs`,
    `  OpenAPI  ${base}/openapi.json`,
    `  health   ${base}/healthz   ready ${base}/readyz   metrics ${base}/metrics`,
  ];
  if (input.devnet) {
    lines.push(
      `  devnet   Fabric peer API (gRPC, TLS) at ${input.devnet.address}: any fabric-gateway application can`,
      `           connect to it as described in ${input.devnet.connectionFile}`,
    );
  }
  if (issued?.kind === 'demo') {
    lines.push('', `Demo API keys (shown once; also in ${issued.file}):`);
    for (const k of issued.keys) lines.push(`  ${k.identity.padEnd(24)} ${k.key}`);
  } else if (issued?.kind === 'bootstrap') {
    lines.push(
      '',
      `Bootstrap API keys for ${issued.keys.map((k) => k.identity).join(', ')} are in ${issued.file}`,
      '(mode 0600; not shown here): hand each to its organisation administrator, then delete the file.',
    );
  } else if (input.earlierKeyFile !== undefined) {
    lines.push(`  API keys ${input.earlierKeyFile}`);
  }
  return lines;
}
