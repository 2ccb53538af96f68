/**
 * `@allianceledger/contract`: the contract between the AllianceLedger chaincode and its clients,
 * stated once. zod schemas of every transaction input and every record, the transaction catalogue,
 * error codes with their HTTP statuses, event names with their payloads and audiences, roles and the
 * consortium roster. The chaincode decodes inputs with these schemas (amounts become bigint); clients
 * validate with the same schemas and `z.encode` what they send.
 */
export * from './canonical-json';
export * from './primitives';
export * from './issues';
export * from './organizations';
export * from './errors';
export * from './listing';
export * from './members';
export * from './consortium';
export * from './wallets';
export * from './settlements';
export * from './evidence';
export * from './credit';
export * from './finance';
export * from './rights';
export * from './oracles';
export * from './fx';
export * from './energy';
export * from './keeper';
export * from './events';
export * from './transactions';
export * from './merkle';
export * from './schema';
