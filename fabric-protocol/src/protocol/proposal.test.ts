import { common, msp, peer } from '@hyperledger/fabric-protos';
import { createHash } from 'node:crypto';
import { toHex, utf8 } from './bytes';
import { MalformedMessageError, ProposalVerificationError } from './errors';
import { serializeIdentity } from './identity-codec';
import { transientMapOf } from './pb-map';
import { computeProposalHash, computeTxId, newSignedProposal, type ProposalBundle } from './proposal';
import { parseSignedProposal, verifyProposal } from './proposal-parse';
import { newTestIdentity, testVerify, type TestIdentity } from './test-identity';

const timestamp = { seconds: 1_717_171_717n, nanos: 123_456_789 };
const nonce = Uint8Array.from({ length: 24 }, (_, i) => i + 1);

let client: TestIdentity;

beforeAll(async () => {
  client = await newTestIdentity('Org1MSP', 'alice');
});

function propose(overrides: Partial<Parameters<typeof newSignedProposal>[0]> = {}): Promise<ProposalBundle> {
  return newSignedProposal(
    {
      channelId: 'alliance',
      chaincodeName: 'trade',
      args: [utf8('CreateOrder'), utf8('order-1'), utf8('{"qty":3}')],
      transient: { secret: utf8('price=42') },
      creator: client.identity,
      timestamp,
      nonce,
      ...overrides,
    },
    client,
  );
}

async function expectRejected(fn: () => Promise<unknown>, reason: string): Promise<void> {
  let caught: unknown;
  try {
    await fn();
  } catch (err) {
    caught = err;
  }
  expect(caught).toBeInstanceOf(ProposalVerificationError);
  expect((caught as ProposalVerificationError).reason).toBe(reason);
}

describe('transaction ID', () => {
  it('is hex SHA-256 of nonce followed by the serialized creator', async () => {
    const bundle = await propose();
    const creator = new msp.SerializedIdentity();
    creator.setMspid('Org1MSP');
    creator.setIdBytes(Buffer.from(client.certificatePem));
    const creatorBytes = creator.serializeBinary();
    const expected = createHash('sha256').update(nonce).update(creatorBytes).digest('hex');

    expect(bundle.txId).toBe(expected);
    expect(computeTxId(nonce, creatorBytes)).toBe(expected);
    expect(toHex(bundle.creatorBytes)).toBe(toHex(creatorBytes));
    const channelHeader = common.ChannelHeader.deserializeBinary(bundle.channelHeaderBytes);
    expect(channelHeader.getTxId()).toBe(expected);
  });

  it('uses a fresh 24-byte random nonce when none is given', async () => {
    const a = await propose({ nonce: undefined });
    const b = await propose({ nonce: undefined });
    expect(a.nonce).toHaveLength(24);
    expect(a.txId).not.toBe(b.txId);
  });
});

describe('newSignedProposal', () => {
  it('builds the header the way fabric-gateway does', async () => {
    const bundle = await propose();
    const proposal = peer.Proposal.deserializeBinary(bundle.signedProposal.getProposalBytes_asU8());
    const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
    expect(channelHeader.getType()).toBe(common.HeaderType.ENDORSER_TRANSACTION);
    expect(channelHeader.getVersion()).toBe(0);
    expect(channelHeader.getEpoch()).toBe(0);
    expect(channelHeader.getChannelId()).toBe('alliance');
    const extension = peer.ChaincodeHeaderExtension.deserializeBinary(channelHeader.getExtension_asU8());
    expect(extension.getChaincodeId()?.getName()).toBe('trade');
    const payload = peer.ChaincodeProposalPayload.deserializeBinary(proposal.getPayload_asU8());
    const spec = peer.ChaincodeInvocationSpec.deserializeBinary(payload.getInput_asU8()).getChaincodeSpec();
    expect(spec?.getType()).toBe(peer.ChaincodeSpec.Type.NODE);
    expect(spec?.getChaincodeId()?.getName()).toBe('trade');
    expect(
      spec
        ?.getInput()
        ?.getArgsList_asU8()
        .map((a) => Buffer.from(a).toString()),
    ).toEqual(['CreateOrder', 'order-1', '{"qty":3}']);
  });

  it('signs SHA-256 of the proposal bytes', async () => {
    const bundle = await propose();
    expect(testVerify(client.certificatePem, bundle.proposalBytes, bundle.signature)).toBe(true);
    expect(testVerify(client.certificatePem, utf8('something else'), bundle.signature)).toBe(false);
  });

  it('strips the transient map from the transaction payload and proposal hash (GetProposalHash1)', async () => {
    const bundle = await propose();
    const full = peer.ChaincodeProposalPayload.deserializeBinary(bundle.payloadBytes);
    const stripped = peer.ChaincodeProposalPayload.deserializeBinary(bundle.txPayloadBytes);
    expect(transientMapOf(full).getLength()).toBe(1);
    expect(transientMapOf(stripped).getLength()).toBe(0);
    expect(toHex(stripped.getInput_asU8())).toBe(toHex(full.getInput_asU8()));
    const expected = createHash('sha256')
      .update(bundle.channelHeaderBytes)
      .update(bundle.signatureHeaderBytes)
      .update(bundle.txPayloadBytes)
      .digest('hex');
    expect(toHex(bundle.proposalHash)).toBe(expected);
    expect(
      toHex(computeProposalHash(bundle.channelHeaderBytes, bundle.signatureHeaderBytes, bundle.txPayloadBytes)),
    ).toBe(expected);
  });

  it('reuses the payload as transaction payload when there is no transient data', async () => {
    const bundle = await propose({ transient: undefined });
    expect(bundle.txPayloadBytes).toBe(bundle.payloadBytes);
  });

  it('rejects out-of-range timestamps', async () => {
    await expect(propose({ timestamp: { seconds: 1n, nanos: 1_000_000_000 } })).rejects.toThrow(RangeError);
  });
});

