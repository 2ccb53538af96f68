/**
 * The kinds of credit record (DOMAIN.md §4) and their weights are the contract's: one table, so that
 * every record of a kind weighs the same and the score of a subject depends on its records alone.
 */
export { CREDIT_KINDS, CreditKind, MANUAL_CREDIT_KINDS, type CreditKindSpec } from '@allianceledger/contract';
