import {
  PROPOSAL_PAYLOADS,
  ProposalKind,
  type CurrencyDefinition,
  type FeedDefinition,
  type ListDecision,
  type OracleAddition,
  type OracleRemoval,
  type ProposalRecord,
} from '@allianceledger/contract';
import { delistParty, ensureDelistable, ensureListable, listParty } from '../credit/credit-list.actions';
import type { AllianceContext } from '../lib/context';
import { parseValue } from '../lib/validate';
import { ensureCurrencyRegistrable, registerCurrency } from '../wallets/currency.service';
import {
  addOracle,
  ensureFeedRegistrable,
  ensureOracleAddable,
  ensureOracleRemovable,
  registerFeed,
  removeOracle,
} from '../oracles/feed.actions';

/**
 * What a consortium decision can do, by proposal kind (the kinds and their payload schemas are the
 * contract's: `ProposalKind`, `PROPOSAL_PAYLOADS`). Each kind checks its payload still makes sense — at
 * creation and again at execution — and executes. The white- and blacklist (DOMAIN.md §4) are kinds
 * here: BLACKLIST, WHITELIST and DELIST (removes a party from whichever list holds it).
 */
export { ProposalKind };

/** The behaviour behind one proposal kind. Payloads are stored as the validated, normalised JSON. */
export interface ProposalActionSpec {
  /** Checks the payload against the ledger (e.g. the currency does not exist yet). */
  precheck(ctx: AllianceContext, payload: ProposalRecord['payload']): Promise<void>;
  /** Carries out the decision; returns what it created. */
  execute(ctx: AllianceContext, payload: ProposalRecord['payload'], proposalId: string): Promise<object>;
}

/** A stored payload of a currency registration (validated at creation; read back through its schema). */
const currency = (payload: unknown): CurrencyDefinition =>
  parseValue(payload, PROPOSAL_PAYLOADS.REGISTER_CURRENCY, 'payload');
/** A stored payload of a list decision. */
const decision = (payload: unknown): ListDecision => parseValue(payload, PROPOSAL_PAYLOADS.BLACKLIST, 'payload');

/** A stored payload of a feed registration. */
const feed = (payload: unknown): FeedDefinition => parseValue(payload, PROPOSAL_PAYLOADS.REGISTER_FEED, 'payload');
/** A stored payload of an oracle removal. */
const removal = (payload: unknown): OracleRemoval => parseValue(payload, PROPOSAL_PAYLOADS.REMOVE_ORACLE, 'payload');
/** A stored payload of an oracle addition. */
const addition = (payload: unknown): OracleAddition => parseValue(payload, PROPOSAL_PAYLOADS.ADD_ORACLE, 'payload');

/** The proposal kinds and their behaviour. */
export const PROPOSAL_ACTIONS: Readonly<Record<ProposalKind, ProposalActionSpec>> = {
  REGISTER_CURRENCY: {
    precheck: (ctx, payload) => ensureCurrencyRegistrable(ctx, currency(payload)),
    execute: (ctx, payload, proposalId) => registerCurrency(ctx, currency(payload), proposalId),
  },
  BLACKLIST: {
    precheck: async (ctx, payload) => {
      await ensureListable(ctx, decision(payload), 'BLACKLISTED');
    },
    execute: (ctx, payload, proposalId) => listParty(ctx, decision(payload), 'BLACKLISTED', proposalId),
  },
  WHITELIST: {
    precheck: async (ctx, payload) => {
      await ensureListable(ctx, decision(payload), 'WHITELISTED');
    },
    execute: (ctx, payload, proposalId) => listParty(ctx, decision(payload), 'WHITELISTED', proposalId),
  },
  DELIST: {
    precheck: async (ctx, payload) => {
      await ensureDelistable(ctx, decision(payload));
    },
    execute: (ctx, payload) => delistParty(ctx, decision(payload)),
  },
  REGISTER_FEED: {
    precheck: (ctx, payload) => ensureFeedRegistrable(ctx, feed(payload)),
    execute: (ctx, payload, proposalId) => registerFeed(ctx, feed(payload), proposalId),
  },
  REMOVE_ORACLE: {
    precheck: async (ctx, payload) => {
      await ensureOracleRemovable(ctx, removal(payload));
    },
    execute: (ctx, payload, proposalId) => removeOracle(ctx, removal(payload), proposalId),
  },
  ADD_ORACLE: {
    precheck: async (ctx, payload) => {
      await ensureOracleAddable(ctx, addition(payload));
    },
    execute: (ctx, payload) => addOracle(ctx, addition(payload)),
  },
};
