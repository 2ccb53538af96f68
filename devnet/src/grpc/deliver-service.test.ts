import { randomBytes } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { common, orderer, peer } from '@hyperledger/fabric-protos';
import type { Devnet } from '../devnet';
import { signMessage, type LoadedSigningIdentity } from '../msp';
import { serializeIdentity, toPbTimestamp, txTimestampNow } from '../protocol';
import { contractAs, openTestDevnet } from '../test/harness';
import { startDevnetServer, type DevnetServer } from './server';

const CHANNEL = 'alliance';
type Position = 'oldest' | 'newest' | 'next' | bigint;

function seekPosition(position: Position): orderer.SeekPosition {
  const result = new orderer.SeekPosition();
  if (position === 'oldest') result.setOldest(new orderer.SeekOldest());
  else if (position === 'newest') result.setNewest(new orderer.SeekNewest());
  else if (position === 'next') result.setNextCommit(new orderer.SeekNextCommit());
  else {
    const specified = new orderer.SeekSpecified();
    specified.setNumber(Number(position));
    result.setSpecified(specified);
  }
  return result;
}

/** A signed DELIVER_SEEK_INFO envelope, as the peer CLI and SDKs send it. */
async function seekEnvelope(
  signing: LoadedSigningIdentity,
  start: Position,
  stop: Position,
  options: { failIfNotReady?: boolean; channel?: string; secondsAgo?: number } = {},
): Promise<common.Envelope> {
  const seekInfo = new orderer.SeekInfo();
  seekInfo.setStart(seekPosition(start));
  seekInfo.setStop(seekPosition(stop));
  if (options.failIfNotReady) seekInfo.setBehavior(orderer.SeekInfo.SeekBehavior.FAIL_IF_NOT_READY);
  const now = txTimestampNow();
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.DELIVER_SEEK_INFO);
  channelHeader.setChannelId(options.channel ?? CHANNEL);
  channelHeader.setTimestamp(toPbTimestamp({ ...now, seconds: now.seconds - BigInt(options.secondsAgo ?? 0) }));
  const signatureHeader = new common.SignatureHeader();
  signatureHeader.setCreator(serializeIdentity(signing.identity));
  signatureHeader.setNonce(randomBytes(24));
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(signatureHeader.serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(seekInfo.serializeBinary());
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  envelope.setSignature(await signMessage(signing, envelope.getPayload_asU8()));
  return envelope;
}

interface Delivered {
  readonly blocks: bigint[];
  readonly status: number | undefined;
}

/** Sends one seek request and reads until a status arrives. */
function deliver(
  stream: grpc.ClientDuplexStream<common.Envelope, peer.DeliverResponse | orderer.DeliverResponse>,
  envelope: common.Envelope,
): Promise<Delivered> {
  const blocks: bigint[] = [];
  return new Promise((resolve, reject) => {
    const onData = (response: peer.DeliverResponse | orderer.DeliverResponse): void => {
      const block = response.getBlock();
      if (block) {
        blocks.push(BigInt(block.getHeader()?.getNumber() ?? -1));
        return;
      }
      stream.off('data', onData);
      resolve({ blocks, status: response.getStatus() });
    };
    stream.on('data', onData);
    stream.once('error', reject);
    stream.write(envelope);
  });
}

