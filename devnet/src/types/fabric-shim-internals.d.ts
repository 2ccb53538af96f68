// fabric-shim's contract dispatch and iterators are not part of its typed public API; devnet runs them
// exactly as the chaincode process does, so it declares the narrow surface it uses.

declare module 'fabric-shim/lib/contract-spi/chaincodefromcontract' {
  import type { ChaincodeStub } from 'fabric-shim';
  interface ShimResponse {
    status: number;
    message?: string;
    payload?: Uint8Array;
  }
  class ChaincodeFromContract {
    constructor(
      contractClasses: (new () => unknown)[],
      serializers: { transaction: string; serializers: Record<string, unknown> },
      metadata: Record<string, unknown>,
      title: string,
      version: string,
    );
    metadata: unknown;
    Invoke(stub: ChaincodeStub): Promise<ShimResponse>;
  }
  export = ChaincodeFromContract;
}

declare module 'fabric-shim/lib/stub' {
  import type { ChaincodeStub as PublicStub } from 'fabric-shim';
  import type { peer } from '@hyperledger/fabric-protos';
  class ChaincodeStub extends PublicStub {
    constructor(
      handler: unknown,
      channelId: string,
      txId: string,
      input: peer.ChaincodeInput,
      signedProposal: peer.SignedProposal,
    );
    chaincodeEvent?: peer.ChaincodeEvent;
  }
  export = ChaincodeStub;
}

declare module 'fabric-shim/lib/iterators' {
  import type { peer } from '@hyperledger/fabric-protos';
  export class StateQueryIterator {
    constructor(handler: unknown, channelId: string, txId: string, response: peer.QueryResponse);
  }
  export class HistoryQueryIterator {
    constructor(handler: unknown, channelId: string, txId: string, response: peer.QueryResponse);
  }
}

declare module 'fabric-shim/lib/logger' {
  export function setLevel(level: string): void;
}
