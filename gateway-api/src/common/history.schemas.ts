import { historyEntryOf } from '@allianceledger/contract';
import { z } from 'zod';

/** Every committed version of a record, oldest first: the history of its key on the ledger. */
export function historyOf<T extends z.ZodType>(
  record: T,
): z.ZodObject<{ items: z.ZodArray<ReturnType<typeof historyEntryOf<T>>> }> {
  return z.object({ items: z.array(historyEntryOf(record)) });
}
