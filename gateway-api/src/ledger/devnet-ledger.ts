import { EndorseError, LedgerClosedError, type Devnet } from '@allianceledger/devnet';
import type { protocol } from '@allianceledger/devnet';
import { ChaincodeRejection, LedgerUnavailable, parseChaincodeError } from './ledger-errors';
import type {
  ChainInfo,
  EventCheckpoint,
  LedgerEvent,
  LedgerPort,
  SubmittedTransaction,
  TransactionRequest,
  TransactionStatus,
} from './ledger-port';

/** The ledger port over the embedded devnet, in this process. */
export class DevnetLedger implements LedgerPort {
  readonly kind = 'devnet';
  readonly #devnet: Devnet;
  readonly #chaincodeName: string;

  constructor(options: Readonly<{ devnet: Devnet; chaincodeName: string }>) {
    this.#devnet = options.devnet;
    this.#chaincodeName = options.chaincodeName;
  }

  async evaluate(request: TransactionRequest): Promise<Uint8Array> {
    try {
      return await this.#contract(request).evaluate(request.transaction, proposalOptions(request));
    } catch (err) {
      throw translate(err);
    }
  }

  async submit(request: TransactionRequest): Promise<SubmittedTransaction> {
    try {
      const submitted = await this.#contract(request).submitAsync(request.transaction, proposalOptions(request));
      return {
        transactionId: submitted.transactionId,
        result: submitted.result,
        status: async () => {
          try {
            return toStatus(await submitted.getStatus());
          } catch (err) {
            throw translate(err);
          }
        },
      };
    } catch (err) {
      throw translate(err);
    }
  }

  async transactionStatus(transactionId: string): Promise<TransactionStatus | undefined> {
    const status = await this.#devnet.getTransactionStatus(transactionId);
    return status ? toStatus(status) : undefined;
  }

  chainInfo(): Promise<ChainInfo> {
    return Promise.resolve(this.#devnet.chainInfo());
  }

  block(blockNumber: bigint): Promise<protocol.DecodedBlock | undefined> {
    return this.#devnet.getDecodedBlock(blockNumber);
  }

  async *events(after: EventCheckpoint | undefined, signal: AbortSignal): AsyncIterable<LedgerEvent> {
    const start = after?.blockNumber ?? 0n;
    for await (const ev of this.#devnet.chaincodeEvents(this.#chaincodeName, start, signal)) {
      if (after?.blockNumber === ev.blockNumber && ev.transactionIndex <= after.transactionIndex) continue;
      yield {
        blockNumber: ev.blockNumber,
        transactionIndex: ev.transactionIndex,
        transactionId: ev.transactionId,
        eventName: ev.eventName,
        payload: ev.payload,
      };
    }
  }

  ready(): Promise<boolean> {
    return Promise.resolve(this.#devnet.chainInfo().height > 0n);
  }

  close(): Promise<void> {
    return this.#devnet.close();
  }

  #contract(request: TransactionRequest): ReturnType<ReturnType<Devnet['connect']>['getContract']> {
    return this.#devnet.connect(request.signer).getContract(this.#chaincodeName);
  }
}

function proposalOptions(request: TransactionRequest): {
  arguments: readonly string[];
  transientData?: Readonly<Record<string, Uint8Array>>;
} {
  return request.transientData
    ? { arguments: request.arguments, transientData: request.transientData }
    : { arguments: request.arguments };
}

function toStatus(s: {
  transactionId: string;
  blockNumber: bigint;
  codeName: string;
  successful: boolean;
}): TransactionStatus {
  return {
    transactionId: s.transactionId,
    blockNumber: s.blockNumber,
    validationCode: s.codeName,
    valid: s.successful,
  };
}

/** Devnet's errors → the gateway's ledger errors. */
function translate(err: unknown): Error {
  if (err instanceof EndorseError) {
    const parsed = parseChaincodeError(err.message);
    if (parsed)
      return new ChaincodeRejection(parsed.code, parsed.message, parsed.details, err.transactionId || undefined);
    // Refused by the peer (bad identity, unknown function, contract-api argument errors): the caller's input.
    return new ChaincodeRejection(
      err.status === 0 ? 'FORBIDDEN' : 'INVALID_ARGUMENT',
      err.message,
      undefined,
      err.transactionId || undefined,
    );
  }
  if (err instanceof LedgerClosedError) return new LedgerUnavailable(err.message, undefined, { cause: err });
  return err instanceof Error ? err : new Error(String(err));
}
