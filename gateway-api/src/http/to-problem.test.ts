import express from 'express';
import { pino } from 'pino';
import { pinoHttp } from 'pino-http';
import request from 'supertest';
import { ChaincodeRejection, CommitRejection, EndorsementMismatch, LedgerUnavailable } from '../ledger/ledger-errors';
import { problemHandler } from './error-handler';
import { toProblem } from './to-problem';

describe('toProblem', () => {
  it('keeps a catalogue refusal with its message and details', () => {
    const problem = toProblem(new ChaincodeRejection('ILLEGAL_STATE', 'not yet', { releaseDeadline: 'x' }, 'tx1'));
    expect(problem).toMatchObject({ code: 'ILLEGAL_STATE', status: 409, message: 'not yet' });
    expect(problem.extensions).toEqual({ details: { releaseDeadline: 'x' } });
  });

  it.each([
    ['INTERNAL', "Cannot read properties of undefined (reading 'bookmark')"],
    ['SOMETHING_NEW', 'at Object.<anonymous> (/chaincode/dist/lib/ledger.js:12:7)'],
  ])('turns a chaincode %s failure into a plain INTERNAL that never carries its message', (code, message) => {
    const problem = toProblem(new ChaincodeRejection(code, message, { stack: 'secret' }, undefined));
    expect(problem).toMatchObject({ code: 'INTERNAL', status: 500, message: 'an internal error occurred' });
    expect(JSON.stringify(problem.toBody('/x'))).not.toMatch(/bookmark|anonymous|secret/);
  });
});

describe('toProblem: ledger failures', () => {
  it('maps a transaction invalidated in its block to a retryable 409 TRANSACTION_INVALIDATED with its code', () => {
    const problem = toProblem(new CommitRejection('tx7', 'MVCC_READ_CONFLICT', 42n));
    expect(problem).toMatchObject({ code: 'TRANSACTION_INVALIDATED', status: 409 });
    expect(problem.extensions).toEqual({
      transactionId: 'tx7',
      validationCode: 'MVCC_READ_CONFLICT',
      blockNumber: '42',
      retryable: true,
    });
  });

  it('maps an unknown outcome to a retryable 503 naming the transaction, and an unreachable ledger without one', () => {
    expect(toProblem(new LedgerUnavailable('late', 'tx8'))).toMatchObject({
      code: 'LEDGER_UNAVAILABLE',
      status: 503,
      extensions: { transactionId: 'tx8', retryable: true },
    });
    expect(toProblem(new LedgerUnavailable('down')).extensions).toEqual({ retryable: true });
    expect(toProblem(new EndorsementMismatch('disagree', undefined))).toMatchObject({
      code: 'LEDGER_UNAVAILABLE',
      extensions: { retryable: true },
    });
  });
});

describe('problemHandler', () => {
  it('answers a malformed JSON body with 400, never 500', async () => {
    const app = express();
    app.use(pinoHttp({ logger: pino({ level: 'silent' }) }));
    app.use(express.json());
    app.post('/x', (_req, res) => {
      res.json({ reached: true });
    });
    app.use(problemHandler);
    const res = await request(app).post('/x').set('content-type', 'application/json').send('{"amount": "1",');
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'VALIDATION_FAILED', detail: 'the body is not valid JSON' });
  });

  it('names the request id in a 500, the key to the log line with the cause', async () => {
    const app = express();
    app.use(pinoHttp({ logger: pino({ level: 'silent' }), genReqId: () => 'req-42' }));
    app.get('/boom', () => {
      throw new ChaincodeRejection('INTERNAL', 'TypeError: x is undefined', undefined, undefined);
    });
    app.use(problemHandler);
    const res = await request(app).get('/boom').expect(500);
    expect(res.body).toMatchObject({ code: 'INTERNAL', requestId: 'req-42', detail: 'an internal error occurred' });
    expect(JSON.stringify(res.body)).not.toContain('TypeError');
  });
});
