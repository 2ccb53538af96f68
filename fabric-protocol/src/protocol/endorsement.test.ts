import { common, peer } from '@hyperledger/fabric-protos';
import { createHash } from 'node:crypto';
import type { TxRwSet } from '../rwset';
import { toHex, utf8 } from './bytes';
import { newProposalResponse, newTransactionEnvelope } from './endorsement';
import { ProposalResponsePayloadMismatchError, UnendorsedResponseError } from './errors';
import { serializeIdentity } from './identity-codec';
import { transientMapOf } from './pb-map';
import { newSignedProposal, type ProposalBundle } from './proposal';
import { decodeTxRwSet, encodeTxRwSet } from './rwset-codec';
import { newTestIdentity, testVerify, type TestIdentity } from './test-identity';

const sha256 = (...parts: Uint8Array[]): Buffer => {
  const h = createHash('sha256');
  parts.forEach((p) => h.update(p));
  return h.digest();
};

const rwset: TxRwSet = {
  namespaces: [
    {
      namespace: 'trade',
      reads: [{ key: 'order-1', version: null }],
      rangeQueries: [],
      writes: [{ key: 'order-1', isDelete: false, value: utf8('{"qty":3}') }],
      metadataWrites: [],
      collections: [],
    },
  ],
};

let client: TestIdentity;
let peer1: TestIdentity;
let peer2: TestIdentity;
let proposal: ProposalBundle;

beforeAll(async () => {
  [client, peer1, peer2] = await Promise.all([
    newTestIdentity('Org1MSP', 'client'),
    newTestIdentity('Org1MSP', 'peer0.org1'),
    newTestIdentity('Org2MSP', 'peer0.org2'),
  ]);
  proposal = await newSignedProposal(
    {
      channelId: 'alliance',
      chaincodeName: 'trade',
      args: [utf8('CreateOrder'), utf8('order-1')],
      transient: { secret: utf8('s3cret') },
      creator: client.identity,
      timestamp: { seconds: 1_700_000_000n, nanos: 0 },
    },
    client,
  );
});

function endorse(endorser: TestIdentity, status = 200, set: TxRwSet = rwset): Promise<peer.ProposalResponse> {
  return newProposalResponse({
    proposal,
    chaincodeName: 'trade',
    chaincodeVersion: '1.0',
    response: { status, message: status === 200 ? '' : 'boom', payload: utf8('order-1') },
    rwset: set,
    event: { eventName: 'OrderCreated', payload: utf8('{"id":"order-1"}') },
    endorser,
  });
}

describe('newProposalResponse', () => {
  it('builds ProposalResponsePayload{proposalHash, ChaincodeAction} and signs payload ‖ endorser', async () => {
    const response = await endorse(peer1);
    expect(response.getVersion()).toBe(1);
    expect(response.getResponse()?.getStatus()).toBe(200);

    const payloadBytes = response.getPayload_asU8();
    const payload = peer.ProposalResponsePayload.deserializeBinary(payloadBytes);
    expect(toHex(payload.getProposalHash_asU8())).toBe(
      toHex(sha256(proposal.channelHeaderBytes, proposal.signatureHeaderBytes, proposal.txPayloadBytes)),
    );
    const action = peer.ChaincodeAction.deserializeBinary(payload.getExtension_asU8());
    expect(action.getChaincodeId()?.getName()).toBe('trade');
    expect(action.getChaincodeId()?.getVersion()).toBe('1.0');
    expect(Buffer.from(action.getResponse()!.getPayload_asU8()).toString()).toBe('order-1');
    expect(toHex(action.getResults_asU8())).toBe(toHex(encodeTxRwSet(rwset)));
    const event = peer.ChaincodeEvent.deserializeBinary(action.getEvents_asU8());
    expect(event.getChaincodeId()).toBe('trade');
    expect(event.getTxId()).toBe(proposal.txId);
    expect(event.getEventName()).toBe('OrderCreated');

    const endorsement = response.getEndorsement()!;
    const endorserBytes = endorsement.getEndorser_asU8();
    expect(toHex(endorserBytes)).toBe(toHex(serializeIdentity(peer1.identity)));
    const signed = Buffer.concat([payloadBytes, endorserBytes]);
    expect(testVerify(peer1.certificatePem, signed, endorsement.getSignature_asU8())).toBe(true);
  });

  it('gives identical payloads from different endorsers of the same simulation', async () => {
    const [a, b] = await Promise.all([endorse(peer1), endorse(peer2)]);
    expect(toHex(a.getPayload_asU8())).toBe(toHex(b.getPayload_asU8()));
    expect(toHex(a.getEndorsement()!.getSignature_asU8())).not.toBe(toHex(b.getEndorsement()!.getSignature_asU8()));
  });

  it('accepts pre-encoded read/write set bytes', async () => {
    const fromBytes = await newProposalResponse({
      proposal,
      chaincodeName: 'trade',
      chaincodeVersion: '1.0',
      response: { status: 200, message: '', payload: utf8('order-1') },
      rwset: encodeTxRwSet(rwset),
      event: { eventName: 'OrderCreated', payload: utf8('{"id":"order-1"}') },
      endorser: peer1,
    });
    expect(toHex(fromBytes.getPayload_asU8())).toBe(toHex((await endorse(peer1)).getPayload_asU8()));
  });

  it('does not endorse chaincode errors, as Fabric: 4xx response only, 5xx response and payload', async () => {
    const notFound = await endorse(peer1, 404);
    expect(notFound.getResponse()?.getStatus()).toBe(404);
    expect(notFound.getPayload_asU8()).toHaveLength(0);
    expect(notFound.hasEndorsement()).toBe(false);

    const failed = await endorse(peer1, 500);
    expect(failed.getResponse()?.getMessage()).toBe('boom');
    expect(failed.getPayload_asU8().length).toBeGreaterThan(0);
    expect(failed.hasEndorsement()).toBe(false);
  });
});

