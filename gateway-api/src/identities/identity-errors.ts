/**
 * The failures of onboarding's two outside steps, kept apart from the modules that load `fabric-ca-client`
 * and `@peculiar/x509` on demand, so that the error mapping (`http/to-problem.ts`) loads neither.
 */

/** What went wrong at the CA, as far as a caller can act on it. */
export type CertificateAuthorityFailure =
  /** The enrollment ID is registered already. */
  | 'ALREADY_REGISTERED'
  /** The enrollment secret was refused: wrong, spent (max enrollments) or the identity is revoked. */
  | 'AUTHENTICATION_FAILED'
  /** The CA refused the CSR (its key, its subject). */
  | 'BAD_CSR'
  /** Any other refusal: e.g. the registrar lacks a power (a misconfigured CA or connection file). */
  | 'REFUSED'
  /** No answer: the CA is down, unreachable, or its TLS certificate is not the configured root's. */
  | 'UNREACHABLE';

/** A failed call to a CA, with Fabric CA's own code and message when it answered. */
export class CertificateAuthorityError extends Error {
  override readonly name = 'CertificateAuthorityError';
  readonly operation: string;
  readonly caName: string;
  readonly failure: CertificateAuthorityFailure;
  /** Fabric CA's error code (`lib/caerrors`), when the CA answered. */
  readonly caCode: number | undefined;

  constructor(
    operation: string,
    caName: string,
    failure: CertificateAuthorityFailure,
    message: string,
    options: { readonly caCode?: number; readonly cause?: unknown } = {},
  ) {
    super(`${caName} ${operation}: ${message}`, { cause: options.cause });
    this.operation = operation;
    this.caName = caName;
    this.failure = failure;
    this.caCode = options.caCode;
  }
}

/** Why a CSR is refused. */
export type CsrRefusal =
  /** Not a PEM PKCS#10 request, or its signature does not verify (no proof of possession). */
  | 'INVALID'
  /** Not an ECDSA P-256 key (RSA, P-384, Ed25519…): Fabric's MSPs verify P-256 here, and nothing weaker. */
  | 'KEY_NOT_ACCEPTED'
  /** A subject that is not the identity's: another CN, another organisation, a node type, unusual names. */
  | 'SUBJECT_MISMATCH';

/** A device's CSR the gateway will not send to the CA, and why. */
export class CsrError extends Error {
  override readonly name = 'CsrError';
  constructor(
    readonly refusal: CsrRefusal,
    message: string,
  ) {
    super(message);
  }
}
