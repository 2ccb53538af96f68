/**
 * Fabric CA's token authentication (fabric-ca `util/util.go` GenECDSAToken / VerifyToken): the
 * `Authorization` header is `<base64 of the PEM certificate>.<base64 of an ECDSA signature>`, the signature
 * over SHA-256 of `<method>.<base64 of the request URI>.<base64 of the body>.<base64 of the PEM>` (clients
 * since Fabric CA 1.4) or, in Fabric CA's default 1.3 compatibility mode, of `<base64 body>.<base64 PEM>`.
 */
import { verifySignature } from '../msp';
import { authenticationFailure } from './fabric-ca-errors';

/** What was signed, as the server received it. */
export interface SignedRequest {
  readonly authorization: string;
  readonly method: string;
  /** Path and query as sent (Go's `RequestURI()`), e.g. `/api/v1/register`. */
  readonly requestUri: string;
  readonly body: Buffer;
}

/**
 * The PEM certificate of a token whose signature holds for the request (either payload format).
 * Throws an authentication failure (401, code 20) for a malformed token or a wrong signature; whether the
 * certificate is trusted is the caller's check.
 */
export function verifyToken(request: SignedRequest): string {
  const parts = request.authorization.split('.');
  const [b64Certificate, b64Signature] = parts;
  if (parts.length !== 2 || !b64Certificate || !b64Signature) {
    throw authenticationFailure("Invalid token format; expecting 2 parts separated by '.'");
  }
  const certificatePem = Buffer.from(b64Certificate, 'base64').toString('utf8');
  if (!certificatePem.includes('-----BEGIN CERTIFICATE-----')) {
    throw authenticationFailure('Failed to decode base64 encoded x509 cert');
  }
  const signature = Buffer.from(b64Signature, 'base64');
  const b64Body = request.body.toString('base64');
  const b64Uri = Buffer.from(request.requestUri, 'utf8').toString('base64');
  const payloads = [`${request.method}.${b64Uri}.${b64Body}.${b64Certificate}`, `${b64Body}.${b64Certificate}`];
  let valid = false;
  try {
    valid = payloads.some((payload) => verifySignature(certificatePem, Buffer.from(payload, 'utf8'), signature));
  } catch (error: unknown) {
    throw authenticationFailure(`Error in parsing x509 certificate: ${(error as Error).message}`);
  }
  if (!valid) {
    throw authenticationFailure('Token signature validation failed');
  }
  return certificatePem;
}

/**
 * Builds a token as fabric-ca-client does (the 1.4+ payload), for callers holding a signer: `sign` returns a
 * DER ECDSA signature (low-S) over SHA-256 of its input.
 */
export async function createToken(
  certificatePem: string,
  sign: (payload: Buffer) => Promise<Uint8Array> | Uint8Array,
  request: Omit<SignedRequest, 'authorization'>,
): Promise<string> {
  const b64Certificate = Buffer.from(certificatePem, 'utf8').toString('base64');
  const b64Uri = Buffer.from(request.requestUri, 'utf8').toString('base64');
  const payload = `${request.method}.${b64Uri}.${request.body.toString('base64')}.${b64Certificate}`;
  const signature = await sign(Buffer.from(payload, 'utf8'));
  return `${b64Certificate}.${Buffer.from(signature).toString('base64')}`;
}
