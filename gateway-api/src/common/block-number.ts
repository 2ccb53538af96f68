import type { LedgerPort } from '../ledger/ledger-port';
import { stringAt } from './location';

/**
 * Adds the block number of a chaincode answer's `txId` (an evidence verification, a version of a
 * record's history): the chaincode knows its transaction id, only the ledger knows the block.
 */
export async function withBlockNumber(ledger: LedgerPort, answer: unknown): Promise<unknown> {
  const txId = stringAt(answer, 'txId');
  if (txId === undefined) return answer;
  const status = await ledger.transactionStatus(txId);
  return status ? { ...(answer as object), blockNumber: status.blockNumber.toString() } : answer;
}
