import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as grpc from '@grpc/grpc-js';
import {
  connect,
  GatewayError,
  hash,
  type ConnectOptions,
  type Gateway,
  type GrpcClient,
  type Network,
} from '@hyperledger/fabric-gateway';
import { LedgerUnavailable } from './ledger-errors';
import type { SigningIdentity } from './ledger-port';

/** One Fabric Gateway peer the REST gateway may connect to. */
export interface FabricPeerEndpoint {
  /** The organisation the peer belongs to; identities of this MSP use it first. */
  readonly mspId: string;
  /** `host:port` of the peer's gRPC endpoint. */
  readonly endpoint: string;
  /** PEM file of the CA that issued the peer's TLS certificate. */
  readonly tlsRootCertPath: string;
  /** The host name in the peer's TLS certificate, when it differs from the endpoint's host. */
  readonly hostAlias?: string;
}

/** gRPC deadlines per stage of a transaction, in milliseconds. */
export interface FabricDeadlines {
  readonly evaluateMs: number;
  readonly endorseMs: number;
  readonly submitMs: number;
  readonly commitStatusMs: number;
}

/** fabric-samples' deadlines: 5 s evaluate, 15 s endorse, 5 s submit, 60 s commit status. */
export const DEFAULT_DEADLINES: FabricDeadlines = Object.freeze({
  evaluateMs: 5_000,
  endorseMs: 15_000,
  submitMs: 5_000,
  commitStatusMs: 60_000,
});

/** fabric-gateway's `connect`, or a fake of it in tests. */
export type ConnectFunction = (options: Readonly<ConnectOptions>) => Gateway;

/** Opens the gRPC client of one peer endpoint. */
export type GrpcClientFactory = (peer: FabricPeerEndpoint) => Promise<GrpcClient>;

export interface FabricConnectionOptions {
  readonly channelName: string;
  readonly chaincodeName: string;
  /** Every gateway peer that may be used, of any organisation; at least one. */
  readonly peers: readonly FabricPeerEndpoint[];
  /** Per-stage deadlines; unset stages take {@link DEFAULT_DEADLINES}. */
  readonly deadlines?: Partial<FabricDeadlines>;
  /** Defaults to fabric-gateway's `connect`. */
  readonly connect?: ConnectFunction;
  /** Defaults to {@link newGrpcClient}. */
  readonly newGrpcClient?: GrpcClientFactory;
}

/**
 * The gateway's one connection to a Fabric network: a gRPC client per peer endpoint, shared by every
 * identity, and a fabric-gateway `Gateway` per identity and peer. Both are created on first use.
 *
 * @example
 * ```ts
 * const connection = newFabricConnection({ channelName: 'alliance', chaincodeName: 'alliance', peers });
 * const result = await connection.withNetwork(signer, (network) =>
 *   network.getContract(connection.chaincodeName).evaluate('wallets:GetWallet', { arguments: [input] }),
 * );
 * ```
 */
export interface FabricConnection {
  readonly channelName: string;
  readonly chaincodeName: string;
  /**
   * The channel as seen by `signer` through each gateway peer in the order to try them: the peers of
   * the signer's organisation first (in configured order), then the others.
   */
  networks(signer: SigningIdentity): AsyncIterable<Network>;
  /**
   * Runs `action` on the channel as `signer` through the first peer of {@link networks}; when it fails
   * because the peer was unreachable before anything reached the orderer ({@link isFailoverError}),
   * runs it again through the next peer. Throws the last failure when every peer failed that way. The
   * action also receives the peer's `Gateway`, for signed-transaction work (`newSignedTransaction`).
   */
  withNetwork<T>(signer: SigningIdentity, action: (network: Network, gateway: Gateway) => Promise<T>): Promise<T>;
  /** The gateway peers, as configured. */
  readonly peers: readonly FabricPeerEndpoint[];
  /** Runs `action` on the channel as `signer` through this one peer, with no failover (a peer's own view). */
  atPeer<T>(signer: SigningIdentity, peer: FabricPeerEndpoint, action: (network: Network) => Promise<T>): Promise<T>;
  /** Closes every gateway, then every gRPC client. Later calls reject with {@link LedgerUnavailable}. */
  close(): Promise<void>;
}

/** Connects lazily: nothing is dialled until the first call. */
export function newFabricConnection(options: Readonly<FabricConnectionOptions>): FabricConnection {
  return new FabricConnectionImpl(options);
}

/**
 * A failure worth retrying on another gateway peer: the peer (or, through it, the endorsers) was
 * UNAVAILABLE and the transaction never reached the orderer. The gateway peer collects endorsements
 * itself, so an endorsement retried elsewhere is a fresh proposal; a failed submit to the orderer is
 * never retried, because the transaction may already be ordered.
 */
export function isFailoverError(err: unknown): boolean {
  return (
    err instanceof GatewayError &&
    err.code === (grpc.status.UNAVAILABLE as number) &&
    err.name !== 'SubmitError' &&
    err.name !== 'CommitStatusError'
  );
}

/** A TLS gRPC client for one peer, as in fabric-samples: the CA from the file, the host alias as TLS name. */
export async function newGrpcClient(peer: FabricPeerEndpoint): Promise<GrpcClient> {
  const tlsRootCert = await readFile(peer.tlsRootCertPath);
  const channelOptions: grpc.ChannelOptions = peer.hostAlias ? { 'grpc.ssl_target_name_override': peer.hostAlias } : {};
  return new grpc.Client(peer.endpoint, grpc.credentials.createSsl(tlsRootCert), channelOptions);
}

