import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { msp } from '@allianceledger/devnet';
import { installShimCaches } from './shim-caches';

/**
 * The chaincode server's two patches must land on the very modules fabric-shim loads (a fabric-shim
 * upgrade that moves them must fail here, not silently lose the speed-up or stop the server), must not
 * change what a contract sees or what is logged, and must be installed once however often asked.
 */
describe('shim caches in the chaincode server', () => {
  const fromShim = createRequire(require.resolve('fabric-shim'));
  const x509 = fromShim('@fidm/x509') as { Certificate: { fromPEM(pem: Buffer): { subject: { commonName: string } } } };
  const Logger = fromShim('winston/lib/winston/logger') as { prototype: { _transform: unknown } };
  const winston = fromShim('winston') as typeof import('winston');

  beforeAll(() => {
    installShimCaches();
  });

  it('memoises certificate parsing in the @fidm/x509 instance fabric-shim uses, with the same result', async () => {
    const ca = await msp.createCertificateAuthority({ mspId: 'Org1MSP', domain: 'org1.example.com' });
    const user = await msp.issueCertificate(ca, { commonName: 'user1@org1.example.com', nodeOU: 'client' });
    const other = await msp.issueCertificate(ca, { commonName: 'user2@org1.example.com', nodeOU: 'client' });
    const first = x509.Certificate.fromPEM(Buffer.from(user.certificatePem));
    expect(first.subject.commonName).toBe('user1@org1.example.com');
    expect(x509.Certificate.fromPEM(Buffer.from(user.certificatePem))).toBe(first);
    expect(x509.Certificate.fromPEM(Buffer.from(other.certificatePem)).subject.commonName).toBe(
      'user2@org1.example.com',
    );
  });

  it('patches once: installing again (or devnet installing its copy) wraps nothing twice', () => {
    const fromPEM: unknown = Reflect.get(x509.Certificate, 'fromPEM');
    const transform = Logger.prototype._transform;
    installShimCaches();
    expect(Reflect.get(x509.Certificate, 'fromPEM')).toBe(fromPEM);
    expect(Logger.prototype._transform).toBe(transform);
  });

  it('drops messages below the level before formatting, and delivers the others formatted as before', () => {
    const formatted: string[] = [];
    const delivered: string[] = [];
    const logger = winston.createLogger({
      level: 'info',
      format: winston.format.combine(
        winston.format((info) => {
          formatted.push(String(info.message));
          return info;
        })(),
        winston.format.simple(),
      ),
      transports: [
        // eslint-disable-next-line @typescript-eslint/no-unsafe-class-instance-assignment -- winston's Stream transport is a TransportStream; the rule cannot follow its CommonJS typings
        new winston.transports.Stream({
          stream: new Writable({
            write(chunk: Buffer, _enc, cb) {
              delivered.push(chunk.toString());
              cb();
            },
          }),
        }),
      ],
    });
    logger.debug('quiet');
    logger.info('loud');
    expect(formatted).toEqual(['loud']);
    expect(delivered).toEqual(['info: loud\n']);
  });
});
