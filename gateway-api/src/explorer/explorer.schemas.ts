import { z } from 'zod';

export const Uint = z.string().regex(/^(0|[1-9][0-9]*)$/, 'a non-negative integer');
export const Hex = z.string().regex(/^[0-9a-f]*$/);
const Hash = z
  .string()
  .regex(/^[0-9a-fA-F]{64}$/, '64 hex digits (SHA-256), in either case')
  .transform((h) => h.toLowerCase());

export const ChainInfoResponse = z
  .object({ height: Uint, currentBlockHash: Hex, previousBlockHash: Hex })
  .meta({ id: 'ChainInfo' });

export const BlockTransaction = z.object({
  transactionId: z.string(),
  timestamp: z.string().describe('ISO 8601, from the transaction header'),
  creatorMspId: z.string(),
  chaincode: z.string(),
  function: z.string(),
  validationCode: z.string().describe("Fabric's TxValidationCode name"),
  eventName: z.string().optional(),
});

/** The header fields Fabric hashes, and the hash: what a browser needs to re-hash the chain. */
const BlockHeader = {
  number: Uint,
  hash: Hex.describe(
    'SHA-256 of the ASN.1 DER header SEQUENCE {number, previousHash, dataHash}, as Fabric computes it',
  ),
  previousHash: Hex,
  dataHash: Hex.describe('SHA-256 of the concatenated transaction envelopes'),
  time: z.string().optional().describe("The first transaction's timestamp (a Fabric block header has no time)"),
  transactionCount: z.number().int(),
};

export const BlockResponse = z
  .object({ ...BlockHeader, transactions: z.array(BlockTransaction) })
  .meta({ id: 'Block' });

export const BlockListResponse = z
  .object({
    items: z.array(z.object(BlockHeader).meta({ id: 'BlockHeader' })),
    next: Uint.optional().describe('Pass as `before` for the next (older) page; absent on the last page'),
  })
  .meta({ id: 'BlockList' });

export const BlockListQuery = z.strictObject({
  before: Uint.optional().describe('List blocks below this number (default: from the top of the chain)'),
  limit: z
    .string()
    .regex(/^(100|[1-9][0-9]?)$/, '1 to 100')
    .optional()
    .describe('Blocks per page, 1–100 (default 20)'),
});

export const BlockHashParams = z.strictObject({ hash: Hash });

export const TransactionResponse = z
  .object({
    transactionId: z.string(),
    status: z.enum(['PENDING', 'COMMITTED', 'INVALID']),
    blockNumber: Uint.optional(),
    validationCode: z.string().optional(),
    creatorMspId: z.string().optional(),
    timestamp: z.string().optional(),
    chaincode: z.string().optional(),
    function: z.string().optional(),
    events: z
      .array(
        z.object({
          name: z.string(),
          payload: z
            .unknown()
            .optional()
            .describe("The event's payload: present only for its audience (the record's parties) and auditors"),
        }),
      )
      .optional(),
  })
  .meta({ id: 'Transaction' });

const Tallies = z.array(z.object({ key: z.string(), count: z.number().int() }));

export const ActivityResponse = z
  .object({
    height: Uint,
    latestBlock: z.object({ number: Uint, hash: Hex, time: z.string().optional() }).optional(),
    window: z.object({ fromBlock: Uint.optional(), toBlock: Uint.optional(), transactions: z.number().int() }),
    perMinute: z.array(z.object({ minute: z.string(), count: z.number().int() })),
    byOrganisation: Tallies,
    byChaincode: Tallies,
    byFunction: Tallies,
    byValidationCode: Tallies,
    recentBlocks: z.array(
      z.object({ number: Uint, hash: Hex, time: z.string().optional(), transactionCount: z.number().int() }),
    ),
    recentTransactions: z.array(
      BlockTransaction.omit({ eventName: true }).extend({ blockNumber: Uint }).describe('Metadata only'),
    ),
  })
  .meta({ id: 'ChainActivity' });

export const NetworkResponse = z
  .object({
    ledger: z.string(),
    channel: z.string(),
    chaincode: z.object({
      name: z.string(),
      version: z.string().optional(),
      sequence: Uint.optional(),
      approvals: z.record(z.string(), z.boolean()).optional(),
      error: z.string().optional(),
    }),
    nodes: z.array(
      z.object({
        kind: z.enum(['peer', 'orderer']),
        name: z.string(),
        mspId: z.string(),
        endpoint: z.string().optional(),
        operationsUrl: z.string().optional(),
        status: z.enum(['UP', 'DOWN', 'UNKNOWN']),
        height: Uint.optional(),
        health: z.object({ status: z.string(), failedChecks: z.array(z.string()).optional() }).optional(),
        error: z.string().optional(),
      }),
    ),
    emulation: z.string().optional(),
    checkedAt: z.string(),
  })
  .meta({ id: 'NetworkView' });

export const BlockParams = z.strictObject({ number: Uint });
export const TransactionParams = z.strictObject({ transactionId: z.string().regex(/^[0-9a-f]{64}$/, '64 hex digits') });
