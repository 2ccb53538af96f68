import { existsSync } from 'node:fs';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import type { BatchOptions } from '@allianceledger/devnet';
import type { DevnetHost } from './devnet-host/devnet-host';
import { loadSigningIdentity } from '@allianceledger/fabric-protocol';
import type { Express } from 'express';
import type { Logger } from 'pino';
import { createApp } from './app';
import { ApiKeyStore, type IssuedApiKey } from './auth/api-key-store';
import { renderDemoKeyFile } from './auth/demo-key-file';
import { IdentityRegistry, type IdentityLocation } from './auth/identity-registry';
import { openJwtVerifier, type JwtVerifier } from './auth/jwt-verifier';
import { ApiKeyAdministration } from './api-keys/api-key-administration';
import type { GatewayConfig } from './config';
import { IdempotencyGuard } from './idempotency/idempotency-guard';
import { openIdempotencyStore } from './idempotency/idempotency-store';
import { EvidenceFileStore } from './evidence/evidence-file-store';
import { newFabricConnection } from './ledger/fabric-connection';
import { DeployedChaincode } from './ledger/deployed-chaincode';
import { FabricLedger } from './ledger/fabric-ledger';
import { readFabricNetworkFile } from './ledger/fabric-network-file';
import { CertificateAuthorities, type CertificateAuthorityConfig } from './identities/certificate-authority';
import { IdentityOnboarding } from './identities/identity-onboarding';
import { OnboardingStore } from './identities/onboarding-store';
import type { LedgerPort } from './ledger/ledger-port';
import { createMetrics } from './observability/metrics';
import { allRoutes } from './routes';
import { TransactionService } from './transactions/transaction-service';
import { Keeper } from './keeper/keeper';
import { JsonFileStore } from './common/json-file-store';
import { committedResponse } from './http/mount-routes';
import type { WriteRoute } from './http/route';
import { OfflineSigning, type OfflineSession } from './signing/offline-signing';
import { ViewerDirectory } from './visibility/viewer';
import { SessionStore } from './auth/session';
import { ExplorerService } from './explorer/explorer.service';
import type { NetworkDescription } from './explorer/network-view';

/** What a gateway hosting devnet offers of it. */
export type HostedDevnet = Pick<DevnetHost, 'address' | 'connectionFile' | 'upgradeChaincode'>;

/** API keys a start issued, in plain text, and the file (0600) it wrote them to. */
export interface IssuedKeys {
  /** `demo`: one key per identity (GATEWAY_DEMO); `bootstrap`: one per organisation admin identity. */
  readonly kind: 'demo' | 'bootstrap';
  readonly file: string;
  readonly keys: readonly IssuedApiKey[];
}

export interface Gateway {
  readonly app: Express;
  readonly ledger: LedgerPort;
  /** The deployed chaincode's definition and transactions, as the gateway last learned them. */
  readonly deployed: DeployedChaincode;
  /** The API keys this start issued; undefined when it issued none (they exist from an earlier start). */
  readonly issued: IssuedKeys | undefined;
  readonly identities: IdentityRegistry;
  readonly apiKeys: ApiKeyStore;
  /** Onboarding, enrolment and revocation of identities through their organisations' CAs. */
  readonly onboarding: IdentityOnboarding;
  readonly evidenceFiles: EvidenceFileStore;
  /** The deadline keeper, when enabled (GATEWAY_KEEPER). */
  readonly keeper: Keeper | undefined;
  /**
   * devnet's Fabric peer endpoint and the connection file describing it, when the gateway hosts devnet;
   * and its chaincode upgrade (a new version of the contracts, world state kept).
   */
  readonly devnet: HostedDevnet | undefined;
  close(): Promise<void>;
}

/** Test and tooling hooks for the embedded ledger. */
export interface DevnetOverrides {
  readonly batch?: Partial<BatchOptions>;
  /** Where the explorer's built files are (tests); defaults to the explorer package's `dist/`. */
  readonly explorerAssetsDir?: string;
}

/**
 * Told each slow step of a start as it begins; the function it returns is called when the step is done.
 * `make start` prints them, so a first start (identities created, the ledger opened) is not silent.
 */
export type StartProgress = (step: string) => () => void;

const quiet: StartProgress = () => () => undefined;

