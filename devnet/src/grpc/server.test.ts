import * as grpc from '@grpc/grpc-js';
import {
  checkpointers,
  CommitError,
  CommitStatusError,
  connect,
  EndorseError,
  GatewayError,
  type ChaincodeEvent,
  type Contract,
  type Gateway,
  type Network,
} from '@hyperledger/fabric-gateway';
import { common, ledger, orderer, peer } from '@hyperledger/fabric-protos';
import type { Devnet } from '../devnet';
import {
  decodeBlock,
  decodeTransactionEnvelope,
  newSignedProposal,
  newTransactionEnvelope,
  txTimestampNow,
} from '../protocol';
import { pbMap, type PbMap } from '../protocol/pb-map';
import { connectAs, gatewayIdentity, grpcClient } from '../test/gateway-client';
import { CHAINCODE, openTestDevnet } from '../test/harness';
import { startDevnetServer, type DevnetServer } from './server';

const CHANNEL = 'alliance';
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('utf8');
const status = {
  OK: 0,
  UNKNOWN: 2,
  DEADLINE_EXCEEDED: 4,
  NOT_FOUND: 5,
  PERMISSION_DENIED: 7,
  FAILED_PRECONDITION: 9,
  ABORTED: 10,
  UNAVAILABLE: 14,
};

async function rejection(promise: Promise<unknown>): Promise<unknown> {
  try {
    await promise;
  } catch (err) {
    return err;
  }
  throw new Error('expected a rejection');
}

/** Reads an event stream until `count` items arrive, then closes it. */
async function take<T>(events: AsyncIterable<T> & { close(): void }, count: number): Promise<T[]> {
  const out: T[] = [];
  try {
    for await (const event of events) {
      out.push(event);
      if (out.length === count) break;
    }
  } finally {
    events.close();
  }
  return out;
}

