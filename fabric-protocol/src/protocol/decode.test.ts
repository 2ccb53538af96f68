import { common } from '@hyperledger/fabric-protos';
import type { TxRwSet } from '../rwset';
import { toHex, utf8 } from './bytes';
import { blockHeaderHash, newBlock, setTransactionsFilter } from './block';
import { TxValidationCode, validationCodeName } from './codes';
import { decodeBlock } from './decode';
import { decodeTransactionEnvelope } from './decode-transaction';
import { newProposalResponse, newTransactionEnvelope } from './endorsement';
import { newSignedProposal } from './proposal';
import { toPbTimestamp } from './timestamp';
import { newTestIdentity, type TestIdentity } from './test-identity';

let client: TestIdentity;
let endorser: TestIdentity;

beforeAll(async () => {
  [client, endorser] = await Promise.all([
    newTestIdentity('Org1MSP', 'client'),
    newTestIdentity('Org2MSP', 'peer0.org2'),
  ]);
});

function rwsetFor(key: string, value: string): TxRwSet {
  return {
    namespaces: [
      {
        namespace: 'trade',
        reads: [{ key, version: { blockNum: 1n, txNum: 0n } }],
        rangeQueries: [],
        writes: [{ key, isDelete: false, value: utf8(value) }],
        metadataWrites: [],
        collections: [],
      },
    ],
  };
}

async function transaction(
  fn: string,
  args: string[],
  event?: string,
): Promise<{ txId: string; envelopeBytes: Uint8Array }> {
  const proposal = await newSignedProposal(
    {
      channelId: 'alliance',
      chaincodeName: 'trade',
      args: [fn, ...args].map(utf8),
      creator: client.identity,
      timestamp: { seconds: 1_700_000_000n, nanos: 5_000 },
    },
    client,
  );
  const response = await newProposalResponse({
    proposal,
    chaincodeName: 'trade',
    chaincodeVersion: '2.1',
    response: { status: 200, message: 'OK', payload: utf8(`result:${fn}`) },
    rwset: rwsetFor(args[0] ?? 'k', fn),
    event: event === undefined ? undefined : { eventName: event, payload: utf8(`{"fn":"${fn}"}`) },
    endorser,
  });
  const { envelopeBytes } = await newTransactionEnvelope(proposal, [response], client);
  return { txId: proposal.txId, envelopeBytes };
}

function configEnvelope(): Uint8Array {
  const channelHeader = new common.ChannelHeader();
  channelHeader.setType(common.HeaderType.CONFIG);
  channelHeader.setChannelId('alliance');
  channelHeader.setTimestamp(toPbTimestamp({ seconds: 1_600_000_000n, nanos: 0 }));
  const header = new common.Header();
  header.setChannelHeader(channelHeader.serializeBinary());
  header.setSignatureHeader(new common.SignatureHeader().serializeBinary());
  const payload = new common.Payload();
  payload.setHeader(header);
  payload.setData(Uint8Array.of(0x0a, 0x02, 0x08, 0x01)); // some ConfigEnvelope bytes, not a Transaction
  const envelope = new common.Envelope();
  envelope.setPayload(payload.serializeBinary());
  return envelope.serializeBinary();
}

