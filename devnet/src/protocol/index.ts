/** Fabric protocol structures: proposals, endorsements, transactions, blocks and their decoding. */
export { bytesEqual, sha256, toHex } from './bytes';
export {
  BLOCK_METADATA_SLOTS,
  blockDataHash,
  blockHeaderBytes,
  blockHeaderHash,
  encodeBlock,
  getTransactionsFilter,
  newBlock,
  setTransactionsFilter,
  verifyBlockChain,
  type BlockChainVerification,
  type BlockHeaderFields,
} from './block';
export { chaincodeEventsOfBlock, filteredBlockOf } from './block-events';
export { headerTypeName, TxValidationCode, validationCodeName, type TxValidationCodeName } from './codes';
export { decodeBlock, type DecodedBlock } from './decode';
export {
  decodeTransactionEnvelope,
  type DecodedChaincodeEvent,
  type DecodedEndorsement,
  type DecodedResponse,
  type DecodedTransaction,
} from './decode-transaction';
export {
  ERROR_STATUS,
  ERROR_THRESHOLD,
  newProposalResponse,
  newTransactionEnvelope,
  newTransactionPayload,
  type ChaincodeEventData,
  type ChaincodeResponse,
  type ProposalResponseRequest,
  type TransactionEnvelope,
} from './endorsement';
export {
  MalformedMessageError,
  ProposalResponsePayloadMismatchError,
  ProposalVerificationError,
  ProtocolError,
  UnendorsedResponseError,
  type ProposalRejection,
} from './errors';
export { describeIdentity, deserializeIdentity, serializeIdentity, type DecodedIdentity } from './identity-codec';
export {
  chaincodeProposalPayloadForTx,
  computeProposalHash,
  computeTxId,
  NONCE_LENGTH,
  newSignedProposal,
  type ProposalBundle,
  type ProposalRequest,
} from './proposal';
export { parseSignedProposal, verifyProposal, type VerifySignature } from './proposal-parse';
export {
  parseTransactionEnvelope,
  type EndorsedAction,
  type ParsedTransaction,
  type TransactionEndorsement,
} from './transaction-envelope';
export {
  decodeCollectionPvtRwSet,
  decodeTxRwSet,
  encodeCollectionPvtRwSet,
  encodeTxPvtRwSet,
  encodeTxRwSet,
} from './rwset-codec';
export {
  assertValidTxTimestamp,
  compareTxTimestamps,
  fromPbTimestamp,
  toPbTimestamp,
  txTimestampFromDate,
  txTimestampNow,
  txTimestampToDate,
  txTimestampToIsoString,
  type PbTimestamp,
  type TxTimestamp,
} from './timestamp';
