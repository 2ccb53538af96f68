import { z } from 'zod';

/**
 * Paging as every chaincode listing does it: `pageSize` (1–100, default 20) and `bookmark` (from the
 * previous page) in; `{items, bookmark}` out, an empty bookmark meaning the last page.
 */

/** Query parameters arrive as strings; the page size is coerced and bounded. */
export const PageSize = z.coerce.number().int().min(1).max(100).describe('Items per page, 1–100 (default 20)');

/** Opaque, and may hold any character: percent-encode it as given. */
export const Bookmark = z
  .string()
  .max(1024)
  .describe('The `bookmark` of the previous page, percent-encoded as given; omit it for the first page');

/** The paging query parameters, to spread into a listing's query schema. */
export const Paging = {
  pageSize: PageSize.optional(),
  bookmark: Bookmark.optional(),
} as const;

/** One page of a listing. */
export function pageOf<T extends z.ZodType>(item: T): z.ZodObject<{ items: z.ZodArray<T>; bookmark: z.ZodString }> {
  return z.object({
    items: z.array(item),
    bookmark: z.string().describe('Pass it as `bookmark` for the next page; empty on the last page'),
  });
}
