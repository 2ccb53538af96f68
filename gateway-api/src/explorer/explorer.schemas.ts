import { z } from 'zod';

export const Uint = z.string().regex(/^(0|[1-9][0-9]*)$/, 'a non-negative integer');
export const Hex = z.string().regex(/^[0-9a-f]*$/);

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

export const BlockResponse = z
  .object({
    number: Uint,
    hash: Hex,
    previousHash: Hex,
    dataHash: Hex,
    transactionCount: z.number().int(),
    transactions: z.array(BlockTransaction),
  })
  .meta({ id: 'Block' });

export const TransactionResponse = z
  .object({
    transactionId: z.string(),
    status: z.enum(['PENDING', 'COMMITTED', 'INVALID']),
    blockNumber: Uint.optional(),
    validationCode: z.string().optional(),
    creatorMspId: z.string().optional(),
    timestamp: z.string().optional(),
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

export const BlockParams = z.strictObject({ number: Uint });
export const TransactionParams = z.strictObject({ transactionId: z.string().regex(/^[0-9a-f]{64}$/, '64 hex digits') });
