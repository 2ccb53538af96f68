/** AllianceLedger chaincode: the contracts land with the chaincode-core issue. */
export const contracts: readonly (new () => unknown)[] = [];
