/**
 * Fabric CA's error codes (fabric-ca `lib/caerrors/servererror.go`) for the failures this server reports,
 * and its rule for what a client sees: an authentication or authorization failure reaches the client as
 * the generic code 20 "Authentication failure" (401) or 71 "Authorization failure" (403), whatever the
 * cause; the cause stays in the server's log (`detail`).
 */
export const FabricCaCode = {
  Unknown: 0,
  MethodNotAllowed: 1,
  NoAuthHeader: 2,
  ReadingRequestBody: 3,
  EmptyRequestBody: 4,
  BadRequestBody: 5,
  RevokedCertificateNotFound: 8,
  CertificateWrongOwner: 9,
  RevokeIdentityNotFound: 10,
  MissingRevokeArgs: 15,
  CaNotFound: 19,
  AuthenticationFailure: 20,
  BadCsr: 31,
  InvalidRevokedAfter: 36,
  InvalidExpiredAfter: 37,
  AddIdentity: 52,
  IdentityNotFound: 63,
  CertificateAlreadyRevoked: 66,
  AuthorizationFailure: 71,
  PasswordAttempts: 73,
  DuplicateIdentity: 74,
  CsrCommonNameMismatch: 77,
  CsrInputInvalid: 80,
  InvalidMaxEnrollments: 82,
} as const;

export type FabricCaCode = (typeof FabricCaCode)[keyof typeof FabricCaCode];

/** A failure as Fabric CA answers it: HTTP status, error code and message, plus the cause for the log. */
export class FabricCaError extends Error {
  override readonly name = 'FabricCaError';
  readonly status: number;
  readonly code: FabricCaCode;
  /** What happened, for the server's log; the client only sees `message`. */
  readonly detail: string;

  constructor(status: number, code: FabricCaCode, message: string, detail: string = message) {
    super(message);
    this.status = status;
    this.code = code;
    this.detail = detail;
  }
}

/** 401, code 20 "Authentication failure": unknown identity, wrong secret, bad token, revoked… */
export function authenticationFailure(detail: string): FabricCaError {
  return new FabricCaError(401, FabricCaCode.AuthenticationFailure, 'Authentication failure', detail);
}

/** 403, code 71 "Authorization failure": not a registrar, not a revoker, a type or attribute not delegated… */
export function authorizationFailure(detail: string): FabricCaError {
  return new FabricCaError(403, FabricCaCode.AuthorizationFailure, 'Authorization failure', detail);
}