/** Wires the gateway: ledger, identities, credentials, idempotency store, metrics and the Express app. */
export async function openGateway(
  config: GatewayConfig,
  logger: Logger,
  overrides: DevnetOverrides = {},
  progress: StartProgress = quiet,
): Promise<Gateway> {
  // The data directory holds signing keys, API key hashes, idempotency records and evidence originals:
  // what the gateway creates there is for its own user only (0700 directories, 0600 files).
  await mkdir(config.dataDir, { recursive: true, mode: 0o700 });
  const gatewayDir = path.join(config.dataDir, 'gateway');
  await mkdir(gatewayDir, { recursive: true, mode: 0o700 });
  const opened =
    config.ledger === 'devnet'
      ? await openDevnetLedger(config, overrides, progress)
      : await openFabricLedger(config.fabricConnectionFile, 'fabric', progress);
  const { ledger, locations, certificateAuthorities } = opened;
  const closers: (() => Promise<void>)[] = [() => opened.close()];
  try {
    const identities = await IdentityRegistry.open(locations, path.join(gatewayDir, 'identities'));
    const apiKeys = await ApiKeyStore.open(path.join(gatewayDir, 'api-keys.json'));
    closers.unshift(() => apiKeys.close());
    const onboardingStore = await OnboardingStore.open(path.join(gatewayDir, 'onboarding.json'));
    const issued = await issueStartKeys(config.demo, apiKeys, identities, gatewayDir, logger);
    const store = await openIdempotencyStore(path.join(gatewayDir, 'idempotency-records'));
    closers.unshift(() => store.close());
    const evidenceFiles = await EvidenceFileStore.open({
      dir: path.join(gatewayDir, 'evidence'),
      maxBytes: config.evidenceMaxBytes,
      quotaBytes: config.evidenceQuotaBytes,
    });
    if (evidenceFiles.legacyFiles > 0) {
      logger.warn(
        { dir: evidenceFiles.dir, files: evidenceFiles.legacyFiles },
        'evidence files in the earlier flat layout are not served (originals are kept per uploader now)',
      );
    }
    const metrics = createMetrics();
    const sessions = new SessionStore({
      ttlMs: config.sessionTtlMs,
      // Ends a session at its next use once its identity, or the API key it was opened with, is revoked
      // (a rotation revokes the old key).
      isRevoked: (principal) =>
        !identities.isActive(principal.identity) ||
        (principal.id.startsWith('key:') && apiKeys.get(principal.id.slice('key:'.length))?.revokedAt !== undefined),
    });
    const explorer = new ExplorerService({ ledger, network: opened.network, metrics });
    const deployed = new DeployedChaincode({ ledger });
    const transactions = new TransactionService({
      ledger,
      identities,
      metrics,
      commitTimeoutMs: config.commitTimeoutMs,
      deployed,
    });
    const idempotency = new IdempotencyGuard({ store, ledger, commitTimeoutMs: config.commitTimeoutMs });
    const keeper = config.keeper.enabled
      ? new Keeper({
          transactions,
          identity: keeperIdentity(config.keeper.identity, identities),
          intervalMs: config.keeper.intervalMs,
          metrics,
          logger,
        })
      : undefined;
    if (keeper) closers.unshift(() => keeper.stop());
    const viewers = new ViewerDirectory({ transactions, identities });
    const onboarding = new IdentityOnboarding({
      identities,
      authorities: new CertificateAuthorities(certificateAuthorities),
      store: onboardingStore,
      apiKeys,
      transactions,
      viewers,
      enrollmentSecretTtlMs: config.enrollmentSecretTtlMs,
    });
    const app = createApp({
      ledger,
      transactions,
      idempotency,
      identities,
      apiKeys,
      jwt: await jwtVerifierOf(config),
      metrics,
      logger,
      routes: allRoutes,
      openApiDocument: async () => (await import('./openapi/gateway-document')).openApiDocument,
      bodyLimit: config.bodyLimit,
      rateLimitPerMinute: config.rateLimitPerMinute,
      unauthenticatedRateLimitPerMinute: config.unauthenticatedRateLimitPerMinute,
      eventStreamsPerCredential: config.eventStreamsPerCredential,
      evidenceFiles,
      viewers,
      offlineSigning: new OfflineSigning({
        ledger,
        identities,
        transactions,
        store: await JsonFileStore.open<OfflineSession>(path.join(gatewayDir, 'offline-signing'), {
          retentionMs: 24 * 60 * 60 * 1000,
        }),
        writeRoutes: new Map(
          allRoutes.filter((r): r is WriteRoute => r.kind === 'write').map((r) => [r.operationId, r]),
        ),
        commitTimeoutMs: config.commitTimeoutMs,
        committedResponse,
      }),
      services: {
        onboarding,
        apiKeys: new ApiKeyAdministration({ apiKeys, identities, onboarding: onboardingStore, viewers }),
      },
      ...(keeper ? { keeper } : {}),
      sessions,
      explorer,
      deployed,
      explorerAssetsDir: overrides.explorerAssetsDir,
    });
    keeper?.start();
    return {
      app,
      ledger,
      deployed,
      issued,
      identities,
      apiKeys,
      onboarding,
      evidenceFiles,
      keeper,
      devnet: opened.devnet,
      close: async () => {
        for (const close of closers) await close();
      },
    };
  } catch (err) {
    for (const close of closers) await close();
    throw err;
  }
}