describe('parseSignedProposal', () => {
  it('round-trips args, transient data, creator and timestamp', async () => {
    const bundle = await propose();
    const parsed = parseSignedProposal(bundle.signedProposal.serializeBinary());
    expect(parsed.txId).toBe(bundle.txId);
    expect(parsed.channelId).toBe('alliance');
    expect(parsed.chaincodeName).toBe('trade');
    expect(parsed.args.map((a) => Buffer.from(a).toString())).toEqual(['CreateOrder', 'order-1', '{"qty":3}']);
    expect(Object.keys(parsed.transient)).toEqual(['secret']);
    expect(Buffer.from(parsed.transient.secret ?? []).toString()).toBe('price=42');
    expect(parsed.creator.mspId).toBe('Org1MSP');
    expect(Buffer.from(parsed.creator.credentials).toString()).toBe(client.certificatePem);
    expect(parsed.timestamp).toEqual(timestamp);
    expect(toHex(parsed.proposalBytes)).toBe(toHex(bundle.proposalBytes));
    expect(toHex(parsed.signature)).toBe(toHex(bundle.signature));
    expect(toHex(parsed.nonce)).toBe(toHex(nonce));
    expect(toHex(parsed.headerBytes)).toBe(toHex(bundle.headerBytes));
    expect(toHex(parsed.txPayloadBytes)).toBe(toHex(bundle.txPayloadBytes));
    expect(toHex(parsed.proposalHash)).toBe(toHex(bundle.proposalHash));
  });

  it('throws MalformedMessageError for garbage', () => {
    expect(() => parseSignedProposal(Uint8Array.of(0x0a, 0x05, 0xff, 0xff))).toThrow(MalformedMessageError);
    const empty = new peer.SignedProposal();
    expect(() => parseSignedProposal(empty)).toThrow(MalformedMessageError);
  });
});

describe('verifyProposal', () => {
  it('accepts an untampered proposal in any form', async () => {
    const bundle = await propose();
    expect((await verifyProposal(bundle, testVerify)).txId).toBe(bundle.txId);
    expect((await verifyProposal(bundle.signedProposal, testVerify)).txId).toBe(bundle.txId);
    expect((await verifyProposal(bundle.signedProposal.serializeBinary(), testVerify)).txId).toBe(bundle.txId);
  });

  it('rejects tampered proposal bytes (bad signature)', async () => {
    const bundle = await propose();
    const tampered = Buffer.from(bundle.proposalBytes);
    const at = tampered.indexOf('order-1');
    expect(at).toBeGreaterThan(0);
    tampered[at + 6] = '2'.charCodeAt(0);
    const signed = new peer.SignedProposal();
    signed.setProposalBytes(tampered);
    signed.setSignature(bundle.signature);
    expect(parseSignedProposal(signed).args[1]).toEqual(utf8('order-2'));
    await expectRejected(() => verifyProposal(signed, testVerify), 'BAD_SIGNATURE');
  });

  it('rejects a signature by another key', async () => {
    const mallory = await newTestIdentity('Org1MSP', 'mallory');
    const bundle = await propose();
    const signed = new peer.SignedProposal();
    signed.setProposalBytes(bundle.proposalBytes);
    signed.setSignature(await mallory.signer(createHash('sha256').update(bundle.proposalBytes).digest()));
    await expectRejected(() => verifyProposal(signed, testVerify), 'BAD_SIGNATURE');
  });

  it('rejects a transaction ID that is not SHA-256(nonce ‖ creator), even when correctly signed', async () => {
    const bundle = await propose();
    const proposal = peer.Proposal.deserializeBinary(bundle.proposalBytes);
    const header = common.Header.deserializeBinary(proposal.getHeader_asU8());
    const channelHeader = common.ChannelHeader.deserializeBinary(header.getChannelHeader_asU8());
    channelHeader.setTxId('0'.repeat(64));
    header.setChannelHeader(channelHeader.serializeBinary());
    proposal.setHeader(header.serializeBinary());
    const proposalBytes = proposal.serializeBinary();
    const signed = new peer.SignedProposal();
    signed.setProposalBytes(proposalBytes);
    signed.setSignature(await client.signer(createHash('sha256').update(proposalBytes).digest()));
    await expectRejected(() => verifyProposal(signed, testVerify), 'TXID_MISMATCH');
  });

  it('reports malformed input and verifier failures', async () => {
    await expectRejected(() => verifyProposal(Uint8Array.of(1, 2, 3), testVerify), 'MALFORMED');
    const bundle = await propose();
    const throwing = (): boolean => {
      throw new Error('bad certificate');
    };
    await expectRejected(() => verifyProposal(bundle, throwing), 'BAD_SIGNATURE');
  });

  it('serializes the creator identity once per identity object', () => {
    expect(serializeIdentity(client.identity)).toBe(serializeIdentity(client.identity));
  });
});
