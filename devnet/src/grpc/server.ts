/**
 * devnet as a Fabric peer on the network: one gRPC endpoint serving the peer's Gateway, Deliver and
 * Endorser services and the orderer's AtomicBroadcast, so that `@hyperledger/fabric-gateway` applications
 * and the `peer` CLI use devnet as they would use a Fabric v2.5 peer.
 */
import { Server, ServerCredentials } from '@grpc/grpc-js';
import { gateway, peer } from '@hyperledger/fabric-protos';
import type { Devnet } from '../devnet';
import { ATOMIC_BROADCAST_SERVICE, BroadcastService } from './broadcast-service';
import { DeliverService, PEER_DELIVER_SERVICE } from './deliver-service';
import { EndorserService } from './endorser-service';
import { GatewayService } from './gateway-service';
import { devnetServerTls, type TlsMaterial } from './tls';

export interface DevnetServerOptions {
  readonly devnet: Devnet;
  /** The interface to listen on: 127.0.0.1 unless given. */
  readonly host?: string;
  /** The port: 7051 unless given; 0 picks a free one. */
  readonly port?: number;
  /**
   * TLS, off unless given: `true` has devnet issue (or reuse, from `<dataDir>/tls/`) a server certificate for
   * localhost, 127.0.0.1 and `host` from its first organisation's CA; or the certificate and key to use.
   */
  readonly tls?: boolean | TlsMaterial;
  /** Further host names for the certificate devnet issues. */
  readonly tlsHosts?: readonly string[];
}

/** A running endpoint. Closing it leaves the devnet open. */
export interface DevnetServer {
  /** `host:port`, what clients dial. */
  readonly address: string;
  readonly host: string;
  readonly port: number;
  /** With TLS: the PEM root certificate clients trust the endpoint by. */
  readonly tlsRootCertPem?: string;
  /** With TLS issued by devnet: where that root certificate is written (`<dataDir>/tls/ca.crt`). */
  readonly tlsRootCertPath?: string;
  /** Stops accepting calls, waits briefly for unary calls in flight, then cancels whatever still runs. */
  close(): Promise<void>;
}

/** Fabric's default peer message size limits (100 MiB), instead of gRPC's 4 MiB. */
const MAX_MESSAGE_BYTES = 100 * 1024 * 1024;
const SHUTDOWN_GRACE_MS = 1000;

/**
 * Serves a devnet over gRPC.
 *
 * @example
 * ```ts
 * const server = await startDevnetServer({ devnet, port: 0 });
 * const client = new grpc.Client(server.address, grpc.credentials.createInsecure());
 * const gateway = connect({ client, identity, signer });
 * ```
 */
export async function startDevnetServer(options: Readonly<DevnetServerOptions>): Promise<DevnetServer> {
  const { devnet } = options;
  const host = options.host ?? '127.0.0.1';
  let address = '';
  const server = new Server({
    'grpc.max_receive_message_length': MAX_MESSAGE_BYTES,
    'grpc.max_send_message_length': MAX_MESSAGE_BYTES,
  });
  const deliver = new DeliverService({ devnet });
  server.addService(gateway.GatewayService, new GatewayService({ devnet, address: () => address }).implementation());
  server.addService(PEER_DELIVER_SERVICE, deliver.peerImplementation());
  server.addService(peer.EndorserService, new EndorserService({ devnet }).implementation());
  server.addService(ATOMIC_BROADCAST_SERVICE, new BroadcastService({ devnet, deliver }).implementation());

  let tls: TlsMaterial | undefined;
  let tlsRootCertPath: string | undefined;
  if (options.tls === true) {
    const issued = await devnetServerTls(devnet, [host, ...(options.tlsHosts ?? [])]);
    tls = issued;
    tlsRootCertPath = issued.rootCertificatePath;
  } else if (options.tls) {
    tls = options.tls;
  }
  const credentials = tls
    ? ServerCredentials.createSsl(null, [
        { cert_chain: Buffer.from(tls.certificatePem), private_key: Buffer.from(tls.privateKeyPem) },
      ])
    : ServerCredentials.createInsecure();
  const hostPort = host.includes(':') ? `[${host}]` : host;
  const port = await new Promise<number>((resolve, reject) => {
    server.bindAsync(`${hostPort}:${options.port ?? 7051}`, credentials, (err, bound) => {
      if (err) reject(err);
      else resolve(bound);
    });
  });
  address = `${hostPort}:${port}`;

  let closed: Promise<void> | undefined;
  return {
    address,
    host,
    port,
    ...(tls ? { tlsRootCertPem: tls.rootCertificatePem } : {}),
    ...(tlsRootCertPath ? { tlsRootCertPath } : {}),
    close: () =>
      (closed ??= new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, SHUTDOWN_GRACE_MS);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      })),
  };
}
