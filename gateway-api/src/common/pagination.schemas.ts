import { Bookmark, PageSize as ContractPageSize, type Page } from '@allianceledger/contract';
import { z } from 'zod';

/**
 * Paging over REST: `pageSize` (1–100, default 20) and `bookmark` in the query; `{items, bookmark}` out,
 * an empty bookmark meaning the last page. The chaincode's bookmark is a composite key holding NUL
 * bytes (which shells and many clients drop), so over REST it travels as an opaque URL-safe token:
 * base64url of the chaincode's bookmark, decoded here on the way in.
 */

/** Query parameters arrive as strings; the page size is the contract's, coerced. */
export const PageSize = z.coerce.number().pipe(ContractPageSize).describe('Items per page, 1–100 (default 20)');

const TOKEN = /^[A-Za-z0-9_-]*$/;

function toToken(bookmark: string): string {
  return Buffer.from(bookmark, 'utf8').toString('base64url');
}

/** Whether `token` is the canonical base64url of some bytes (what {@link toToken} writes). */
function isToken(token: string): boolean {
  return TOKEN.test(token) && Buffer.from(token, 'base64url').toString('base64url') === token;
}

/** A page token: base64url of the chaincode's bookmark, decoded to it. */
export const BookmarkToken = z.codec(
  z
    .string()
    .max(1400, 'at most 1400 characters')
    .refine(isToken, 'a bookmark as a previous page returned it (URL-safe base64)')
    .describe('The `bookmark` of the previous page, as given (URL-safe); omit it for the first page'),
  Bookmark,
  { decode: (token) => Buffer.from(token, 'base64url').toString('utf8'), encode: toToken },
);

/** The paging query parameters, to spread into a listing's query schema. */
export const Paging = {
  pageSize: PageSize.optional(),
  bookmark: BookmarkToken.optional(),
} as const;

/** One page of a listing, as REST answers it. */
export function pageOf<T extends z.ZodType>(item: T): z.ZodObject<{ items: z.ZodArray<T>; bookmark: z.ZodString }> {
  return z.object({
    items: z.array(item),
    bookmark: z
      .string()
      .describe('An opaque URL-safe token: pass it as `bookmark` for the next page; empty on the last page'),
  });
}

/** A chaincode page with its bookmark turned into the REST token. */
export function restPage<T>(page: Page<T>): Page<T> {
  return { items: page.items, bookmark: page.bookmark === '' ? '' : toToken(page.bookmark) };
}

/** Evaluates a chaincode listing and answers its page with the bookmark as a REST token. */
export async function evaluatePage(evaluate: () => Promise<unknown>): Promise<Page<unknown>> {
  return restPage((await evaluate()) as Page<unknown>);
}
