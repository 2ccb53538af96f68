import { z } from 'zod';
import type { Logger } from 'pino';
import type { IdentityRegistry } from '../auth/identity-registry';
import type { Principal } from '../auth/principal';
import { chaincodeCall } from '../common/chaincode-call';
import type { TransactionService } from '../transactions/transaction-service';

/**
 * Handles beside party ids in responses. Wherever a response schema types a property as a party id
 * (`$ref` to the `PartyId` component), the gateway adds `<property>Handle` — the party's handle,
 * `EcommerceMSP:store1` — when the party is a registered member. The same rule, on the same JSON Schema,
 * writes the OpenAPI document ({@link withHandleProperties}) and the responses ({@link HandleLabeler}),
 * so the two cannot disagree. Handles never change, so a handle once learnt is kept.
 */

type JsonSchema = Readonly<Record<string, unknown>>;

/** The suffix of the property that carries a party's handle. */
export const HANDLE_SUFFIX = 'Handle';

/** Whether a JSON Schema is (a `$ref` to) the `PartyId` component. */
function isPartyId(schema: unknown): boolean {
  const ref = (schema as JsonSchema | undefined)?.$ref;
  return typeof ref === 'string' && ref.endsWith('/PartyId');
}

/**
 * The property names of an object schema that hold a party id — except `party` beside a `handle` of
 * its own (a member record, a directory entry), which names its handle already.
 */
function partyProperties(schema: JsonSchema): string[] {
  const properties = (schema.properties ?? {}) as Record<string, unknown>;
  return Object.keys(properties).filter(
    (name) => isPartyId(properties[name]) && !(name === 'party' && 'handle' in properties),
  );
}

/**
 * An object schema with `<property>Handle` beside each party id property, for the OpenAPI document
 * (applied to every object inside `schema`).
 */
export function withHandleProperties(schema: unknown, handleSchema: JsonSchema): unknown {
  if (Array.isArray(schema)) return schema.map((s) => withHandleProperties(s, handleSchema));
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = withHandleProperties(v, handleSchema);
  const parties = partyProperties(schema as JsonSchema);
  if (parties.length > 0) {
    const properties = { ...(out.properties as Record<string, unknown>) };
    for (const name of parties) {
      properties[`${name}${HANDLE_SUFFIX}`] = {
        ...handleSchema,
        description: `The handle of \`${name}\`, added by the gateway when that party is a registered member`,
      };
    }
    out.properties = properties;
  }
  return out;
}

/**
 * Walks `value` along `schema` (resolving `$ref`s into `defs`) and returns `value` with each object
 * passed through `visit(object, partyPropertyNames)`.
 */
function walk(
  schema: unknown,
  value: unknown,
  defs: Readonly<Record<string, unknown>>,
  visit: (object: Record<string, unknown>, parties: readonly string[]) => Record<string, unknown>,
): unknown {
  const s = resolve(schema, defs);
  if (s === undefined || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) {
    return s.items === undefined ? value : value.map((item) => walk(s.items, item, defs, visit));
  }
  let object = value as Record<string, unknown>;
  for (const branch of [...list(s.anyOf), ...list(s.oneOf), ...list(s.allOf)]) {
    object = walk(branch, object, defs, visit) as Record<string, unknown>;
  }
  const properties = (s.properties ?? {}) as Record<string, unknown>;
  if (Object.keys(properties).length === 0) return object;
  const walked: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(object)) {
    walked[k] = k in properties ? walk(properties[k], v, defs, visit) : v;
  }
  return visit(
    walked,
    partyProperties(s).filter((name) => typeof walked[name] === 'string'),
  );
}

function resolve(schema: unknown, defs: Readonly<Record<string, unknown>>): JsonSchema | undefined {
  if (typeof schema !== 'object' || schema === null) return undefined;
  const ref = (schema as JsonSchema).$ref;
  if (typeof ref === 'string' && !isPartyId(schema)) {
    const target = defs[ref.slice(ref.lastIndexOf('/') + 1)];
    return resolve(target, defs) ?? (schema as JsonSchema);
  }
  return schema as JsonSchema;
}

