/** Names of Fabric's transaction validation codes and header types. */
import { common, peer } from '@hyperledger/fabric-protos';

/** Fabric's peer.TxValidationCode values by name (VALID = 0, MVCC_READ_CONFLICT = 11, …). */
export const TxValidationCode: peer.TxValidationCodeMap = peer.TxValidationCode;

/** A TxValidationCode name such as 'VALID' or 'MVCC_READ_CONFLICT'. */
export type TxValidationCodeName = keyof peer.TxValidationCodeMap;

function invert(map: object): ReadonlyMap<number, string> {
  return new Map(Object.entries(map).map(([name, code]) => [code as number, name]));
}

const validationCodeNames = invert(peer.TxValidationCode);
const headerTypeNames = invert(common.HeaderType);

/** The name of a TxValidationCode, e.g. 11 → 'MVCC_READ_CONFLICT'; unknown codes read 'UNKNOWN_CODE_<n>'. */
export function validationCodeName(code: number): string {
  return validationCodeNames.get(code) ?? `UNKNOWN_CODE_${code}`;
}

/** The name of a common.HeaderType, e.g. 3 → 'ENDORSER_TRANSACTION'; unknown types read 'UNKNOWN_TYPE_<n>'. */
export function headerTypeName(type: number): string {
  return headerTypeNames.get(type) ?? `UNKNOWN_TYPE_${type}`;
}
