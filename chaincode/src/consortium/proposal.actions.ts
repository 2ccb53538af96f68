import { delistParty, ensureDelistable, ensureListable, listParty, listPayload } from '../credit/credit-list.actions';
import type { AllianceContext } from '../lib/context';
import { currencyDefinition, ensureCurrencyRegistrable, registerCurrency } from '../wallets/currency.service';

/**
 * What a consortium decision can do, by proposal kind. Each kind validates its payload (at creation,
 * INVALID_ARGUMENT), checks it still makes sense (at creation and again at execution) and executes.
 * The white- and blacklist (DOMAIN.md §4) are kinds here: BLACKLIST, WHITELIST and DELIST (removes a
 * party from whichever list holds it), each with payload `{party, reason}`.
 */
export const ProposalKind = {
  REGISTER_CURRENCY: 'REGISTER_CURRENCY',
  BLACKLIST: 'BLACKLIST',
  WHITELIST: 'WHITELIST',
  DELIST: 'DELIST',
} as const;

/** A proposal kind. */
export type ProposalKind = (typeof ProposalKind)[keyof typeof ProposalKind];

/** The behaviour behind one proposal kind. Payloads are stored as the validated, normalised JSON. */
export interface ProposalActionSpec {
  /** Validates and normalises the payload; INVALID_ARGUMENT before anything is read. */
  parse(payload: unknown): object;
  /** Checks the payload against the ledger (e.g. the currency does not exist yet). */
  precheck(ctx: AllianceContext, payload: unknown): Promise<void>;
  /** Carries out the decision; returns what it created. */
  execute(ctx: AllianceContext, payload: unknown, proposalId: string): Promise<object>;
}

/** The proposal kinds and their behaviour. */
export const PROPOSAL_ACTIONS: Readonly<Record<ProposalKind, ProposalActionSpec>> = {
  REGISTER_CURRENCY: {
    parse: (payload) => currencyDefinition(payload, 'input.payload'),
    precheck: (ctx, payload) => ensureCurrencyRegistrable(ctx, currencyDefinition(payload, 'payload')),
    execute: (ctx, payload, proposalId) => registerCurrency(ctx, currencyDefinition(payload, 'payload'), proposalId),
  },
  BLACKLIST: {
    parse: (payload) => listPayload(payload, 'input.payload'),
    precheck: async (ctx, payload) => {
      await ensureListable(ctx, listPayload(payload, 'payload'), 'BLACKLISTED');
    },
    execute: (ctx, payload, proposalId) => listParty(ctx, listPayload(payload, 'payload'), 'BLACKLISTED', proposalId),
  },
  WHITELIST: {
    parse: (payload) => listPayload(payload, 'input.payload'),
    precheck: async (ctx, payload) => {
      await ensureListable(ctx, listPayload(payload, 'payload'), 'WHITELISTED');
    },
    execute: (ctx, payload, proposalId) => listParty(ctx, listPayload(payload, 'payload'), 'WHITELISTED', proposalId),
  },
  DELIST: {
    parse: (payload) => listPayload(payload, 'input.payload'),
    precheck: async (ctx, payload) => {
      await ensureDelistable(ctx, listPayload(payload, 'payload'));
    },
    execute: (ctx, payload) => delistParty(ctx, listPayload(payload, 'payload')),
  },
};
