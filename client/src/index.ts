/**
 * `@allianceledger/client`: a typed client of the AllianceLedger gateway, the device's signers and the
 * offline-signing flow, and the enrolment of a self-custody identity. Runs in Node ≥ 20 and in browsers
 * (fetch and WebCrypto); Node-only helpers (PEM files) are in `@allianceledger/client/node`.
 */
export {
  apiUrlOf,
  newAllianceClient,
  type Accounts,
  type AllianceClient,
  type CallOptions,
  type ClientOptions,
  type Members,
  type Orders,
  type ReadOptions,
  type RequestOptions,
  type Settlements,
  type SignAndQueryOptions,
  type SignAndSubmitOptions,
  type Transactions,
  type Transfers,
  type WriteOptions,
} from './alliance-client';
export type {
  AcceptedBody,
  ApiPath,
  Committed,
  HttpMethod,
  OfflineStep,
  PathOf,
  PathParams,
  Pending,
  ProblemBody,
  QueryParams,
  RequestBody,
  Schema,
  SuccessBody,
  WriteBody,
} from './api-types';
export type { components, paths } from './generated/api';
export {
  ConnectionError,
  ProblemError,
  SigningError,
  type FieldError,
  type ProblemCode,
  type RequestInfo,
  type SigningStage,
} from './errors';
export {
  createCsr,
  enroll,
  enrollmentIdOf,
  generateKeyPair,
  type EnrolledDevice,
  type Enrollment,
  type EnrollOptions,
} from './enrollment';
export { DEFAULT_RETRY, type RetryOptions } from './retry-policy';
export {
  isLowSDer,
  lowSDer,
  newPrivateKeySigner,
  newWebCryptoSigner,
  type Signer,
  type SigningRequest,
} from './signers';
