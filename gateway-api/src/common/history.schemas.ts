import { z } from 'zod';
import { Timestamp } from './ids.schemas';

/** Every committed version of a record, oldest first: the history of its key on the ledger. */
export function historyOf<T extends z.ZodType>(
  record: T,
): z.ZodObject<{
  items: z.ZodArray<
    z.ZodObject<{ txId: z.ZodString; timestamp: z.ZodString; isDelete: z.ZodBoolean; value: z.ZodNullable<T> }>
  >;
}> {
  return z.object({
    items: z.array(
      z.object({
        txId: z.string().describe('The transaction that wrote this version'),
        timestamp: Timestamp,
        isDelete: z.boolean(),
        value: record.nullable(),
      }),
    ),
  });
}
