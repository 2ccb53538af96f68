import { JSONSerializer } from 'fabric-contract-api';
import { contracts } from '../index';

type ChaincodeFromContractClass = new (
  contractClasses: (new () => unknown)[],
  serializers: { transaction: string; serializers: Record<string, unknown> },
  metadata: Record<string, unknown>,
  title: string,
  version: string,
) => { metadata: ContractMetadata };

/** The part of fabric-contract-api's metadata document the tests read. */
export interface ContractMetadata {
  readonly contracts: Record<string, { readonly transactions: readonly { readonly name: string }[] }>;
}

/**
 * The metadata document `org.hyperledger.fabric:GetMetadata` serves, built by the same fabric-shim
 * code a chaincode process runs, without a ledger.
 */
export function contractMetadata(): ContractMetadata {
  // fabric-shim's contract dispatch has no typed public entry point.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const spi: unknown = require('fabric-shim/lib/contract-spi/chaincodefromcontract');
  const ChaincodeFromContract = spi as ChaincodeFromContractClass;
  const serializers = { transaction: 'jsonSerializer', serializers: { jsonSerializer: JSONSerializer } };
  return new ChaincodeFromContract([...contracts], serializers, {}, 'alliance', '1.0').metadata;
}
