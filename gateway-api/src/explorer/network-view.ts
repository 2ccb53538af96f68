import type { ChaincodeDefinition, LedgerPort, PeerChainView } from '../ledger/ledger-port';

/** A node of the network as the connection file names it (optional fields: the file may not say). */
export interface NetworkNode {
  readonly name: string;
  readonly mspId: string;
  /** `host:port` of its gRPC endpoint. */
  readonly endpoint?: string;
  /** Base URL of its operations service (`/healthz`, `/metrics`), e.g. `http://127.0.0.1:9444`. */
  readonly operationsUrl?: string;
}

/** What the gateway knows of the network it talks to. */
export interface NetworkDescription {
  readonly ledger: string;
  readonly channel: string;
  readonly chaincode: string;
  readonly peers: readonly NetworkNode[];
  readonly orderers: readonly NetworkNode[];
  /** On devnet: what the one process stands in for. */
  readonly emulation?: string;
}

/** A node and what it says of itself. */
export interface NodeStatus extends NetworkNode {
  readonly kind: 'peer' | 'orderer';
  /** UP: it answered (qscc for a peer, `/healthz` for an orderer); DOWN: it did not; UNKNOWN: nothing to ask. */
  readonly status: 'UP' | 'DOWN' | 'UNKNOWN';
  readonly height?: string;
  /** Its operations service's `/healthz`: OK, or the failed checks. */
  readonly health?: { readonly status: string; readonly failedChecks?: readonly string[] };
  readonly error?: string;
}

export interface NetworkView {
  readonly ledger: string;
  readonly channel: string;
  readonly chaincode: {
    readonly name: string;
    readonly version?: string;
    readonly sequence?: string;
    readonly approvals?: Readonly<Record<string, boolean>>;
    readonly error?: string;
  };
  readonly nodes: readonly NodeStatus[];
  readonly emulation?: string;
  readonly checkedAt: string;
}

/** `fetch`, or a fake of it. */
export type Fetch = (
  url: string,
  init: { signal: AbortSignal },
) => Promise<{ ok: boolean; status: number; text(): Promise<string> }>;

const PROBE_TIMEOUT_MS = 2_000;

/**
 * The network view: each peer's height from its own qscc, the chaincode definition from `_lifecycle`, and
 * each node's operations service (`/healthz`, and `ledger_blockchain_height` from its `/metrics`: the only
 * height an orderer tells), all asked at once with a short deadline.
 */
export async function networkView(
  description: NetworkDescription,
  ledger: LedgerPort,
  fetchFn: Fetch = fetch,
): Promise<NetworkView> {
  const [views, definition, peerOps, ordererOps] = await Promise.all([
    ledger.peerChainViews().catch((): PeerChainView[] => []),
    ledger.chaincodeDefinition().then(
      (d): ChaincodeDefinition | Error => d,
      (err: unknown) => (err instanceof Error ? err : new Error(String(err))),
    ),
    Promise.all(description.peers.map((p) => probeOperations(p, description.channel, fetchFn))),
    Promise.all(description.orderers.map((o) => probeOperations(o, description.channel, fetchFn))),
  ]);
  const peers = description.peers.map((peer, i) =>
    peerStatus(
      peer,
      views.find((v) => v.endpoint === peer.endpoint && v.mspId === peer.mspId),
      peerOps[i],
    ),
  );
  // devnet orders in the process that serves its peers: its orderer is as up, and as high, as they are.
  const emulatedOrderer = description.emulation !== undefined ? peers.find((p) => p.status === 'UP') : undefined;
  const orderers = description.orderers.map((orderer, i): NodeStatus => {
    if (emulatedOrderer) {
      return {
        ...orderer,
        kind: 'orderer',
        status: 'UP',
        ...(emulatedOrderer.height !== undefined ? { height: emulatedOrderer.height } : {}),
      };
    }
    const ops = ordererOps[i];
    return {
      ...orderer,
      kind: 'orderer',
      status: statusOf(ops),
      ...(ops?.height !== undefined ? { height: ops.height.toString() } : {}),
      ...(ops?.health ? { health: ops.health } : {}),
      ...(ops?.error ? { error: ops.error } : {}),
    };
  });
  return {
    ledger: description.ledger,
    channel: description.channel,
    chaincode:
      definition instanceof Error
        ? { name: description.chaincode, error: definition.message }
        : {
            name: definition.name,
            version: definition.version,
            sequence: definition.sequence.toString(),
            approvals: definition.approvals,
          },
    nodes: [...peers, ...orderers],
    ...(description.emulation ? { emulation: description.emulation } : {}),
    checkedAt: new Date().toISOString(),
  };
}

