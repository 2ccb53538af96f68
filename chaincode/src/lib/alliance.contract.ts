import { Contract } from 'fabric-contract-api';
import { canonicalJson } from '@allianceledger/contract';
import { AllianceContext } from './context';
import { ChaincodeError, ErrorCode } from './errors';

/**
 * The base of every AllianceLedger contract: a fresh {@link AllianceContext} per transaction, errors
 * always in the catalogue's JSON form, and an unknown transaction name reported as NOT_FOUND.
 *
 * Transactions return their result as canonical JSON text, declared `@Returns('string')`: the bytes
 * on the wire are the JSON document itself (contract-api sends a string result as-is), byte-identical
 * on every endorsing peer whatever contract-api's object serializer would do with key order.
 */
export abstract class AllianceContract extends Contract {
  /**
   * Awaits a service result and renders it as the transaction's canonical JSON response. Anything
   * thrown that is not a ChaincodeError (a ledger failure, a bug) still reaches the client in the
   * catalogue's JSON form, as INTERNAL, so the gateway parses one format.
   */
  protected async reply(result: Promise<object>): Promise<string> {
    try {
      return canonicalJson(await result);
    } catch (err) {
      if (err instanceof ChaincodeError) throw err;
      throw new ChaincodeError(ErrorCode.INTERNAL, err instanceof Error ? err.message : String(err), undefined, {
        cause: err,
      });
    }
  }

  override createContext(): AllianceContext {
    return new AllianceContext();
  }

  override unknownTransaction(ctx: AllianceContext): Promise<void> {
    const { fcn } = ctx.stub.getFunctionAndParameters();
    return Promise.reject(
      new ChaincodeError(ErrorCode.NOT_FOUND, `unknown transaction ${fcn}`, { entity: 'transaction', id: fcn }),
    );
  }
}
