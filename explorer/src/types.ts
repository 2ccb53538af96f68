/** The gateway's answers the explorer reads (see the OpenAPI document at /openapi.json). */

export interface Tally {
  readonly key: string;
  readonly count: number;
}

export interface TransactionSummary {
  readonly transactionId: string;
  readonly timestamp: string;
  readonly creatorMspId: string;
  readonly chaincode: string;
  readonly function: string;
  readonly validationCode: string;
  readonly eventName?: string;
}

export interface Activity {
  readonly height: string;
  readonly latestBlock?: { readonly number: string; readonly hash: string; readonly time?: string };
  readonly window: { readonly fromBlock?: string; readonly toBlock?: string; readonly transactions: number };
  readonly perMinute: readonly { readonly minute: string; readonly count: number }[];
  readonly byOrganisation: readonly Tally[];
  readonly byChaincode: readonly Tally[];
  readonly byFunction: readonly Tally[];
  readonly byValidationCode: readonly Tally[];
  readonly recentBlocks: readonly BlockListItem[];
  readonly recentTransactions: readonly (TransactionSummary & { readonly blockNumber: string })[];
}

export interface BlockListItem {
  readonly number: string;
  readonly hash: string;
  readonly previousHash?: string;
  readonly dataHash?: string;
  readonly time?: string;
  readonly transactionCount: number;
}

export interface BlockList {
  readonly items: readonly (BlockListItem & { readonly previousHash: string; readonly dataHash: string })[];
  readonly next?: string;
}

export interface Block extends BlockListItem {
  readonly previousHash: string;
  readonly dataHash: string;
  readonly transactions: readonly TransactionSummary[];
}

export interface Transaction {
  readonly transactionId: string;
  readonly status: 'PENDING' | 'COMMITTED' | 'INVALID';
  readonly blockNumber?: string;
  readonly validationCode?: string;
  readonly creatorMspId?: string;
  readonly timestamp?: string;
  readonly chaincode?: string;
  readonly function?: string;
  readonly events?: readonly { readonly name: string; readonly payload?: unknown }[];
}

export interface Verification {
  readonly hash: string;
  readonly registered: boolean;
  readonly owner?: string;
  readonly registeredAt?: string;
  readonly txId?: string;
  readonly blockNumber?: string;
  readonly batch?: {
    readonly batchId: string;
    readonly index: number;
    readonly leafCount: number;
    readonly root: string;
  };
}

export interface NetworkNode {
  readonly kind: 'peer' | 'orderer';
  readonly name: string;
  readonly mspId: string;
  readonly endpoint?: string;
  readonly operationsUrl?: string;
  readonly status: 'UP' | 'DOWN' | 'UNKNOWN';
  readonly height?: string;
  readonly health?: { readonly status: string; readonly failedChecks?: readonly string[] };
  readonly error?: string;
}

export interface NetworkView {
  readonly ledger: string;
  readonly channel: string;
  readonly chaincode: {
    readonly name: string;
    readonly version?: string;
    readonly sequence?: string;
    readonly approvals?: Readonly<Record<string, boolean>>;
    readonly error?: string;
  };
  readonly nodes: readonly NetworkNode[];
  readonly emulation?: string;
  readonly checkedAt: string;
}
