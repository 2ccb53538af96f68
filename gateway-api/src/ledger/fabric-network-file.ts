import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { z } from 'zod';

/**
 * The JSON file (`FABRIC_CONNECTION`) that tells the gateway where a real network is: channel,
 * chaincode, one or more peers per org, the member identities it holds, which of them reads the
 * chain (blocks, events), and optionally each org's Fabric CA. Relative paths resolve against the
 * file's folder. `network.sh` writes one.
 */
const FabricNetworkFile = z.strictObject({
  channelName: z.string().min(1),
  chaincodeName: z.string().min(1),
  peers: z
    .array(
      z.strictObject({
        mspId: z.string().min(1),
        endpoint: z.string().regex(/^[^\s:]+:[0-9]{1,5}$/, 'host:port'),
        tlsRootCertPath: z.string().min(1),
        hostAlias: z.string().optional(),
        /** For the explorer's network view: the peer's name (`peer0.ecommerce.example.com`). */
        name: z.string().min(1).optional(),
        /** Base URL of the peer's operations service (`/healthz`, `/metrics`), e.g. `http://127.0.0.1:9444`. */
        operationsUrl: z.url({ protocol: /^https?$/ }).optional(),
      }),
    )
    .min(1),
  /**
   * The ordering service's nodes, for the explorer's network view only (the gateway submits through its
   * peers): name, organisation, gRPC endpoint and operations service.
   */
  orderers: z
    .array(
      z.strictObject({
        name: z.string().min(1),
        mspId: z.string().min(1),
        endpoint: z
          .string()
          .regex(/^[^\s:]+:[0-9]{1,5}$/, 'host:port')
          .optional(),
        operationsUrl: z.url({ protocol: /^https?$/ }).optional(),
      }),
    )
    .optional(),
  identities: z
    .array(
      z.strictObject({
        name: z.string().regex(/^[A-Za-z0-9]+:[A-Za-z0-9._@-]+$/),
        mspId: z.string(),
        mspDir: z.string(),
      }),
    )
    .min(1),
  /** The identity the gateway uses for its own reads of the chain. */
  reader: z.string(),
  /**
   * Per organisation, its Fabric CA (REST API v1 at `url`, TLS root `tlsRootCertPath`) and the org's
   * registrar: the identity (certificate and key in `mspDir`) that may register client identities with
   * a `role` attribute, and revoke them. Nothing reads it yet; it is where a gateway that registers and
   * enrolls users finds its CA.
   */
  certificateAuthorities: z
    .array(
      z.strictObject({
        mspId: z.string().min(1),
        caName: z.string().min(1),
        url: z.url({ protocol: /^https?$/ }),
        tlsRootCertPath: z.string().min(1),
        registrar: z.strictObject({ enrollmentId: z.string().min(1), mspDir: z.string().min(1) }),
      }),
    )
    .optional(),
  deadlines: z
    .strictObject({
      evaluateMs: z.number().int().positive().optional(),
      endorseMs: z.number().int().positive().optional(),
      submitMs: z.number().int().positive().optional(),
      commitStatusMs: z.number().int().positive().optional(),
    })
    .optional(),
});

export type FabricNetworkFile = z.infer<typeof FabricNetworkFile>;

export async function readFabricNetworkFile(file: string): Promise<FabricNetworkFile> {
  let raw: unknown;
  try {
    raw = JSON.parse(await readFile(file, 'utf8'));
  } catch (err) {
    throw new Error(`cannot read the Fabric connection file ${file}: ${(err as Error).message}`, { cause: err });
  }
  const parsed = FabricNetworkFile.safeParse(raw);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
    throw new Error(`invalid Fabric connection file ${file}:\n${lines.join('\n')}`);
  }
  const base = path.dirname(path.resolve(file));
  const resolve = (p: string): string => path.resolve(base, p);
  const network = parsed.data;
  if (!network.identities.some((i) => i.name === network.reader)) {
    throw new Error(`invalid Fabric connection file ${file}:\n  reader: ${network.reader} is not among the identities`);
  }
  return {
    ...network,
    peers: network.peers.map((p) => ({ ...p, tlsRootCertPath: resolve(p.tlsRootCertPath) })),
    identities: network.identities.map((i) => ({ ...i, mspDir: resolve(i.mspDir) })),
    ...(network.certificateAuthorities && {
      certificateAuthorities: network.certificateAuthorities.map((ca) => ({
        ...ca,
        tlsRootCertPath: resolve(ca.tlsRootCertPath),
        registrar: { ...ca.registrar, mspDir: resolve(ca.registrar.mspDir) },
      })),
    }),
  };
}