describe('devnet gRPC endpoint through @hyperledger/fabric-gateway', () => {
  let devnet: Devnet;
  let cleanup: () => Promise<void>;
  let server: DevnetServer;
  let client: grpc.Client;
  let store1: Gateway;
  let network: Network;
  let contract: Contract;

  beforeAll(async () => {
    ({ devnet, cleanup } = await openTestDevnet());
    server = await startDevnetServer({ devnet, port: 0 });
    client = grpcClient(server);
    store1 = await connectAs(client, devnet, 'EcommerceMSP', 'store1');
    network = store1.getNetwork(CHANNEL);
    contract = network.getContract(CHAINCODE);
  });

  afterAll(async () => {
    store1.close();
    client.close();
    await server.close();
    await cleanup();
  });

  it('listens on an ephemeral port of 127.0.0.1', () => {
    expect(server.port).toBeGreaterThan(0);
    expect(server.address).toBe(`127.0.0.1:${server.port}`);
    expect(server.tlsRootCertPem).toBeUndefined();
  });

  it('evaluates and submits transactions', async () => {
    await expect(contract.submitTransaction('Put', 'greeting', 'hello')).resolves.toEqual(new Uint8Array(0));
    expect(text(await contract.evaluateTransaction('Get', 'greeting'))).toBe('hello');
    const who = JSON.parse(text(await contract.evaluateTransaction('WhoAmI'))) as Record<string, unknown>;
    expect(who).toMatchObject({ mspId: 'EcommerceMSP', role: 'store', channelId: CHANNEL });
  });

  it('submits asynchronously and reports the commit status', async () => {
    const submitted = await contract.submitAsync('Increment', { arguments: ['async-counter'] });
    expect(text(submitted.getResult())).toBe('1');
    const committed = await submitted.getStatus();
    expect(committed).toEqual({
      blockNumber: expect.any(BigInt) as bigint,
      code: peer.TxValidationCode.VALID,
      successful: true,
      transactionId: submitted.getTransactionId(),
    });
    const local = await devnet.getTransactionStatus(submitted.getTransactionId());
    expect(local?.blockNumber).toBe(committed.blockNumber);
  });

  it('answers the commit status of a transaction committed long ago', async () => {
    const submitted = await contract.submitAsync('Put', { arguments: ['old', 'tx'] });
    const first = await submitted.getStatus();
    for (let i = 0; i < 3; i++) await contract.submitTransaction('Put', `later-${i}`, 'x');
    expect(devnet.chainInfo().height).toBeGreaterThan(first.blockNumber + 3n);
    const again = await store1.newCommit(submitted.getBytes()).getStatus();
    expect(again).toEqual(first);
  });

  it('throws CommitError for a transaction that commits invalid', async () => {
    const a = contract.submitAsync('Increment', { arguments: ['contended'] });
    const b = contract.submitAsync('Increment', { arguments: ['contended'] });
    const statuses = await Promise.all((await Promise.all([a, b])).map((s) => s.getStatus()));
    expect(statuses.map((s) => s.code).sort()).toEqual([
      peer.TxValidationCode.VALID,
      peer.TxValidationCode.MVCC_READ_CONFLICT,
    ]);
    const results = await Promise.allSettled([
      contract.submitTransaction('Increment', 'contended-2'),
      contract.submitTransaction('Increment', 'contended-2'),
    ]);
    const failed = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    expect(failed).toHaveLength(1);
    expect(failed[0]).toBeInstanceOf(CommitError);
    expect(failed[0]).toMatchObject({ code: peer.TxValidationCode.MVCC_READ_CONFLICT });
  });

  describe('errors, as a Fabric 2.5 peer reports them', () => {
    it('endorse: ABORTED with an ErrorDetail carrying the chaincode response', async () => {
      const err = await rejection(contract.submitTransaction('Fail', 'business rule broken'));
      expect(err).toBeInstanceOf(EndorseError);
      const endorseError = err as EndorseError;
      expect(endorseError.code).toBe(status.ABORTED);
      expect(endorseError.message).toBe(
        '10 ABORTED: failed to endorse transaction, see attached details for more info',
      );
      expect(endorseError.transactionId).toMatch(/^[0-9a-f]{64}$/);
      expect(endorseError.details).toEqual([
        { address: server.address, mspId: 'EcommerceMSP', message: 'chaincode response 500, business rule broken' },
      ]);
    });

    it('evaluate: UNKNOWN with the chaincode response in message and detail', async () => {
      const err = await rejection(contract.evaluateTransaction('Fail', 'no such order'));
      expect(err).toBeInstanceOf(GatewayError);
      expect(err).toMatchObject({
        code: status.UNKNOWN,
        message: '2 UNKNOWN: evaluate call to endorser returned error: chaincode response 500, no such order',
        details: [{ address: server.address, mspId: 'EcommerceMSP', message: 'chaincode response 500, no such order' }],
      });
    });

    it('refuses a proposal signed by someone else than its creator', async () => {
      const bank = await gatewayIdentity(devnet, 'FinanceMSP', 'bank1');
      const store = await gatewayIdentity(devnet, 'EcommerceMSP', 'store1');
      const forged = connect({ client, identity: bank.identity, signer: store.signer });
      try {
        const err = await rejection(forged.getNetwork(CHANNEL).getContract(CHAINCODE).evaluateTransaction('Get', 'k'));
        expect(err).toMatchObject({
          code: status.FAILED_PRECONDITION,
          message:
            '9 FAILED_PRECONDITION: evaluate call to endorser returned error: error validating proposal: access denied: channel [alliance] creator org [FinanceMSP]',
          details: [
            {
              address: server.address,
              mspId: 'FinanceMSP',
              message: 'error validating proposal: access denied: channel [alliance] creator org [FinanceMSP]',
            },
          ],
        });
        const endorse = await rejection(
          forged.getNetwork(CHANNEL).getContract(CHAINCODE).submitTransaction('Put', 'k', 'v'),
        );
        expect(endorse).toBeInstanceOf(EndorseError);
        expect(endorse).toMatchObject({
          code: status.ABORTED,
          details: [{ mspId: 'FinanceMSP', message: expect.stringContaining('access denied') as string }],
        });
      } finally {
        forged.close();
      }
    });

    it('refuses a transaction envelope signed with the wrong key (orderer: FORBIDDEN)', async () => {
      const store = await gatewayIdentity(devnet, 'EcommerceMSP', 'store1');
      const bank = await gatewayIdentity(devnet, 'FinanceMSP', 'bank1');
      const offline = connect({ client, identity: store.identity });
      try {
        const proposal = offline
          .getNetwork(CHANNEL)
          .getContract(CHAINCODE)
          .newProposal('Put', { arguments: ['forged', 'x'] });
        const signedProposal = offline.newSignedProposal(proposal.getBytes(), await store.signer(proposal.getDigest()));
        const transaction = await signedProposal.endorse();
        const wronglySigned = offline.newSignedTransaction(
          transaction.getBytes(),
          await bank.signer(transaction.getDigest()),
        );
        const err = await rejection(wronglySigned.submit());
        expect(err).toBeInstanceOf(GatewayError);
        expect(err).toMatchObject({
          name: 'SubmitError',
          code: status.ABORTED,
          transactionId: transaction.getTransactionId(),
          message:
            "10 ABORTED: received unsuccessful response from orderer: status=FORBIDDEN, info=implicit policy evaluation failed - 0 sub-policies were satisfied, but this policy requires 1 of the 'Writers' sub-policies to be satisfied: permission denied",
          details: [],
        });
        expect(await devnet.getTransactionStatus(transaction.getTransactionId())).toBeUndefined();
      } finally {
        offline.close();
      }
    });

    it('refuses a commit status request signed with the wrong key (PERMISSION_DENIED)', async () => {
      const submitted = await contract.submitAsync('Put', { arguments: ['status-acl', 'x'] });
      await submitted.getStatus();
      const store = await gatewayIdentity(devnet, 'EcommerceMSP', 'store1');
      const bank = await gatewayIdentity(devnet, 'FinanceMSP', 'bank1');
      const offline = connect({ client, identity: store.identity });
      try {
        const commit = offline.newCommit(submitted.getBytes());
        const forged = offline.newSignedCommit(commit.getBytes(), await bank.signer(commit.getDigest()));
        const err = await rejection(forged.getStatus());
        expect(err).toBeInstanceOf(CommitStatusError);
        expect(err).toMatchObject({
          code: status.PERMISSION_DENIED,
          transactionId: submitted.getTransactionId(),
          message: expect.stringContaining(
            'Failed evaluating policy on signed data during check policy on channel [alliance] with policy [/Channel/Application/Readers]',
          ) as string,
        });
      } finally {
        offline.close();
      }
    });

    it('answers an unknown chaincode and an unknown channel as the gateway does', async () => {
      await expect(network.getContract('nope').evaluateTransaction('Get')).rejects.toMatchObject({
        code: status.FAILED_PRECONDITION,
        message: '9 FAILED_PRECONDITION: no peers available to evaluate chaincode nope in channel alliance',
        details: [],
      });
      await expect(network.getContract('nope').submitTransaction('Get')).rejects.toMatchObject({
        code: status.FAILED_PRECONDITION,
        message:
          '9 FAILED_PRECONDITION: no combination of peers can be derived which satisfy the endorsement policy: No metadata was found for chaincode nope in channel alliance',
      });
      await expect(store1.getNetwork('other').getContract(CHAINCODE).evaluateTransaction('Get')).rejects.toMatchObject({
        code: status.UNAVAILABLE,
        message:
          '14 UNAVAILABLE: failed to get config for channel [other]: could not get last config for channel other',
      });
    });

    it('answers contract-api errors as chaincode responses', async () => {
      await expect(contract.evaluateTransaction('NoSuchFunction')).rejects.toMatchObject({
        code: status.UNKNOWN,
        details: [
          {
            mspId: 'EcommerceMSP',
            message: expect.stringMatching(
              /^chaincode response 500, .*function that does not exist: NoSuchFunction/,
            ) as string,
          },
        ],
      });
    });
  });

  it('supports offline signing: proposal, transaction and commit signed outside the gateway', async () => {
    const { identity, signer } = await gatewayIdentity(devnet, 'EcommerceMSP', 'store2');
    const offline = connect({ client, identity });
    try {
      const unsigned = offline
        .getNetwork(CHANNEL)
        .getContract(CHAINCODE)
        .newProposal('Put', { arguments: ['offline', 'signed'] });
      const proposal = offline.newSignedProposal(unsigned.getBytes(), await signer(unsigned.getDigest()));
      const endorsed = await proposal.endorse();
      const transaction = offline.newSignedTransaction(endorsed.getBytes(), await signer(endorsed.getDigest()));
      const submitted = await transaction.submit();
      const commit = offline.newSignedCommit(submitted.getBytes(), await signer(submitted.getDigest()));
      await expect(commit.getStatus()).resolves.toMatchObject({
        successful: true,
        transactionId: proposal.getTransactionId(),
      });
      expect(text(await contract.evaluateTransaction('Get', 'offline'))).toBe('signed');
    } finally {
      offline.close();
    }
  });

  it('orders a resubmitted signed transaction again, and commits it as DUPLICATE_TXID: state changes once', async () => {
    const { identity, signer } = await gatewayIdentity(devnet, 'EcommerceMSP', 'store1');
    const offline = connect({ client, identity, signer });
    try {
      const unsigned = offline
        .getNetwork(CHANNEL)
        .getContract(CHAINCODE)
        .newProposal('Put', { arguments: ['once', 'v'] });
      const proposal = offline.newSignedProposal(unsigned.getBytes(), await signer(unsigned.getDigest()));
      const endorsed = await proposal.endorse();
      const signature = await signer(endorsed.getDigest());
      const txId = endorsed.getTransactionId();

      const first = await offline.newSignedTransaction(endorsed.getBytes(), signature).submit();
      const original = await first.getStatus();
      expect(original).toMatchObject({ successful: true, code: peer.TxValidationCode.VALID });

      const blocks = await network.getBlockEvents({ startBlock: devnet.chainInfo().height });
      const retried = await offline.newSignedTransaction(endorsed.getBytes(), signature).submit();
      let duplicateCode: number | undefined;
      let duplicateBlock: bigint | undefined;
      try {
        for await (const block of blocks) {
          const decoded = decodeBlock(block);
          const tx = decoded.transactions.find((t) => t.txId === txId);
          if (tx) {
            duplicateCode = tx.validationCode;
            duplicateBlock = decoded.number;
            break;
          }
        }
      } finally {
        blocks.close();
      }
      expect(duplicateCode).toBe(peer.TxValidationCode.DUPLICATE_TXID);
      expect(duplicateBlock).toBeGreaterThan(original.blockNumber);
      // The ledger keeps the first: the commit status of the id stays the original's.
      await expect(retried.getStatus()).resolves.toEqual(original);
      const history = JSON.parse(text(await contract.evaluateTransaction('History', 'once'))) as { txId: string }[];
      expect(history).toEqual([expect.objectContaining({ txId })]);
    } finally {
      offline.close();
    }
  });

  it('endorses on the organisations the client names', async () => {
    const submitted = await contract.submitAsync('Put', {
      arguments: ['two-orgs', 'v'],
      endorsingOrganizations: ['EcommerceMSP', 'FinanceMSP'],
    });
    const { blockNumber, successful } = await submitted.getStatus();
    expect(successful).toBe(true);
    const tx = (await devnet.getDecodedBlock(blockNumber))?.transactions.find(
      (t) => t.txId === submitted.getTransactionId(),
    );
    expect(tx?.endorsements.map((e) => e.mspId).sort()).toEqual(['EcommerceMSP', 'FinanceMSP']);
    await expect(
      contract.submit('Put', { arguments: ['x', 'y'], endorsingOrganizations: ['NoSuchMSP'] }),
    ).rejects.toMatchObject({
      code: status.UNAVAILABLE,
      message: '14 UNAVAILABLE: failed to find any endorsing peers for org(s): NoSuchMSP',
    });
  });

  describe('chaincode events', () => {
    let start: bigint;
    let txIds: string[];

    beforeAll(async () => {
      start = devnet.chainInfo().height;
      // Five events, several in one block, so that resuming inside a block is exercised.
      const submitted = await Promise.all(
        ['e1', 'e2', 'e3', 'e4', 'e5'].map((v) => contract.submitAsync('Put', { arguments: [`ev-${v}`, v] })),
      );
      await Promise.all(submitted.map((s) => s.getStatus()));
      txIds = submitted.map((s) => s.getTransactionId());
    });

    const valueOf = (event: ChaincodeEvent): string => (JSON.parse(text(event.payload)) as { value: string }).value;

    it('replays from a block, in block order, then follows live commits', async () => {
      const events = await network.getChaincodeEvents(CHAINCODE, { startBlock: start });
      const reading = take(events, 6);
      const live = await contract.submitAsync('Put', { arguments: ['ev-live', 'live'] });
      const received = await reading;
      expect(
        received
          .slice(0, 5)
          .map((e) => e.transactionId)
          .sort(),
      ).toEqual([...txIds].sort());
      expect(received[5]).toMatchObject({
        transactionId: live.getTransactionId(),
        chaincodeName: CHAINCODE,
        eventName: 'Put',
      });
      const blockNumbers = received.map((e) => e.blockNumber);
      expect([...blockNumbers].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))).toEqual(blockNumbers);
    });

    it('resumes after the last checkpointed event, without gap or duplicate', async () => {
      const checkpointer = checkpointers.inMemory();
      const all = await take(await network.getChaincodeEvents(CHAINCODE, { startBlock: start }), 5);
      const firstTwo = await take(
        await network.getChaincodeEvents(CHAINCODE, { startBlock: start, checkpoint: checkpointer }),
        2,
      );
      for (const event of firstTwo) await checkpointer.checkpointChaincodeEvent(event);
      expect(checkpointer.getTransactionId()).toBe(firstTwo[1]?.transactionId);
      const rest = await take(await network.getChaincodeEvents(CHAINCODE, { checkpoint: checkpointer }), 3);
      expect([...firstTwo, ...rest].map(valueOf)).toEqual(all.map(valueOf));
    });
  });

  describe('block events', () => {
    it('delivers full blocks as the ledger stores them', async () => {
      const submitted = await contract.submitAsync('Put', { arguments: ['blk', 'full'] });
      const { blockNumber } = await submitted.getStatus();
      const blocks = await take(await network.getBlockEvents({ startBlock: blockNumber - 1n }), 2);
      expect(blocks.map((b) => BigInt(b.getHeader()?.getNumber() ?? -1))).toEqual([blockNumber - 1n, blockNumber]);
      const stored = await devnet.getBlock(blockNumber);
      expect(Buffer.from(blocks[1]!.serializeBinary())).toEqual(Buffer.from(stored!.serializeBinary()));
    });

    it('delivers filtered blocks: ids, codes and event names without payloads', async () => {
      const submitted = await contract.submitAsync('Put', { arguments: ['blk', 'filtered'] });
      const { blockNumber } = await submitted.getStatus();
      const [filtered] = await take(await network.getFilteredBlockEvents({ startBlock: blockNumber }), 1);
      expect(filtered?.getNumber()).toBe(Number(blockNumber));
      expect(filtered?.getChannelId()).toBe(CHANNEL);
      const tx = filtered?.getFilteredTransactionsList().find((t) => t.getTxid() === submitted.getTransactionId());
      expect(tx?.getTxValidationCode()).toBe(peer.TxValidationCode.VALID);
      expect(tx?.getType()).toBe(common.HeaderType.ENDORSER_TRANSACTION);
      const event = tx?.getTransactionActions()?.getChaincodeActionsList()[0]?.getChaincodeEvent();
      expect(event?.getEventName()).toBe('Put');
      expect(event?.getChaincodeId()).toBe(CHAINCODE);
      expect(event?.getPayload_asU8()).toHaveLength(0);
    });

    it('delivers private data only to members of the collection', async () => {
      const secret = 'delivery address';
      const submitted = await contract.submitAsync('PutPrivate', {
        arguments: ['ecommerceFinance', 'pvt-block'],
        transientData: { value: secret },
      });
      const { blockNumber, successful } = await submitted.getStatus();
      expect(successful).toBe(true);
      const [member] = await take(await network.getBlockAndPrivateDataEvents({ startBlock: blockNumber }), 1);
      const txNum = decodeBlock(member!.getBlock()!).transactions.findIndex(
        (t) => t.txId === submitted.getTransactionId(),
      );
      const pvt = pbMap<number, ledger.rwset.TxPvtReadWriteSet>(member?.getPrivateDataMapMap()).get(txNum);
      const collection = pvt?.getNsPvtRwsetList()[0]?.getCollectionPvtRwsetList()[0];
      expect(collection?.getCollectionName()).toBe('ecommerceFinance');
      const writes = ledger.rwset.kvrwset.KVRWSet.deserializeBinary(collection!.getRwset_asU8()).getWritesList();
      expect(writes.map((w) => [w.getKey(), text(w.getValue_asU8())])).toEqual([['pvt-block', secret]]);

      const energy = await connectAs(client, devnet, 'EnergyMSP', 'producer1');
      try {
        const [outsider] = await take(
          await energy.getNetwork(CHANNEL).getBlockAndPrivateDataEvents({ startBlock: blockNumber }),
          1,
        );
        expect(pbMap(outsider?.getPrivateDataMapMap()).getLength()).toBe(0);
        expect(Buffer.from(outsider!.getBlock()!.serializeBinary()).includes(Buffer.from(secret))).toBe(false);
      } finally {
        energy.close();
      }
    });

    it('answers NOT_FOUND for a start beyond the next block, FORBIDDEN for a forged request', async () => {
      const far = devnet.chainInfo().height + 5n;
      await expect(take(await network.getBlockEvents({ startBlock: far }), 1)).rejects.toThrow(
        'Unexpected status response: 404',
      );
      const bank = await gatewayIdentity(devnet, 'FinanceMSP', 'bank1');
      const store = await gatewayIdentity(devnet, 'EcommerceMSP', 'store1');
      const forged = connect({ client, identity: bank.identity, signer: store.signer });
      try {
        await expect(take(await forged.getNetwork(CHANNEL).getBlockEvents({ startBlock: 0n }), 1)).rejects.toThrow(
          'Unexpected status response: 403',
        );
      } finally {
        forged.close();
      }
    });
  });

  describe('system chaincodes', () => {
    const qscc = (): Contract => network.getContract('qscc');

    it('qscc GetChainInfo answers the chain height and head', async () => {
      const info = common.BlockchainInfo.deserializeBinary(await qscc().evaluateTransaction('GetChainInfo', CHANNEL));
      const local = devnet.chainInfo();
      expect(BigInt(info.getHeight())).toBe(local.height);
      expect(Buffer.from(info.getCurrentblockhash_asU8()).toString('hex')).toBe(local.currentBlockHash);
      expect(Buffer.from(info.getPreviousblockhash_asU8()).toString('hex')).toBe(local.previousBlockHash);
    });

    it('qscc GetBlockByNumber, GetBlockByHash, GetBlockByTxID and GetTransactionByID answer the stored bytes', async () => {
      const submitted = await contract.submitAsync('Put', { arguments: ['qscc', 'v'] });
      const { blockNumber } = await submitted.getStatus();
      const txId = submitted.getTransactionId();
      const stored = Buffer.from((await devnet.getBlock(blockNumber))!.serializeBinary());

      const byNumber = await qscc().evaluateTransaction('GetBlockByNumber', CHANNEL, String(blockNumber));
      expect(Buffer.from(byNumber)).toEqual(stored);
      const byTxId = await qscc().evaluateTransaction('GetBlockByTxID', CHANNEL, txId);
      expect(Buffer.from(byTxId)).toEqual(stored);
      const hash = Buffer.from(decodeBlock(stored).hash, 'hex');
      const byHash = await qscc().evaluateTransaction('GetBlockByHash', CHANNEL, hash);
      expect(Buffer.from(byHash)).toEqual(stored);
      const newest = await qscc().evaluateTransaction('GetBlockByNumber', CHANNEL, '18446744073709551615');
      expect(common.Block.deserializeBinary(newest).getHeader()?.getNumber()).toBe(
        Number(devnet.chainInfo().height - 1n),
      );

      const processed = peer.ProcessedTransaction.deserializeBinary(
        await qscc().evaluateTransaction('GetTransactionByID', CHANNEL, txId),
      );
      expect(processed.getValidationcode()).toBe(peer.TxValidationCode.VALID);
      const envelope = processed.getTransactionenvelope();
      expect(decodeTransactionEnvelope(envelope!.serializeBinary())).toMatchObject({ txId, functionName: 'Put' });
    });

    it('qscc answers Fabric\'s "not found" errors', async () => {
      const notFound = async (fn: string, arg: string, message: string): Promise<void> => {
        const err = await rejection(qscc().evaluateTransaction(fn, CHANNEL, arg));
        expect(err).toBeInstanceOf(GatewayError);
        expect(err).toMatchObject({
          code: status.UNKNOWN,
          message: `2 UNKNOWN: evaluate call to endorser returned error: chaincode response 500, ${message}`,
          details: [{ address: server.address, mspId: 'EcommerceMSP', message: `chaincode response 500, ${message}` }],
        });
      };
      await notFound(
        'GetBlockByNumber',
        '999',
        'Failed to get block number 999, error no such block number [999] in index',
      );
      await notFound(
        'GetTransactionByID',
        'nope',
        'Failed to get transaction with id nope, error no such transaction ID [nope] in index',
      );
      await notFound(
        'GetBlockByTxID',
        'nope',
        'Failed to get block for txID nope, error no such transaction ID [nope] in index',
      );
      await notFound(
        'GetBlockByNumber',
        'abc',
        'Failed to parse block number with error strconv.ParseUint: parsing "abc": invalid syntax',
      );
      await expect(qscc().evaluateTransaction('GetChainInfo', 'other')).rejects.toMatchObject({
        message: expect.stringContaining('chaincode response 500, Invalid chain ID, other') as string,
      });
    });

    it('_lifecycle QueryChaincodeDefinition(s) answers the deployed definition', async () => {
      const lifecycle = network.getContract('_lifecycle');
      const args = new peer.lifecycle.QueryChaincodeDefinitionArgs();
      args.setName(CHAINCODE);
      const result = peer.lifecycle.QueryChaincodeDefinitionResult.deserializeBinary(
        await lifecycle.evaluateTransaction('QueryChaincodeDefinition', args.serializeBinary()),
      );
      expect(result.getSequence()).toBe(1);
      expect(result.getVersion()).toBe('1.0');
      expect(result.getEndorsementPlugin()).toBe('escc');
      expect(result.getValidationPlugin()).toBe('vscc');
      expect(
        peer.ApplicationPolicy.deserializeBinary(
          result.getValidationParameter_asU8(),
        ).getChannelConfigPolicyReference(),
      ).toBe('/Channel/Application/Endorsement');
      const collection = result.getCollections()?.getConfigList()[0]?.getStaticCollectionConfig();
      expect(collection?.getName()).toBe('ecommerceFinance');
      expect(collection?.getMemberOnlyRead()).toBe(true);
      expect(Object.fromEntries(pbMap<string, boolean>(result.getApprovalsMap()).toArray())).toEqual({
        EcommerceMSP: true,
        FinanceMSP: true,
        EnergyMSP: true,
      });

      const all = peer.lifecycle.QueryChaincodeDefinitionsResult.deserializeBinary(
        await lifecycle.evaluateTransaction(
          'QueryChaincodeDefinitions',
          new peer.lifecycle.QueryChaincodeDefinitionsArgs().serializeBinary(),
        ),
      );
      expect(all.getChaincodeDefinitionsList().map((d) => [d.getName(), d.getSequence(), d.getVersion()])).toEqual([
        [CHAINCODE, 1, '1.0'],
      ]);

      args.setName('nope');
      await expect(
        lifecycle.evaluateTransaction('QueryChaincodeDefinition', args.serializeBinary()),
      ).rejects.toMatchObject({
        code: status.UNKNOWN,
        message:
          '2 UNKNOWN: evaluate call to endorser returned error: chaincode response 404, namespace nope is not defined',
      });
    });

    it('cscc GetChannelConfig answers the channel configuration with the member organisations', async () => {
      const config = common.Config.deserializeBinary(
        await network.getContract('cscc').evaluateTransaction('GetChannelConfig', CHANNEL),
      );
      const groups = (group: common.ConfigGroup | undefined): PbMap<string, common.ConfigGroup> =>
        pbMap<string, common.ConfigGroup>(group?.getGroupsMap());
      const application = groups(config.getChannelGroup()).get('Application');
      const orgs = groups(application)
        .toArray()
        .map(([mspId]) => mspId);
      expect(orgs.sort()).toEqual(['EcommerceMSP', 'EnergyMSP', 'FinanceMSP']);
      const msp = pbMap<string, common.ConfigValue>(groups(application).get('FinanceMSP')?.getValuesMap()).get('MSP');
      expect(msp).toBeDefined();
    });
  });

  it('serves the peer Endorser and the orderer Broadcast to clients without the gateway', async () => {
    const endorser = new peer.EndorserClient(server.address, grpc.credentials.createInsecure());
    const broadcaster = new orderer.AtomicBroadcastClient(server.address, grpc.credentials.createInsecure());
    try {
      const signing = await devnet.identity('FinanceMSP', 'bank2');
      const proposal = await newSignedProposal(
        {
          channelId: CHANNEL,
          chaincodeName: CHAINCODE,
          args: [Buffer.from('Put'), Buffer.from('raw-grpc'), Buffer.from('v')],
          creator: signing.identity,
          timestamp: txTimestampNow(),
        },
        signing,
      );
      const response = await new Promise<peer.ProposalResponse>((resolve, reject) => {
        endorser.processProposal(proposal.signedProposal, (err, value) => {
          if (err) reject(err);
          else if (value) resolve(value);
        });
      });
      expect(response.getResponse()?.getStatus()).toBe(200);
      expect(response.getEndorsement()?.getSignature_asU8().byteLength).toBeGreaterThan(0);

      const envelope = await newTransactionEnvelope(proposal, [response], signing);
      const stream = broadcaster.broadcast();
      const answered = new Promise<orderer.BroadcastResponse>((resolve, reject) => {
        stream.once('data', resolve);
        stream.once('error', reject);
      });
      stream.write(envelope.envelope);
      const answer = await answered;
      stream.end();
      expect(answer.getStatus()).toBe(common.Status.SUCCESS);
      await expect(devnet.waitForCommit(proposal.txId)).resolves.toMatchObject({ successful: true });

      const duplicate = await new Promise<grpc.ServiceError | null>((resolve) => {
        endorser.processProposal(proposal.signedProposal, (err) => {
          resolve(err);
        });
      });
      expect(duplicate).toMatchObject({
        code: status.UNKNOWN,
        details: expect.stringMatching(
          /^duplicate transaction found \[[0-9a-f]{64}\]\. Creator \[[0-9a-f]+\]$/,
        ) as string,
      });

      // The peer CLI's `channel getinfo` asks qscc on no channel: answered, unendorsed.
      const channelless = await newSignedProposal(
        {
          channelId: '',
          chaincodeName: 'qscc',
          args: [Buffer.from('GetChainInfo'), Buffer.from(CHANNEL)],
          creator: signing.identity,
          timestamp: txTimestampNow(),
        },
        signing,
      );
      const info = await new Promise<peer.ProposalResponse>((resolve, reject) => {
        endorser.processProposal(channelless.signedProposal, (err, value) => {
          if (err) reject(err);
          else if (value) resolve(value);
        });
      });
      expect(info.getResponse()?.getStatus()).toBe(200);
      expect(info.hasEndorsement()).toBe(false);
      const height = common.BlockchainInfo.deserializeBinary(info.getResponse()!.getPayload_asU8()).getHeight();
      expect(BigInt(height)).toBe(devnet.chainInfo().height);
    } finally {
      endorser.close();
      broadcaster.close();
    }
  });
});

