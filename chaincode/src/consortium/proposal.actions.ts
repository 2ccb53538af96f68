import type { AllianceContext } from '../lib/context';
import { currencyDefinition, ensureCurrencyRegistrable, registerCurrency } from '../wallets/currency.service';

/**
 * What a consortium decision can do, by proposal kind. Each kind validates its payload (at creation,
 * INVALID_ARGUMENT), checks it still makes sense (at creation and again at execution) and executes.
 * Blacklisting (DOMAIN.md §4) adds a kind here.
 */
export const ProposalKind = {
  REGISTER_CURRENCY: 'REGISTER_CURRENCY',
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
};
