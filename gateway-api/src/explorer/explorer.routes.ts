import { protocol } from '@allianceledger/fabric-protocol';
import { ProblemError } from '../http/problem';
import { parseChaincodeResult } from '../transactions/transaction-service';
import { mayReadPayload } from '../visibility/audience';
import type { Viewer } from '../visibility/viewer';
import { readRoute, type Route } from '../http/route';
import {
  BlockParams,
  BlockResponse,
  ChainInfoResponse,
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
    path: '/blocks/:number',
    operationId: 'getBlock',
    summary: 'A block: hashes and the transactions it holds (headers only, never read/write sets)',
    tags: ['explorer'],
    params: BlockParams,
    response: BlockResponse,
    handle: async ({ ledger, params }): Promise<z.infer<typeof BlockResponse>> => {
      const block = await ledger.block(BigInt(params.number));
      if (!block) throw new ProblemError('NOT_FOUND', `no block ${params.number}`);
      return {
        number: block.number.toString(),
        hash: block.hash,
        previousHash: block.previousHash,
        dataHash: block.dataHash,
        transactionCount: block.transactions.length,
        transactions: block.transactions.map(summary),
      };
    },
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
      const block = await ledger.block(status.blockNumber);
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