describe('newTransactionEnvelope', () => {
  it('assembles the transaction as protoutil.CreateSignedTx and signs SHA-256(payload)', async () => {
    const responses = await Promise.all([endorse(peer1), endorse(peer2)]);
    const { envelope, envelopeBytes } = await newTransactionEnvelope(proposal, responses, client);
    expect(toHex(envelopeBytes)).toBe(toHex(envelope.serializeBinary()));
    const payloadBytes = envelope.getPayload_asU8();
    expect(testVerify(client.certificatePem, payloadBytes, envelope.getSignature_asU8())).toBe(true);

    const payload = common.Payload.deserializeBinary(payloadBytes);
    expect(toHex(payload.getHeader()!.serializeBinary())).toBe(toHex(proposal.headerBytes));
    const viaProtobuf = new common.Payload();
    viaProtobuf.setHeader(common.Header.deserializeBinary(proposal.headerBytes));
    viaProtobuf.setData(payload.getData_asU8());
    expect(toHex(viaProtobuf.serializeBinary())).toBe(toHex(payloadBytes));
    const transaction = peer.Transaction.deserializeBinary(payload.getData_asU8());
    expect(transaction.getActionsList()).toHaveLength(1);
    const action = transaction.getActionsList()[0]!;
    expect(toHex(action.getHeader_asU8())).toBe(toHex(proposal.signatureHeaderBytes));
    const actionPayload = peer.ChaincodeActionPayload.deserializeBinary(action.getPayload_asU8());
    const proposalPayload = peer.ChaincodeProposalPayload.deserializeBinary(
      actionPayload.getChaincodeProposalPayload_asU8(),
    );
    expect(transientMapOf(proposalPayload).getLength()).toBe(0); // private input never reaches the ledger
    expect(Buffer.from(actionPayload.getChaincodeProposalPayload_asU8()).includes('s3cret')).toBe(false);
    const endorsed = actionPayload.getAction()!;
    expect(toHex(endorsed.getProposalResponsePayload_asU8())).toBe(toHex(responses[0].getPayload_asU8()));
    expect(endorsed.getEndorsementsList().map((e) => toHex(e.getEndorser_asU8()))).toEqual([
      toHex(serializeIdentity(peer1.identity)),
      toHex(serializeIdentity(peer2.identity)),
    ]);
    const chaincodeAction = peer.ChaincodeAction.deserializeBinary(
      peer.ProposalResponsePayload.deserializeBinary(endorsed.getProposalResponsePayload_asU8()).getExtension_asU8(),
    );
    expect(decodeTxRwSet(chaincodeAction.getResults_asU8()).namespaces[0]?.writes[0]?.key).toBe('order-1');
  });

  it('throws ProposalResponsePayloadMismatchError when endorsers disagree', async () => {
    const other: TxRwSet = {
      namespaces: [
        { ...rwset.namespaces[0]!, writes: [{ key: 'order-1', isDelete: false, value: utf8('{"qty":4}') }] },
      ],
    };
    const responses = [await endorse(peer1), await endorse(peer2, 200, other)];
    const attempt = newTransactionEnvelope(proposal, responses, client);
    await expect(attempt).rejects.toBeInstanceOf(ProposalResponsePayloadMismatchError);
    await expect(attempt).rejects.toThrow('ProposalResponsePayloads do not match');
  });

  it('rejects unsuccessful or missing responses', async () => {
    await expect(newTransactionEnvelope(proposal, [await endorse(peer1, 500)], client)).rejects.toBeInstanceOf(
      UnendorsedResponseError,
    );
    await expect(newTransactionEnvelope(proposal, [], client)).rejects.toThrow(
      'At least one proposal response is required',
    );
  });
});
