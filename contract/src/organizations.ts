import { z } from 'zod';

/**
 * The consortium: its member organisations (MSP ids) and the roles each may give its identities.
 * A constant for now; a later issue may move it on chain behind a consortium decision.
 */

/** The member organisations of the consortium. */
export const Org = {
  ECOMMERCE: 'EcommerceMSP',
  FINANCE: 'FinanceMSP',
  ENERGY: 'EnergyMSP',
} as const;

/** A consortium member organisation's MSP id. */
export type Org = (typeof Org)[keyof typeof Org];

/** Every consortium org, in a fixed order. */
export const CONSORTIUM_ORGS: readonly Org[] = Object.values(Org);

/** Roles an org admin can give identities of its org (DOMAIN.md §1). */
export const Role = {
  STORE: 'store',
  BUYER: 'buyer',
  ARBITRATOR: 'arbitrator',
  ORACLE: 'oracle',
  BANK: 'bank',
  ISSUER: 'issuer',
  AUDITOR: 'auditor',
  ENERGY_PRODUCER: 'energy_producer',
  ENERGY_CONSUMER: 'energy_consumer',
  /**
   * Issues warehouse receipts for goods it holds (DOMAIN.md §6). Granted by EcommerceMSP, the org
   * that runs the platform's logistics (DOMAIN.md §1: "stores, buyers' terminal apps, logistics").
   */
  WAREHOUSE: 'warehouse',
} as const;

/** A member role. */
export type Role = (typeof Role)[keyof typeof Role];

/** Which roles each org may grant: the registry refuses e.g. an `issuer` outside FinanceMSP. */
export const ROLES_BY_ORG: Readonly<Record<Org, readonly Role[]>> = {
  EcommerceMSP: [Role.STORE, Role.BUYER, Role.ARBITRATOR, Role.ORACLE, Role.WAREHOUSE],
  FinanceMSP: [Role.BANK, Role.ISSUER, Role.AUDITOR, Role.ORACLE],
  EnergyMSP: [Role.ENERGY_PRODUCER, Role.ENERGY_CONSUMER, Role.ORACLE],
};

/**
 * Roles that make a member discoverable in the member directory: the institutions and businesses
 * others must find to trade with (stores, banks, issuers, warehouses, arbitrators, oracles, energy
 * producers, auditors). Buyers and energy consumers — individuals — are never listed; a counterparty
 * finds one only by the exact handle it shares (a QR code, an invitation).
 */
export const DISCOVERABLE_ROLES: readonly Role[] = [
  Role.STORE,
  Role.BANK,
  Role.ISSUER,
  Role.WAREHOUSE,
  Role.ARBITRATOR,
  Role.ORACLE,
  Role.ENERGY_PRODUCER,
  Role.AUDITOR,
];

/** The roles of `roles` the directory shows: the discoverable ones, in the given order. */
export function discoverableRoles(roles: readonly Role[]): Role[] {
  return roles.filter((role) => DISCOVERABLE_ROLES.includes(role));
}

/** Whether `mspId` is a consortium org. */
export function isConsortiumOrg(mspId: string): mspId is Org {
  return (CONSORTIUM_ORGS as readonly string[]).includes(mspId);
}

/** Approvals a consortium decision needs: a majority of member orgs, ⌊n/2⌋ + 1. */
export function requiredApprovals(orgCount: number = CONSORTIUM_ORGS.length): number {
  return Math.floor(orgCount / 2) + 1;
}

/** A consortium org's MSP id in an input. */
export const OrgSchema = z.enum(Org).describe('A consortium organisation');

/** A role in an input or a record. */
export const RoleSchema = z.enum(Role).describe(
  Object.entries(ROLES_BY_ORG)
    .map(([org, roles]) => `${org}: ${roles.join(', ')}`)
    .join('; '),
);
