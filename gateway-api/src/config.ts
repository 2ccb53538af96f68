import * as path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/** Gateway configuration from the environment, validated once at boot. */
const ConfigSchema = z.object({
  GATEWAY_HOST: z.string().default('127.0.0.1'),
  GATEWAY_PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** PEM certificate (chain) and private key: the gateway serves HTTPS with them. Both or neither. */
  GATEWAY_TLS_CERT_FILE: z.string().min(1).optional(),
  GATEWAY_TLS_KEY_FILE: z.string().min(1).optional(),
  GATEWAY_DATA_DIR: z.string().default('.devnet'),
  /** `devnet` (embedded, default) or `fabric` (a real network described by FABRIC_CONNECTION). */
  GATEWAY_LEDGER: z.enum(['devnet', 'fabric']).default('devnet'),
  /** JSON file describing the Fabric network: channel, chaincode, peers and identities. */
  FABRIC_CONNECTION: z.string().optional(),
  CHAINCODE_NAME: z.string().default('alliance'),
  /** devnet's gRPC endpoint (a Fabric peer's API) on 127.0.0.1, with `GATEWAY_LEDGER=devnet`; 0 picks a free port. */
  GATEWAY_DEVNET_PORT: z.coerce.number().int().min(0).max(65535).default(7051),
  /** HS256 secret for JWT bearer tokens; JWT auth is off when unset. */
  GATEWAY_JWT_SECRET: z.string().min(32, 'GATEWAY_JWT_SECRET must be at least 32 characters').optional(),
  /** An OIDC provider's JWKS: RS256/ES256 bearer tokens verified with its keys (with issuer and audience). */
  GATEWAY_JWT_JWKS_URL: z
    .url({ protocol: /^https?$/ })
    .refine(
      (url) => url.startsWith('https:') || /^http:\/\/(127\.0\.0\.1|localhost|\[::1\])(:|\/|$)/.test(url),
      'GATEWAY_JWT_JWKS_URL must be https (plain http only on the loopback interface)',
    )
    .optional(),
  /** The `iss` a provider's token must carry. */
  GATEWAY_JWT_ISSUER: z.string().min(1).optional(),
  /** The `aud` a provider's token must name. */
  GATEWAY_JWT_AUDIENCE: z.string().min(1).optional(),
  /** The claim that names the member identity (`EcommerceMSP:store1`), in every kind of token. */
  GATEWAY_JWT_IDENTITY_CLAIM: z.string().min(1).default('identity'),
  /** How long a self-custody identity's one-time enrollment secret is accepted (1 minute – 30 days). */
  GATEWAY_ENROLLMENT_SECRET_TTL_SECONDS: z.coerce
    .number()
    .int()
    .min(60)
    .max(30 * 24 * 3600)
    .default(24 * 3600),
  GATEWAY_RATE_LIMIT_PER_MINUTE: z.coerce.number().int().positive().default(600),
  /** Requests a minute per client address that may fail authentication before the address is refused (429). */
  GATEWAY_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE: z.coerce.number().int().positive().default(120),
  /** Open `GET /api/v1/events` streams one credential may hold at once. */
  GATEWAY_EVENT_STREAMS_PER_CREDENTIAL: z.coerce.number().int().positive().default(5),
  GATEWAY_BODY_LIMIT: z.string().default('256kb'),
  /** How long a browser session (`POST /api/v1/sessions`) lasts from sign-in. */
  GATEWAY_SESSION_TTL_MS: z.coerce
    .number()
    .int()
    .min(60_000)
    .max(7 * 24 * 3_600_000)
    .default(8 * 3_600_000),
  /** Largest evidence file `POST /evidence/files` stores (and `POST /evidence/file-verifications` hashes), in bytes. */
  GATEWAY_EVIDENCE_MAX_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 40)
    .default(10 * 1024 * 1024),
  /** Total bytes the evidence originals may take on disk; an upload that does not fit is refused (507). */
  GATEWAY_EVIDENCE_QUOTA_BYTES: z.coerce
    .number()
    .int()
    .positive()
    .max(2 ** 50)
    .default(2 ** 30),
  GATEWAY_LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  GATEWAY_COMMIT_TIMEOUT_MS: z.coerce.number().int().positive().default(60000),
  /** How long a client may take to send a request's headers (slow-loris defence); at most the request timeout. */
  GATEWAY_HEADERS_TIMEOUT_MS: z.coerce.number().int().positive().default(20_000),
  /**
   * How long a client may take to send a whole request, body included (Node's `requestTimeout`). It bounds
   * receiving the request only: a response may stream longer (the event stream does).
   */
  GATEWAY_REQUEST_TIMEOUT_MS: z.coerce.number().int().positive().default(120_000),
  /** How long an idle keep-alive connection stays open after a response. */
  GATEWAY_KEEP_ALIVE_TIMEOUT_MS: z.coerce.number().int().positive().default(5_000),
  /**
   * Demo mode (`make demo`): one API key per identity, printed and written to `demo-api-keys.txt`, and
   * demo data seeded on devnet. Otherwise the first start issues keys for the organisation admins only.
   */
  GATEWAY_DEMO: bool.default(false),
  /** Run the deadline keeper in this gateway (default on). */
  GATEWAY_KEEPER: bool.default(true),
  /** Pause between keeper rounds. */
  GATEWAY_KEEPER_INTERVAL_MS: z.coerce.number().int().min(50).max(3_600_000).default(2000),
  /** The identity the keeper signs with; defaults to the first organisation admin the gateway holds. */
  GATEWAY_KEEPER_IDENTITY: z.string().optional(),
  /**
   * fabric-shim's log level inside the embedded chaincode. Refused transactions are expected traffic
   * (the gateway logs them as problems), so by default only critical messages pass.
   */
  CHAINCODE_LOG_LEVEL: z.enum(['CRITICAL', 'ERROR', 'WARNING', 'INFO', 'DEBUG']).default('CRITICAL'),
});