/** A peer as its own qscc (first) and its operations service describe it. */
function peerStatus(peer: NetworkNode, view: PeerChainView | undefined, ops: OperationsProbe = {}): NodeStatus {
  const own: PeerChainView | Record<string, undefined> = view ?? {};
  const height = own.height ?? ops.height;
  const error = own.error ?? ops.error;
  return {
    ...peer,
    kind: 'peer',
    status: peerUp(own, ops),
    ...(height !== undefined ? { height: height.toString() } : {}),
    ...(ops.health ? { health: ops.health } : {}),
    ...(error !== undefined ? { error } : {}),
  };
}

/** UP when its qscc answered, DOWN when it failed; else what its operations service says. */
function peerUp(view: Partial<PeerChainView>, ops: OperationsProbe): NodeStatus['status'] {
  if (view.height !== undefined) return 'UP';
  if (view.error !== undefined) return 'DOWN';
  return statusOf(ops);
}

interface OperationsProbe {
  readonly health?: { readonly status: string; readonly failedChecks?: readonly string[] };
  readonly height?: bigint;
  readonly error?: string;
}

function statusOf(probe: OperationsProbe | undefined): NodeStatus['status'] {
  if (!probe || (!probe.health && !probe.error)) return 'UNKNOWN';
  return probe.health?.status === 'OK' ? 'UP' : 'DOWN';
}

/** `/healthz` and the channel's `ledger_blockchain_height` of one node's operations service. */
async function probeOperations(
  node: NetworkNode,
  channel: string,
  fetchFn: Fetch,
): Promise<OperationsProbe | undefined> {
  if (!node.operationsUrl) return undefined;
  const base = node.operationsUrl.replace(/\/+$/, '');
  const get = async (path: string): Promise<{ ok: boolean; status: number; body: string }> => {
    const res = await fetchFn(`${base}${path}`, { signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) });
    return { ok: res.ok, status: res.status, body: await res.text() };
  };
  try {
    const [health, metrics] = await Promise.all([get('/healthz'), get('/metrics').catch(() => undefined)]);
    return { health: parseHealth(health), ...heightOf(metrics?.body, channel) };
  } catch (err) {
    return { error: (err as Error).name === 'TimeoutError' ? 'no answer within 2 s' : (err as Error).message };
  }
}

/** Fabric's `/healthz` answers `{"status":"OK"}`, or 503 with `failed_checks: [{component, reason}]`. */
function parseHealth(res: { ok: boolean; status: number; body: string }): NonNullable<OperationsProbe['health']> {
  try {
    const parsed = JSON.parse(res.body) as { status?: unknown; failed_checks?: { component?: unknown }[] };
    const failed = (parsed.failed_checks ?? []).map((c) => String(c.component));
    return {
      status: typeof parsed.status === 'string' ? parsed.status : res.ok ? 'OK' : `HTTP ${res.status}`,
      ...(failed.length > 0 ? { failedChecks: failed } : {}),
    };
  } catch {
    return { status: res.ok ? 'OK' : `HTTP ${res.status}` };
  }
}

/** `ledger_blockchain_height{channel="<channel>"} <n>` from a Prometheus text exposition. */
function heightOf(metrics: string | undefined, channel: string): { height?: bigint } {
  if (metrics === undefined) return {};
  for (const line of metrics.split('\n')) {
    const m = /^ledger_blockchain_height\{([^}]*)\}\s+([0-9.e+]+)/.exec(line);
    if (m?.[1]?.includes(`channel="${channel}"`) && m[2] !== undefined)
      return { height: BigInt(Math.round(Number(m[2]))) };
  }
  return {};
}
