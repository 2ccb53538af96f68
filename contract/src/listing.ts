import { z } from 'zod';
import { Paging, PartyRef, text } from './primitives';

/**
 * Listings by party or by status: `{by, value?, pageSize?, bookmark?}`. `by` names an index; for a party
 * index `value` is a party, by handle or party id (default: the caller), for `status` it is one of the record's statuses.
 */
export interface Listing<By extends string> {
  /** The fields, for clients that put them in another shape (the gateway's query). */
  readonly shape: {
    readonly by: z.ZodEnum<{ [K in By]: K }>;
    readonly value: z.ZodOptional<z.ZodString>;
    readonly pageSize: (typeof Paging)['pageSize'];
    readonly bookmark: (typeof Paging)['bookmark'];
  };
  /** `value` must fit `by`. */
  readonly check: (input: { readonly by: string; readonly value?: string | undefined }, ctx: z.RefinementCtx) => void;
  /** The chaincode input. */
  readonly input: z.ZodType<
    { by: By; value?: string | undefined; pageSize?: number | undefined; bookmark?: string | undefined },
    { by: By; value?: string | undefined; pageSize?: number | undefined; bookmark?: string | undefined }
  >;
}

/** A listing over the party indexes `parties` and, with `statuses`, the status index. */
export function listing<P extends string, S extends string = never>(
  parties: readonly [P, ...P[]],
  statuses?: Readonly<Record<string, S>>,
): Listing<P | (S extends never ? never : 'status')> {
  type By = P | (S extends never ? never : 'status');
  const byValues = (statuses ? [...parties, 'status'] : [...parties]) as [By, ...By[]];
  const allowed: readonly string[] = statuses ? Object.values(statuses) : [];
  const shape = {
    by: z
      .enum(byValues)
      .describe(
        `${parties.join(', ')}: a party's own records${statuses ? '; status: every record in one status (auditors)' : ''}`,
      ),
    value: text(1024)
      .optional()
      .describe(
        `by=${parties.join('|')}: a party, by handle (\`EcommerceMSP:store1\`) or party id (default: the caller; ` +
          'auditors may name anyone)' +
          (statuses ? `; by=status: the status (${allowed.join(', ')})` : ''),
      ),
    ...Paging,
  };
  const check: Listing<By>['check'] = (input, ctx) => {
    if (input.by === 'status') {
      if (!allowed.includes(input.value ?? '')) {
        ctx.addIssue({
          code: 'custom',
          path: ['value'],
          message: input.value === undefined ? 'required' : `one of ${allowed.join(', ')}`,
        });
      }
      return;
    }
    if (input.value === undefined) return;
    for (const issue of PartyRef.safeParse(input.value).error?.issues ?? []) {
      ctx.addIssue({ code: 'custom', path: ['value'], message: issue.message });
    }
  };
  return { shape, check, input: z.strictObject(shape).superRefine(check) };
}