export type GatewayConfig = Readonly<{
  host: string;
  port: number;
  /** HTTPS with this certificate and key; plain HTTP when unset. */
  tls: Readonly<{ certFile: string; keyFile: string }> | undefined;
  dataDir: string;
  ledger: 'devnet' | 'fabric';
  fabricConnectionFile: string | undefined;
  chaincodeName: string;
  devnetPort: number;
  jwtSecret: string | undefined;
  /** An OIDC provider's key set and the issuer and audience its tokens must carry. */
  jwtJwks: { url: string; issuer: string; audience: string } | undefined;
  jwtIdentityClaim: string;
  enrollmentSecretTtlMs: number;
  rateLimitPerMinute: number;
  unauthenticatedRateLimitPerMinute: number;
  eventStreamsPerCredential: number;
  bodyLimit: string;
  sessionTtlMs: number;
  evidenceMaxBytes: number;
  evidenceQuotaBytes: number;
  logLevel: string;
  commitTimeoutMs: number;
  serverTimeouts: ServerTimeouts;
  demo: boolean;
  keeper: { enabled: boolean; intervalMs: number; identity: string | undefined };
  chaincodeLogLevel: string;
}>;

/** The Node HTTP server's timeouts (see `http/http-server.ts`). */
export type ServerTimeouts = Readonly<{
  headersTimeoutMs: number;
  requestTimeoutMs: number;
  keepAliveTimeoutMs: number;
}>;

export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/** Both files (HTTPS) or neither (HTTP). */
function tlsFiles(certFile: string | undefined, keyFile: string | undefined): GatewayConfig['tls'] {
  if (certFile && keyFile) return { certFile, keyFile };
  if (certFile || keyFile) {
    throw new ConfigError(
      'invalid gateway configuration:\n  GATEWAY_TLS_CERT_FILE, GATEWAY_TLS_KEY_FILE: set both (HTTPS) or neither (HTTP)',
    );
  }
  return undefined;
}

