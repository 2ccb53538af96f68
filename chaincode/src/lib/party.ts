import { isConsortiumOrg, type Org } from '@allianceledger/contract';

/**
 * A party: one Fabric client identity, named `<mspId>::<x509 id>` where the x509 id is exactly
 * `ctx.clientIdentity.getID()` (`x509::<subject DN>::<issuer DN>`). The MSP id is part of the name
 * because an X.509 id is only unique within its MSP. Inputs validate party ids with the contract's
 * `PartyId` schema.
 *
 * @example `EcommerceMSP::x509::/C=US/ST=California/L=San Francisco/OU=client/CN=buyer1@ecommerce.example.com::/C=US/…/CN=ca.ecommerce.example.com`
 */
export type PartyId = string;

/** The party id of an identity. */
export function partyId(mspId: string, clientId: string): PartyId {
  return `${mspId}::${clientId}`;
}

/** The MSP id and X.509 id of a party this chaincode validated or built. */
export function partyParts(party: PartyId): { readonly mspId: string; readonly id: string } {
  const at = party.indexOf('::');
  return { mspId: party.slice(0, at), id: party.slice(at + 2) };
}

/** The org of a validated party. */
export function orgOf(party: PartyId): Org {
  const { mspId } = partyParts(party);
  if (!isConsortiumOrg(mspId)) throw new Error(`party of a foreign MSP ${mspId}`);
  return mspId;
}