function list(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

/** A response's JSON Schema (zod's output form, with its `$defs`). */
export interface ResponseSchema {
  readonly schema: JsonSchema;
  readonly defs: Readonly<Record<string, unknown>>;
}

const responseSchemas = new WeakMap<z.ZodType, ResponseSchema>();

/** A zod response schema in JSON Schema form, as the OpenAPI document shows it; made once, when first asked. */
export function responseSchema(schema: z.ZodType): ResponseSchema {
  let response = responseSchemas.get(schema);
  if (!response) {
    const { $defs, ...rest } = z.toJSONSchema(schema, { io: 'output', unrepresentable: 'any' });
    response = { schema: rest, defs: $defs ?? {} };
    responseSchemas.set(schema, response);
  }
  return response;
}

const partyIdMentioned = new WeakMap<ResponseSchema, boolean>();

/** Whether a response schema refers to `PartyId` anywhere: a response of one that does not has no party to label. */
function mentionsPartyId(response: ResponseSchema): boolean {
  let mentions = partyIdMentioned.get(response);
  if (mentions === undefined) {
    mentions = JSON.stringify(response).includes('/PartyId"');
    partyIdMentioned.set(response, mentions);
  }
  return mentions;
}

interface Known {
  readonly handle: string | null;
  readonly at: number;
}

/** How long "not a member" is believed: the party may be registered a moment later. */
const UNKNOWN_TTL_MS = 60_000;
/** Parties the labeler remembers at most (then it starts over). */
const MAX_REMEMBERED = 50_000;
/** Parties one `members:HandlesOf` call asks about at most. */
const BATCH = 100;

/** Adds handles beside the party ids of responses, asking the chaincode's directory for them. */
export class HandleLabeler {
  readonly #transactions: TransactionService;
  readonly #identities: IdentityRegistry | undefined;
  readonly #log: Logger | undefined;
  readonly #known = new Map<string, Known>();

  constructor(options: Readonly<{ transactions: TransactionService; identities?: IdentityRegistry; log?: Logger }>) {
    this.#transactions = options.transactions;
    this.#identities = options.identities;
    this.#log = options.log;
  }

  /**
   * `value` with `<property>Handle` beside each party id its schema types as one. Never fails: a party
   * whose handle cannot be learnt now goes without.
   */
  async label(principal: Principal, response: ResponseSchema, value: unknown): Promise<unknown> {
    if (!mentionsPartyId(response)) return value;
    const parties = new Set<string>();
    walk(response.schema, value, response.defs, (object, names) => {
      for (const name of names) parties.add(object[name] as string);
      return object;
    });
    if (parties.size === 0) return value;
    const handles = await this.#handles(principal, [...parties]);
    return walk(response.schema, value, response.defs, (object, names) => {
      const out: Record<string, unknown> = {};
      for (const [k, v] of Object.entries(object)) {
        out[k] = v;
        const handle = names.includes(k) ? handles.get(v as string) : undefined;
        if (handle !== undefined && handle !== null && !(`${k}${HANDLE_SUFFIX}` in object)) {
          out[`${k}${HANDLE_SUFFIX}`] = handle;
        }
      }
      return out;
    });
  }

  async #handles(principal: Principal, parties: readonly string[]): Promise<ReadonlyMap<string, string | null>> {
    const now = Date.now();
    const unknown = parties.filter((p) => {
      const known = this.#known.get(p);
      return known === undefined || (known.handle === null && now - known.at > UNKNOWN_TTL_MS);
    });
    for (let i = 0; i < unknown.length; i += BATCH) {
      await this.#learn(principal, unknown.slice(i, i + BATCH), now);
    }
    return new Map(parties.map((p) => [p, this.#known.get(p)?.handle ?? null]));
  }

  async #learn(principal: Principal, parties: readonly string[], now: number): Promise<void> {
    try {
      const answer = (await this.#transactions.evaluate(
        await this.#reader(principal),
        chaincodeCall('members:HandlesOf', { parties: [...parties] }),
      )) as { readonly items: readonly { readonly party: string; readonly handle: string | null }[] };
      if (this.#known.size + parties.length > MAX_REMEMBERED) this.#known.clear();
      for (const { party, handle } of answer.items) this.#known.set(party, { handle, at: now });
    } catch (error) {
      this.#log?.debug({ err: error }, 'handles not learnt; the response goes without them');
    }
  }

  /** Who asks the directory: the caller, or for a self-custody caller its organisation's admin. */
  async #reader(principal: Principal): Promise<Principal> {
    if (this.#identities?.custody(principal.identity) !== 'self') return principal;
    const { mspId } = await this.#identities.identity(principal.identity);
    return { id: 'gateway', identity: `${mspId}:Admin` };
  }
}
