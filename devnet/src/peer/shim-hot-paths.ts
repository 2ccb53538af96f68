/**
 * Two caches on fabric-shim's per-transaction hot paths, installed once by the chaincode runtime.
 * Neither changes what a contract sees or what is logged; both matter because devnet runs every
 * endorsement of a busy ledger on one thread (a peer spreads them over chaincode containers).
 *
 * 1. `ClientIdentity` re-parses the creator's X.509 certificate with @fidm/x509 for every transaction
 *    (about a seventh of devnet's CPU time under load). Parsing is a pure function of the PEM text,
 *    so `Certificate.fromPEM` is memoised per PEM (bounded).
 * 2. winston runs its whole format chain (timestamp, colours, padding) for every `logger.debug()` call
 *    and drops the message only afterwards, at the transport. Messages below the logger's level are
 *    dropped before formatting instead; the transports would have discarded them anyway.
 */
import { createRequire } from 'node:module';

interface FidmCertificateModule {
  Certificate: { fromPEM: (pem: Buffer) => unknown };
}

interface WinstonLoggerClass {
  prototype: {
    _transform: (this: WinstonLogger, info: Record<symbol, unknown>, enc: string, cb: () => void) => void;
  };
}

interface WinstonLogger {
  isLevelEnabled(level: unknown): boolean;
}

const CERTIFICATE_CACHE_SIZE = 1000;
/**
 * Set on a patched function. The AllianceLedger chaincode installs the same caches in its own server
 * (chaincode/src/lib/shim-caches.ts) and checks the same marker, so a process holding both patches once.
 */
const PATCHED = Symbol.for('allianceledger.fabric-shim.hot-path-cache');
let installed = false;

function isPatched(fn: object): boolean {
  return (fn as Record<symbol, unknown>)[PATCHED] === true;
}

function markPatched<F extends object>(fn: F): F {
  Object.defineProperty(fn, PATCHED, { value: true });
  return fn;
}

export function installShimHotPathCaches(): void {
  if (installed) return;
  installed = true;
  // Resolve the very module instances fabric-shim and fabric-contract-api load.
  const fromShim = createRequire(require.resolve('fabric-shim'));
  memoiseCertificateParsing(fromShim('@fidm/x509') as FidmCertificateModule);
  dropDisabledLogsBeforeFormatting(fromShim('winston/lib/winston/logger') as WinstonLoggerClass);
}

function memoiseCertificateParsing(x509: FidmCertificateModule): void {
  if (isPatched(x509.Certificate.fromPEM)) return;
  const parse = x509.Certificate.fromPEM.bind(x509.Certificate);
  const cache = new Map<string, unknown>();
  x509.Certificate.fromPEM = markPatched((pem: Buffer): unknown => {
    const key = pem.toString('latin1');
    let cert = cache.get(key);
    if (cert === undefined) {
      cert = parse(pem);
      const oldest = cache.keys().next();
      if (cache.size >= CERTIFICATE_CACHE_SIZE && oldest.done !== true) cache.delete(oldest.value);
      cache.set(key, cert);
    }
    return cert;
  });
}

function dropDisabledLogsBeforeFormatting(Logger: WinstonLoggerClass): void {
  if (isPatched(Logger.prototype._transform)) return;
  const LEVEL = Symbol.for('level');
  const transform = Logger.prototype._transform;
  Logger.prototype._transform = markPatched(function (this: WinstonLogger, info, enc, cb): void {
    if (!this.isLevelEnabled(info[LEVEL])) {
      cb();
      return;
    }
    transform.call(this, info, enc, cb);
  });
}