class FabricConnectionImpl implements FabricConnection {
  readonly channelName: string;
  readonly chaincodeName: string;
  readonly #peers: readonly FabricPeerEndpoint[];
  readonly #deadlines: FabricDeadlines;
  readonly #connect: ConnectFunction;
  readonly #newGrpcClient: GrpcClientFactory;
  /** By endpoint; a promise so that concurrent first calls share one client. */
  readonly #clients = new Map<string, Promise<GrpcClient>>();
  /** By {@link gatewayKey}. */
  readonly #gateways = new Map<string, Gateway>();
  #closed = false;

  constructor(options: Readonly<FabricConnectionOptions>) {
    if (options.peers.length === 0) throw new Error('a Fabric connection needs at least one peer');
    this.channelName = options.channelName;
    this.chaincodeName = options.chaincodeName;
    this.#peers = [...options.peers];
    this.#deadlines = { ...DEFAULT_DEADLINES, ...options.deadlines };
    this.#connect = options.connect ?? connect;
    this.#newGrpcClient = options.newGrpcClient ?? newGrpcClient;
  }

  async *networks(signer: SigningIdentity): AsyncGenerator<Network> {
    for await (const gateway of this.#gatewaysInOrder(signer)) yield gateway.getNetwork(this.channelName);
  }

  async withNetwork<T>(
    signer: SigningIdentity,
    action: (network: Network, gateway: Gateway) => Promise<T>,
  ): Promise<T> {
    let failure: unknown;
    for await (const gateway of this.#gatewaysInOrder(signer)) {
      try {
        return await action(gateway.getNetwork(this.channelName), gateway);
      } catch (err) {
        if (!isFailoverError(err)) throw err;
        failure = err;
      }
    }
    throw failure;
  }

  get peers(): readonly FabricPeerEndpoint[] {
    return this.#peers;
  }

  async atPeer<T>(
    signer: SigningIdentity,
    peer: FabricPeerEndpoint,
    action: (network: Network) => Promise<T>,
  ): Promise<T> {
    const gateway = await this.#gateway(signer, peer);
    return action(gateway.getNetwork(this.channelName));
  }

  /** A gateway per peer in the order to try them: the signer's organisation's peers first. */
  async *#gatewaysInOrder(signer: SigningIdentity): AsyncGenerator<Gateway> {
    const mspId = signer.identity.mspId;
    const ordered = [...this.#peers.filter((p) => p.mspId === mspId), ...this.#peers.filter((p) => p.mspId !== mspId)];
    for (const peer of ordered) yield await this.#gateway(signer, peer);
  }

  async close(): Promise<void> {
    if (this.#closed) return;
    this.#closed = true;
    for (const gateway of this.#gateways.values()) gateway.close();
    this.#gateways.clear();
    const clients = await Promise.allSettled(this.#clients.values());
    this.#clients.clear();
    for (const client of clients) if (client.status === 'fulfilled') client.value.close();
  }

  async #gateway(signer: SigningIdentity, peer: FabricPeerEndpoint): Promise<Gateway> {
    const key = gatewayKey(signer, peer);
    let gateway = this.#gateways.get(key);
    if (gateway) return gateway;
    const client = await this.#client(peer);
    this.#assertOpen();
    // Another call may have connected while this one waited for the client.
    gateway = this.#gateways.get(key);
    if (gateway) return gateway;
    const deadlines = this.#deadlines;
    gateway = this.#connect({
      client,
      identity: signer.identity,
      signer: signer.signer,
      hash: signer.hash === 'none' ? hash.none : hash.sha256,
      evaluateOptions: () => ({ deadline: Date.now() + deadlines.evaluateMs }),
      endorseOptions: () => ({ deadline: Date.now() + deadlines.endorseMs }),
      submitOptions: () => ({ deadline: Date.now() + deadlines.submitMs }),
      commitStatusOptions: () => ({ deadline: Date.now() + deadlines.commitStatusMs }),
    });
    this.#gateways.set(key, gateway);
    return gateway;
  }

  #client(peer: FabricPeerEndpoint): Promise<GrpcClient> {
    this.#assertOpen();
    let client = this.#clients.get(peer.endpoint);
    if (!client) {
      client = this.#newGrpcClient(peer);
      this.#clients.set(peer.endpoint, client);
      // A client that could not be made (e.g. an unreadable TLS file) is tried afresh next time.
      client.catch(() => {
        if (this.#clients.get(peer.endpoint) === client) this.#clients.delete(peer.endpoint);
      });
    }
    return client;
  }

  #assertOpen(): void {
    if (this.#closed) throw new LedgerUnavailable('the Fabric connection is closed');
  }
}

/** The hash of each identity's certificate, made once per identity object (every call would hash it otherwise). */
const certificateHashes = new WeakMap<SigningIdentity['identity'], string>();

/** One gateway per identity (its certificate) and peer. */
function gatewayKey(signer: SigningIdentity, peer: FabricPeerEndpoint): string {
  let certificate = certificateHashes.get(signer.identity);
  if (certificate === undefined) {
    certificate = createHash('sha256').update(signer.identity.credentials).digest('hex');
    certificateHashes.set(signer.identity, certificate);
  }
  return `${peer.endpoint}|${signer.identity.mspId}|${certificate}`;
}