/**
 * devnet in this process, served as a Fabric peer on loopback gRPC: the gateway then reaches it exactly as
 * it reaches Fabric, through the connection file devnet writes. Loaded on demand, so that a gateway on a
 * real network never loads devnet, fabric-shim, the contracts or LevelDB.
 */
async function openDevnetLedger(
  config: GatewayConfig,
  overrides: DevnetOverrides,
  progress: StartProgress,
): Promise<OpenedLedger> {
  const loaded = progress('loading devnet and the contracts');
  const { openDevnetHost } = await import('./devnet-host/devnet-host');
  loaded();
  const host = await openDevnetHost(
    {
      dataDir: config.dataDir,
      chaincodeName: config.chaincodeName,
      port: config.devnetPort,
      chaincodeLogLevel: config.chaincodeLogLevel,
      ...(overrides.batch ? { batch: overrides.batch } : {}),
    },
    progress,
  );
  try {
    const opened = await openFabricLedger(host.connectionFile, 'devnet', progress);
    return {
      ...opened,
      network: {
        ...opened.network,
        peers: opened.network.peers.map((p) => ({ ...p, name: `devnet peer of ${p.mspId}` })),
        orderers: [{ name: 'devnet orderer (solo)', mspId: 'OrdererMSP', endpoint: host.address }],
        emulation:
          `devnet: one process serves the Fabric peer API at ${host.address} for a peer of each organisation ` +
          '(one shared ledger) and orders blocks itself (a solo orderer); it has no operations endpoints',
      },
      devnet: {
        address: host.address,
        connectionFile: host.connectionFile,
        upgradeChaincode: (upgrade) => host.upgradeChaincode(upgrade),
      },
      close: async () => {
        await opened.ledger.close();
        await host.close();
      },
    };
  } catch (err) {
    await host.close();
    throw err;
  }
}

/** A ledger the gateway opened, the identities it holds there, and how to close both. */
interface OpenedLedger {
  readonly ledger: LedgerPort;
  readonly locations: readonly IdentityLocation[];
  /** Each organisation's CA and registrar, when the connection file names them. */
  readonly certificateAuthorities: readonly CertificateAuthorityConfig[];
  /** devnet's gRPC endpoint and connection file, when the gateway hosts devnet. */
  readonly devnet?: HostedDevnet;
  /** What the explorer's network view shows. */
  readonly network: NetworkDescription;
  close(): Promise<void>;
}

async function openFabricLedger(
  connectionFile: string | undefined,
  kind: string,
  progress: StartProgress,
): Promise<OpenedLedger> {
  if (!connectionFile) throw new Error('FABRIC_CONNECTION is required with GATEWAY_LEDGER=fabric');
  const done = progress(`connecting through fabric-gateway (${connectionFile})`);
  const network = await readFabricNetworkFile(connectionFile);
  const reader = network.identities.find((i) => i.name === network.reader);
  if (!reader) throw new Error(`reader identity ${network.reader} not found`);
  const connection = newFabricConnection({
    channelName: network.channelName,
    chaincodeName: network.chaincodeName,
    peers: network.peers,
    ...(network.deadlines ? { deadlines: network.deadlines } : {}),
  });
  const identity = await loadSigningIdentity(reader.mspDir, reader.mspId);
  const ledger = new FabricLedger({ connection, identity, kind });
  done();
  return {
    ledger,
    locations: network.identities,
    certificateAuthorities: network.certificateAuthorities ?? [],
    network: {
      ledger: kind,
      channel: network.channelName,
      chaincode: network.chaincodeName,
      peers: network.peers.map((p) => ({
        name: p.name ?? `${p.mspId} peer at ${p.endpoint}`,
        mspId: p.mspId,
        endpoint: p.endpoint,
        ...(p.operationsUrl ? { operationsUrl: p.operationsUrl } : {}),
      })),
      orderers: network.orderers ?? [],
    },
    close: () => ledger.close(),
  };
}