describe('devnet gRPC endpoint over TLS', () => {
  it('serves TLS with a certificate issued by the first organisation\u2019s CA, and refuses plain clients', async () => {
    const { devnet, cleanup } = await openTestDevnet();
    const server = await startDevnetServer({ devnet, port: 0, tls: true });
    const client = grpcClient(server);
    try {
      expect(server.tlsRootCertPem).toContain('BEGIN CERTIFICATE');
      expect(server.tlsRootCertPath).toBe(`${devnet.dataDir}/tls/ca.crt`);
      const gw = await connectAs(client, devnet, 'FinanceMSP', 'bank1');
      try {
        const contract = gw.getNetwork(CHANNEL).getContract(CHAINCODE);
        await contract.submitTransaction('Put', 'tls', 'on');
        expect(text(await contract.evaluateTransaction('Get', 'tls'))).toBe('on');
      } finally {
        gw.close();
      }
      const plain = new grpc.Client(server.address, grpc.credentials.createInsecure());
      const gwPlain = await connectAs(plain, devnet, 'FinanceMSP', 'bank1', {
        evaluateOptions: () => ({ deadline: Date.now() + 3000 }),
      });
      try {
        const err = await rejection(
          gwPlain.getNetwork(CHANNEL).getContract(CHAINCODE).evaluateTransaction('Get', 'tls'),
        );
        expect(err).toBeInstanceOf(GatewayError);
        // A plain HTTP/2 client cannot talk to a TLS endpoint: the connection never becomes ready.
        expect([status.UNAVAILABLE, status.DEADLINE_EXCEEDED]).toContain((err as GatewayError).code);
      } finally {
        gwPlain.close();
        plain.close();
      }
    } finally {
      client.close();
      await server.close();
      await cleanup();
    }
  });
});
