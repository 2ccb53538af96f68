import { createRequire } from 'node:module';
import { Writable } from 'node:stream';
import { createCertificateAuthority, issueCertificate } from '../msp';
import { installShimHotPathCaches } from './shim-hot-paths';

/**
 * Guards the two patches on fabric-shim's hot paths: they must land on the very modules fabric-shim
 * loads (a fabric-shim upgrade that moves them must fail here, not silently lose the speed-up), and they
 * must not change what a contract sees or what is logged.
 */
describe('shim hot-path caches', () => {
  const fromShim = createRequire(require.resolve('fabric-shim'));
  const x509 = fromShim('@fidm/x509') as { Certificate: { fromPEM(pem: Buffer): { subject: { commonName: string } } } };
  const winston = fromShim('winston') as typeof import('winston');
  beforeAll(() => {
    installShimHotPathCaches();
  });

  it('memoises certificate parsing in the @fidm/x509 instance fabric-shim uses, with the same result', async () => {
    const ca = await createCertificateAuthority({ mspId: 'Org1MSP', domain: 'org1.example.com' });
    const user = await issueCertificate(ca, { commonName: 'user1@org1.example.com', nodeOU: 'client' });
    const other = await issueCertificate(ca, { commonName: 'user2@org1.example.com', nodeOU: 'client' });
    const first = x509.Certificate.fromPEM(Buffer.from(user.certificatePem));
    expect(first.subject.commonName).toBe('user1@org1.example.com');
    // A new Buffer with the same PEM is the same parsed certificate; another PEM is parsed on its own.
    expect(x509.Certificate.fromPEM(Buffer.from(user.certificatePem))).toBe(first);
    expect(x509.Certificate.fromPEM(Buffer.from(other.certificatePem)).subject.commonName).toBe(
      'user2@org1.example.com',
    );
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
    logger.debug('hidden');
    logger.info('shown');
    expect(formatted).toEqual(['shown']);
    expect(delivered.join('')).toContain('shown');
  });
});