/** The bearer-token verifier, when JWT is configured (only then is `jose` loaded). */
async function jwtVerifierOf(config: GatewayConfig): Promise<JwtVerifier | undefined> {
  if (config.jwtSecret === undefined && config.jwtJwks === undefined) return undefined;
  return openJwtVerifier({
    ...(config.jwtSecret === undefined ? {} : { secret: config.jwtSecret }),
    ...(config.jwtJwks === undefined ? {} : { jwks: config.jwtJwks }),
    identityClaim: config.jwtIdentityClaim,
  });
}

/** The keeper's identity: the configured one, else the first organisation admin the gateway holds. */
function keeperIdentity(configured: string | undefined, identities: IdentityRegistry): string {
  const name = configured ?? identities.names().find((n) => n.endsWith(':Admin'));
  if (name === undefined || !identities.has(name)) {
    throw new Error(
      configured === undefined
        ? 'the keeper needs an identity: set GATEWAY_KEEPER_IDENTITY, or GATEWAY_KEEPER=false'
        : `GATEWAY_KEEPER_IDENTITY ${configured} is not an identity this gateway holds`,
    );
  }
  return name;
}

/**
 * The keys a start issues, written in plain text (0600) beside the hashed store:
 *
 * - demo mode, while there is no demo key file: one key per identity, for local development (also when
 *   an earlier start outside demo mode issued bootstrap keys);
 * - otherwise, on the very first start (no key at all): one key per organisation admin identity, what an
 *   operator needs to bootstrap, and nothing for anyone else. Only the file and the identities are logged.
 */
async function issueStartKeys(
  demo: boolean,
  apiKeys: ApiKeyStore,
  identities: IdentityRegistry,
  gatewayDir: string,
  logger: Logger,
): Promise<IssuedKeys | undefined> {
  if (demo) {
    const file = demoKeyFile(gatewayDir);
    if (existsSync(file)) return undefined;
    const keys = await issueKeys(apiKeys, identities.names(), 'demo key');
    await writeKeyFile(file, keys);
    logger.info({ file, identities: keys.map((k) => k.identity) }, 'issued demo API keys, one per identity');
    return { kind: 'demo', file, keys };
  }
  if (apiKeys.size > 0) return undefined;
  const admins = identities.adminNames();
  if (admins.length === 0) {
    logger.warn('no organisation admin identity (<MSP>:Admin) to issue a bootstrap API key for');
    return undefined;
  }
  const file = bootstrapKeyFile(gatewayDir);
  const keys = await issueKeys(apiKeys, admins, 'bootstrap key');
  await writeKeyFile(file, keys);
  logger.info({ file, identities: admins }, 'issued bootstrap API keys for the organisation admins');
  return { kind: 'bootstrap', file, keys };
}

async function issueKeys(apiKeys: ApiKeyStore, names: readonly string[], label: string): Promise<IssuedApiKey[]> {
  const keys: IssuedApiKey[] = [];
  for (const name of names) keys.push(await apiKeys.issue(name, `${label} for ${name}`));
  return keys;
}

/** Writes plain-text keys to a fresh 0600 file, renamed into place: never readable by others, not even briefly. */
async function writeKeyFile(file: string, keys: readonly IssuedApiKey[]): Promise<void> {
  const tmp = `${file}.tmp`;
  await rm(tmp, { force: true });
  await writeFile(tmp, renderDemoKeyFile(keys), { mode: 0o600, flag: 'wx' });
  await rename(tmp, file);
}

/** Where demo mode writes its API keys (one per identity), in plain text (0600), for local development. */
export function demoKeyFile(gatewayDir: string): string {
  return path.join(gatewayDir, 'demo-api-keys.txt');
}

/** Where the first start outside demo mode writes the organisation admins' API keys, in plain text (0600). */
export function bootstrapKeyFile(gatewayDir: string): string {
  return path.join(gatewayDir, 'bootstrap-api-keys.txt');
}
