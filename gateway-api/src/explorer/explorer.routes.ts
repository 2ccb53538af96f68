import { protocol } from '@allianceledger/fabric-protocol';
import { ProblemError } from '../http/problem';
import { parseChaincodeResult } from '../transactions/transaction-service';
import { mayReadPayload } from '../visibility/audience';
import type { Viewer } from '../visibility/viewer';
import { readRoute, type Route } from '../http/route';
import { summarize } from './chain-watcher';
import {
  ActivityResponse,
  BlockHashParams,
  BlockListQuery,
  BlockListResponse,
  BlockParams,
  BlockResponse,
  ChainInfoResponse,
  NetworkResponse,
  TransactionParams,
  TransactionResponse,
} from './explorer.schemas';
import type { z } from 'zod';

type DecodedTransaction = protocol.DecodedBlock['transactions'][number];

/** Block explorer and transaction status: what any member may see of the chain itself. */
export const explorerRoutes: readonly Route[] = [
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/chain',
    operationId: 'getChainInfo',
    summary: 'Chain height and current block hash',
    tags: ['explorer'],
    response: ChainInfoResponse,
    handle: async ({ ledger }): Promise<z.infer<typeof ChainInfoResponse>> => {
      const info = await ledger.chainInfo();
      return { ...info, height: info.height.toString() };
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/chain/activity',
    operationId: 'getChainActivity',
    summary: 'The recent blocks counted: transactions per minute (last hour), by organisation, chaincode, function',
    description:
      'Counted over the most recent blocks the gateway keeps (200): creator organisations, chaincodes, functions ' +
      'and validation codes — never arguments or payloads.',
    tags: ['explorer'],
    response: ActivityResponse,
    handle: ({ explorer }) => explorer.activity(),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/blocks',
    operationId: 'listBlocks',
    summary: 'Blocks, newest first: each with its header fields and hash (what a browser needs to re-hash the chain)',
    tags: ['explorer'],
    query: BlockListQuery,
    response: BlockListResponse,
    handle: async ({ ledger, explorer, query }): Promise<z.infer<typeof BlockListResponse>> => {
      const { height } = await ledger.chainInfo();
      const top = query.before === undefined || BigInt(query.before) > height ? height : BigInt(query.before);
      const limit = BigInt(query.limit ?? '20');
      const from = top > limit ? top - limit : 0n;
      const numbers: bigint[] = [];
      for (let n = top - 1n; n >= from; n--) numbers.push(n);
      const blocks = await Promise.all(numbers.map((n) => explorer.blocks.block(n)));
      return {
        items: blocks.filter((b) => b !== undefined).map((b) => header(b)),
        ...(from > 0n ? { next: from.toString() } : {}),
      };
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/blocks/by-hash/:hash',
    operationId: 'getBlockByHash',
    summary: 'The block whose header hash is given (qscc GetBlockByHash)',
    tags: ['explorer'],
    params: BlockHashParams,
    response: BlockResponse,
    handle: async ({ explorer, params }): Promise<z.infer<typeof BlockResponse>> => {
      const block = await explorer.blocks.blockByHash(params.hash);
      if (!block) throw new ProblemError('NOT_FOUND', `no block has the hash ${params.hash}`);
      return blockView(block);
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/blocks/:number',
    operationId: 'getBlock',
    summary: 'A block: hashes and the transactions it holds (headers only, never read/write sets)',
    tags: ['explorer'],
    params: BlockParams,
    response: BlockResponse,
    handle: async ({ explorer, params }): Promise<z.infer<typeof BlockResponse>> => {
      const block = await explorer.blocks.block(BigInt(params.number));
      if (!block) throw new ProblemError('NOT_FOUND', `no block ${params.number}`);
      return blockView(block);
    },
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/network',
    operationId: 'getNetwork',
    summary: 'The network: peers and orderers with their heights and health, the chaincode definition',
    description:
      "Each peer's height from its own qscc, the chaincode's version and sequence from `_lifecycle` " +
      "QueryChaincodeDefinition, and each node's operations service (`/healthz`, `ledger_blockchain_height`) when " +
      'the connection file names it. On devnet: the peers it emulates on its one endpoint.',
    tags: ['explorer'],
    response: NetworkResponse,
    handle: ({ explorer }) => explorer.networkView(),
  }),
  readRoute({
    kind: 'read',
    method: 'get',
    path: '/transactions/:transactionId',
    operationId: 'getTransaction',
    summary: 'Status of a transaction: pending, committed or invalid, with its block and events',
    description:
      "Anyone may see a transaction's status, block, creator organisation, function and event names; an event's " +
      'payload only its audience (the parties of its record, as the chaincode names them) and auditors.',
    tags: ['transactions'],
    params: TransactionParams,
    response: TransactionResponse,
    handle: async ({
      ledger,
      explorer,
      transactions,
      viewers,
      principal,
      params,
    }): Promise<z.infer<typeof TransactionResponse>> => {
      const id = params.transactionId;
      const status = await ledger.transactionStatus(id);
      if (!status) {
        if (transactions.isPending(id)) return { transactionId: id, status: 'PENDING' };
        throw new ProblemError('NOT_FOUND', `transaction ${id} is not on the ledger`);
      }
      const block = await explorer.blocks.block(status.blockNumber);
      const tx = block?.transactions.find((t) => t.txId === id);
      return {
        transactionId: id,
        status: status.valid ? 'COMMITTED' : 'INVALID',
        blockNumber: status.blockNumber.toString(),
        validationCode: status.validationCode,
        ...(tx
          ? {
              creatorMspId: tx.creator.mspId,
              timestamp: protocol.txTimestampToIsoString(tx.timestamp),
              chaincode: tx.chaincodeName,
              function: tx.functionName,
              events: status.valid && tx.event ? [visibleEvent(tx.event, await viewers.viewerOf(principal))] : [],
            }
          : {}),
      };
    },
  }),
];

/** An event with its payload when the viewer is of its audience, else its name alone. */
function visibleEvent(
  event: NonNullable<DecodedTransaction['event']>,
  viewer: Viewer,
): { name: string; payload?: unknown } {
  const payload = parseChaincodeResult(event.payload);
  return mayReadPayload(viewer, payload) ? { name: event.eventName, payload } : { name: event.eventName };
}

function header(block: protocol.DecodedBlock): z.infer<typeof BlockListResponse>['items'][number] {
  const s = summarize(block);
  return {
    number: s.number.toString(),
    hash: s.hash,
    previousHash: s.previousHash,
    dataHash: s.dataHash,
    ...(s.time ? { time: s.time } : {}),
    transactionCount: s.transactions.length,
  };
}

function blockView(block: protocol.DecodedBlock): z.infer<typeof BlockResponse> {
  return { ...header(block), transactions: block.transactions.map(summary) };
}

function summary(tx: DecodedTransaction): z.infer<typeof BlockResponse>['transactions'][number] {
  return {
    transactionId: tx.txId,
    timestamp: protocol.txTimestampToIsoString(tx.timestamp),
    creatorMspId: tx.creator.mspId,
    chaincode: tx.chaincodeName,
    function: tx.functionName,
    validationCode: tx.validationCodeName,
    ...(tx.event ? { eventName: tx.event.eventName } : {}),
  };
}