export function loadConfig(env: NodeJS.ProcessEnv): GatewayConfig {
  const parsed = ConfigSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new ConfigError(`invalid gateway configuration:\n${lines.join('\n')}`);
  }
  const c = parsed.data;
  if (c.GATEWAY_LEDGER === 'fabric' && !c.FABRIC_CONNECTION) {
    throw new ConfigError('invalid gateway configuration:\n  FABRIC_CONNECTION: required when GATEWAY_LEDGER=fabric');
  }
  if (c.GATEWAY_JWT_JWKS_URL && (!c.GATEWAY_JWT_ISSUER || !c.GATEWAY_JWT_AUDIENCE)) {
    throw new ConfigError(
      'invalid gateway configuration:\n  GATEWAY_JWT_ISSUER, GATEWAY_JWT_AUDIENCE: required with GATEWAY_JWT_JWKS_URL',
    );
  }
  if (c.GATEWAY_HEADERS_TIMEOUT_MS > c.GATEWAY_REQUEST_TIMEOUT_MS) {
    throw new ConfigError(
      'invalid gateway configuration:\n  GATEWAY_HEADERS_TIMEOUT_MS: must not exceed GATEWAY_REQUEST_TIMEOUT_MS',
    );
  }
  return {
    host: c.GATEWAY_HOST,
    port: c.GATEWAY_PORT,
    tls: tlsFiles(c.GATEWAY_TLS_CERT_FILE, c.GATEWAY_TLS_KEY_FILE),
    dataDir: path.resolve(c.GATEWAY_DATA_DIR),
    ledger: c.GATEWAY_LEDGER,
    fabricConnectionFile: c.FABRIC_CONNECTION,
    chaincodeName: c.CHAINCODE_NAME,
    devnetPort: c.GATEWAY_DEVNET_PORT,
    jwtSecret: c.GATEWAY_JWT_SECRET,
    jwtJwks:
      c.GATEWAY_JWT_JWKS_URL && c.GATEWAY_JWT_ISSUER && c.GATEWAY_JWT_AUDIENCE
        ? { url: c.GATEWAY_JWT_JWKS_URL, issuer: c.GATEWAY_JWT_ISSUER, audience: c.GATEWAY_JWT_AUDIENCE }
        : undefined,
    jwtIdentityClaim: c.GATEWAY_JWT_IDENTITY_CLAIM,
    enrollmentSecretTtlMs: c.GATEWAY_ENROLLMENT_SECRET_TTL_SECONDS * 1000,
    rateLimitPerMinute: c.GATEWAY_RATE_LIMIT_PER_MINUTE,
    unauthenticatedRateLimitPerMinute: c.GATEWAY_RATE_LIMIT_UNAUTHENTICATED_PER_MINUTE,
    eventStreamsPerCredential: c.GATEWAY_EVENT_STREAMS_PER_CREDENTIAL,
    bodyLimit: c.GATEWAY_BODY_LIMIT,
    sessionTtlMs: c.GATEWAY_SESSION_TTL_MS,
    evidenceMaxBytes: c.GATEWAY_EVIDENCE_MAX_BYTES,
    evidenceQuotaBytes: c.GATEWAY_EVIDENCE_QUOTA_BYTES,
    logLevel: c.GATEWAY_LOG_LEVEL,
    commitTimeoutMs: c.GATEWAY_COMMIT_TIMEOUT_MS,
    serverTimeouts: {
      headersTimeoutMs: c.GATEWAY_HEADERS_TIMEOUT_MS,
      requestTimeoutMs: c.GATEWAY_REQUEST_TIMEOUT_MS,
      keepAliveTimeoutMs: c.GATEWAY_KEEP_ALIVE_TIMEOUT_MS,
    },
    demo: c.GATEWAY_DEMO,
    keeper: {
      enabled: c.GATEWAY_KEEPER,
      intervalMs: c.GATEWAY_KEEPER_INTERVAL_MS,
      identity: c.GATEWAY_KEEPER_IDENTITY,
    },
    chaincodeLogLevel: c.CHAINCODE_LOG_LEVEL,
  };
}