describe('decodeBlock', () => {
  it('decodes two endorser transactions with their codes, functions, args, events and endorsements', async () => {
    const first = await transaction('CreateOrder', ['order-1', '{"qty":3}'], 'OrderCreated');
    const second = await transaction('CancelOrder', ['order-1']);
    const block = newBlock(7n, new Uint8Array(32).fill(1), [first.envelopeBytes, second.envelopeBytes]);
    setTransactionsFilter(block, [TxValidationCode.VALID, TxValidationCode.MVCC_READ_CONFLICT]);

    const decoded = decodeBlock(block.serializeBinary());
    expect(decoded.number).toBe(7n);
    expect(decoded.hash).toBe(toHex(blockHeaderHash(block.getHeader()!)));
    expect(decoded.previousHash).toBe('01'.repeat(32));
    expect(decoded.dataHash).toBe(toHex(block.getHeader()!.getDataHash_asU8()));
    expect(decoded.transactions.map((t) => t.txId)).toEqual([first.txId, second.txId]);

    const [a, b] = decoded.transactions;
    expect(a).toMatchObject({
      channelId: 'alliance',
      type: 'ENDORSER_TRANSACTION',
      timestamp: { seconds: 1_700_000_000n, nanos: 5_000 },
      creator: { mspId: 'Org1MSP', certificatePem: client.certificatePem },
      chaincodeName: 'trade',
      functionName: 'CreateOrder',
      args: ['order-1', '{"qty":3}'],
      response: { status: 200, message: 'OK' },
      event: { chaincodeId: 'trade', txId: first.txId, eventName: 'OrderCreated' },
      validationCode: 0,
      validationCodeName: 'VALID',
    });
    expect(a?.decodeError).toBeUndefined();
    expect(Buffer.from(a!.response.payload).toString()).toBe('result:CreateOrder');
    expect(Buffer.from(a!.event!.payload).toString()).toBe('{"fn":"CreateOrder"}');
    expect(a?.endorsements).toHaveLength(1);
    expect(a?.endorsements[0]).toMatchObject({ mspId: 'Org2MSP', certificatePem: endorser.certificatePem });
    expect(a?.endorsements[0]?.signature.length).toBeGreaterThan(60);
    expect(a?.rwset.namespaces[0]?.writes[0]?.key).toBe('order-1');
    expect(a?.rwset.namespaces[0]?.reads[0]?.version).toEqual({ blockNum: 1n, txNum: 0n });

    expect(b).toMatchObject({ functionName: 'CancelOrder', args: ['order-1'], validationCode: 11 });
    expect(b?.validationCodeName).toBe('MVCC_READ_CONFLICT');
    expect(b?.event).toBeUndefined();
  });

  it('decodes a config transaction gracefully with empty chaincode fields', () => {
    const block = newBlock(0n, new Uint8Array(0), [configEnvelope()]);
    setTransactionsFilter(block, [0]);
    const [tx] = decodeBlock(block).transactions;
    expect(tx).toMatchObject({
      type: 'CONFIG',
      channelId: 'alliance',
      timestamp: { seconds: 1_600_000_000n, nanos: 0 },
      chaincodeName: '',
      functionName: '',
      args: [],
      endorsements: [],
      creator: { mspId: '', certificatePem: '' },
      validationCodeName: 'VALID',
    });
    expect(tx?.rwset).toEqual({ namespaces: [] });
    expect(tx?.decodeError).toBeUndefined();
  });

  it('keeps going past a malformed envelope and reports NOT_VALIDATED without a filter', async () => {
    const good = await transaction('Ping', []);
    const block = newBlock(3n, new Uint8Array(32), [Uint8Array.of(0x0a, 0x03, 0xff), good.envelopeBytes]);
    const decoded = decodeBlock(block);
    expect(decoded.transactions).toHaveLength(2);
    expect(decoded.transactions[0]?.decodeError).toBeDefined();
    expect(decoded.transactions[1]).toMatchObject({ txId: good.txId, functionName: 'Ping', args: [] });
    expect(decoded.transactions.map((t) => t.validationCodeName)).toEqual(['NOT_VALIDATED', 'NOT_VALIDATED']);
  });

  it('decodes a single envelope on its own', async () => {
    const tx = await transaction('ReadOrder', ['order-9']);
    expect(decodeTransactionEnvelope(tx.envelopeBytes, TxValidationCode.ENDORSEMENT_POLICY_FAILURE)).toMatchObject({
      txId: tx.txId,
      validationCodeName: 'ENDORSEMENT_POLICY_FAILURE',
    });
  });

  it('throws for a block without a header', () => {
    expect(() => decodeBlock(new common.Block())).toThrow('Block has no header');
  });
});

describe('validationCodeName', () => {
  it('names Fabric codes and flags unknown ones', () => {
    expect(validationCodeName(0)).toBe('VALID');
    expect(validationCodeName(11)).toBe('MVCC_READ_CONFLICT');
    expect(validationCodeName(255)).toBe('INVALID_OTHER_REASON');
    expect(validationCodeName(200)).toBe('UNKNOWN_CODE_200');
  });
});
