/**
 * The one place that loads `@peculiar/x509`: it needs `reflect-metadata` loaded first and a WebCrypto provider.
 * Every module of this folder imports `@peculiar/x509` through here.
 */
import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import * as x509 from '@peculiar/x509';

x509.cryptoProvider.set(webcrypto);

export { x509 };

/** WebCrypto parameters for ECDSA over P-256 with SHA-256, the only algorithm this MSP issues. */
export const ECDSA_P256_SHA256 = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' } as const;

/** The Node.js WebCrypto implementation, typed for Node's own API. */
export const subtle = webcrypto.subtle;