describe('devnet Deliver: SeekInfo semantics of a Fabric peer', () => {
  let devnet: Devnet;
  let cleanup: () => Promise<void>;
  let server: DevnetServer;
  let client: peer.DeliverClient;
  let signing: LoadedSigningIdentity;

  beforeAll(async () => {
    ({ devnet, cleanup } = await openTestDevnet());
    const contract = await contractAs(devnet, 'EcommerceMSP', 'store1');
    for (let i = 0; i < 3; i++) await contract.submitTransaction('Put', `k${i}`, 'v');
    server = await startDevnetServer({ devnet, port: 0 });
    client = new peer.DeliverClient(server.address, grpc.credentials.createInsecure());
    signing = await devnet.identity('FinanceMSP', 'auditor1');
  });

  afterAll(async () => {
    client.close();
    await server.close();
    await cleanup();
  });

  it('sends oldest to newest, then SUCCESS, and serves further requests on the same stream', async () => {
    const height = devnet.chainInfo().height;
    const stream = client.deliver();
    try {
      const all = await deliver(stream, await seekEnvelope(signing, 'oldest', 'newest'));
      expect(all).toEqual({
        blocks: Array.from({ length: Number(height) }, (_, i) => BigInt(i)),
        status: common.Status.SUCCESS,
      });
      const one = await deliver(stream, await seekEnvelope(signing, 1n, 1n));
      expect(one).toEqual({ blocks: [1n], status: common.Status.SUCCESS });
      const newest = await deliver(stream, await seekEnvelope(signing, 'newest', 'newest'));
      expect(newest).toEqual({ blocks: [height - 1n], status: common.Status.SUCCESS });
    } finally {
      stream.end();
    }
  });

  it('waits for a block not yet committed (BLOCK_UNTIL_READY)', async () => {
    const next = devnet.chainInfo().height;
    const stream = client.deliver();
    try {
      const waiting = deliver(stream, await seekEnvelope(signing, next, next));
      const contract = await contractAs(devnet, 'EcommerceMSP', 'store1');
      await contract.submitTransaction('Put', 'later', 'v');
      await expect(waiting).resolves.toEqual({ blocks: [next], status: common.Status.SUCCESS });
    } finally {
      stream.end();
    }
  });

  it('answers NOT_FOUND, BAD_REQUEST and FORBIDDEN as the peer does', async () => {
    const height = devnet.chainInfo().height;
    const cases: [common.Envelope, number][] = [
      [await seekEnvelope(signing, height, height, { failIfNotReady: true }), common.Status.NOT_FOUND],
      [await seekEnvelope(signing, height + 1n, 'newest'), common.Status.NOT_FOUND],
      [await seekEnvelope(signing, 2n, 1n), common.Status.BAD_REQUEST],
      [await seekEnvelope(signing, 'oldest', 'oldest', { channel: 'other' }), common.Status.NOT_FOUND],
      [await seekEnvelope(signing, 'oldest', 'oldest', { secondsAgo: 3600 }), common.Status.BAD_REQUEST],
    ];
    const forged = await seekEnvelope(signing, 'oldest', 'oldest');
    forged.setSignature(
      (await seekEnvelope(await devnet.identity('EnergyMSP', 'meter1'), 'oldest', 'oldest')).getSignature_asU8(),
    );
    cases.push([forged, common.Status.FORBIDDEN]);
    for (const [envelope, status] of cases) {
      const stream = client.deliver();
      try {
        await expect(deliver(stream, envelope)).resolves.toEqual({ blocks: [], status });
      } finally {
        stream.end();
      }
    }
  });

  it('serves the orderer’s Deliver and Broadcast (what `peer channel fetch` and `peer chaincode invoke` use)', async () => {
    const ordererClient = new orderer.AtomicBroadcastClient(server.address, grpc.credentials.createInsecure());
    try {
      const stream = ordererClient.deliver();
      try {
        await expect(deliver(stream, await seekEnvelope(signing, 0n, 0n))).resolves.toEqual({
          blocks: [0n],
          status: common.Status.SUCCESS,
        });
      } finally {
        stream.end();
      }
      const broadcast = ordererClient.broadcast();
      try {
        const answered = new Promise<orderer.BroadcastResponse>((resolve, reject) => {
          broadcast.once('data', resolve);
          broadcast.once('error', reject);
        });
        broadcast.write(await seekEnvelope(signing, 0n, 0n, { channel: 'other' }));
        const answer = await answered;
        expect(answer.getStatus()).toBe(common.Status.BAD_REQUEST);
        expect(answer.getInfo()).toBe(
          'channel creation request not allowed because the orderer system channel is not defined',
        );
      } finally {
        broadcast.end();
      }
    } finally {
      ordererClient.close();
    }
  });
});
