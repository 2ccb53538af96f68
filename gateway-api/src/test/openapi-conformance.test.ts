import express from 'express';
import request from 'supertest';
import {
  assertConformed,
  checkAnswer,
  checkAnswersOfClient,
  conformanceReport,
  type ConformanceViolation,
} from './openapi-conformance';

const json = (value: unknown): Buffer => Buffer.from(JSON.stringify(value));
const problem = (status: number, code: string): Buffer =>
  json({ type: 'about:blank', title: 'Not found', status, code, detail: 'no such account' });

describe('an answer held to the OpenAPI document', () => {
  it('conforms with a documented status, content type and a body of the schema', () => {
    expect(
      checkAnswer(
        'GET',
        '/api/v1/accounts/acc-1?x=1',
        404,
        'application/problem+json; charset=utf-8',
        problem(404, 'NOT_FOUND'),
      ),
    ).toBeUndefined();
  });

  it('names a status the operation does not document', () => {
    expect(checkAnswer('GET', '/api/v1/accounts/acc-1', 418, 'application/json', json({}))).toBe(
      'status 418 is not documented for GET /api/v1/accounts/{accountId}',
    );
  });

  it('names a content type not documented for the status', () => {
    expect(checkAnswer('GET', '/api/v1/accounts/acc-1', 404, 'application/json', problem(404, 'NOT_FOUND'))).toMatch(
      /^content type application\/json is not documented for 404 of GET \/api\/v1\/accounts\/\{accountId\}/,
    );
  });

  it('takes a documented media range for the types it covers', () => {
    const file = '/api/v1/evidence/' + 'a'.repeat(64) + '/file';
    expect(checkAnswer('GET', file, 200, 'application/pdf', Buffer.from('%PDF-1.7'))).toBeUndefined();
    expect(checkAnswer('GET', file, 200, undefined, Buffer.from('%PDF-1.7'))).toMatch(/^content type \(none\)/);
  });

  it('names what in the body does not match the schema', () => {
    const answer = checkAnswer(
      'GET',
      '/api/v1/accounts/acc-1',
      404,
      'application/problem+json',
      problem(404, 'NO_SUCH_CODE'),
    );
    expect(answer).toMatch(
      /does not match the schema of GET \/api\/v1\/accounts\/\{accountId\}: \/code must be equal to one of the allowed values/,
    );
    const missing = checkAnswer('GET', '/api/v1/accounts/acc-1', 200, 'application/json', json({ accountId: 'acc-1' }));
    expect(missing).toMatch(/must have required property/);
  });

  it('finds the operation as the router does: a literal segment before a parameter, for the method asked', () => {
    expect(checkAnswer('POST', '/api/v1/evidence/files', 418, 'application/json', json({}))).toBe(
      'status 418 is not documented for POST /api/v1/evidence/files',
    );
    expect(checkAnswer('GET', '/api/v1/evidence/files', 418, 'application/json', json({}))).toBe(
      'status 418 is not documented for GET /api/v1/evidence/{hash}',
    );
  });

  it('leaves alone the paths and methods the document does not describe', () => {
    expect(checkAnswer('GET', '/explorer/index.html', 200, 'text/html', Buffer.from('<html>'))).toBeUndefined();
    expect(
      checkAnswer('GET', '/api/v1/no/such/route', 404, 'application/problem+json', Buffer.alloc(0)),
    ).toBeUndefined();
    expect(checkAnswer('DELETE', '/api/v1/accounts/acc-1', 404, 'application/problem+json', json({}))).toBeUndefined();
  });

  it('reports each problem once, with how often it was seen', () => {
    const v = { request: 'GET /api/v1/accounts/a', status: 418, problem: 'status 418 is not documented' };
    expect(conformanceReport([v, { ...v, request: 'GET /api/v1/accounts/b' }])).toBe(
      '- status 418 is not documented (2×, e.g. GET /api/v1/accounts/a)',
    );
    expect(() => {
      assertConformed([v]);
    }).toThrow(
      'answers that do not conform to openapi.json:\n- status 418 is not documented (1×, e.g. GET /api/v1/accounts/a)',
    );
    expect(() => {
      assertConformed([]);
    }).not.toThrow();
  });
});

describe("a remote gateway's answers, as its client receives them", () => {
  it('are held to the document through any supertest method, and only documented operations are checked', async () => {
    const app = express();
    app.get('/api/v1/accounts/:accountId', (_req, res) => {
      res.status(418).json({});
    });
    app.get('/explorer/', (_req, res) => {
      res.type('html').send('<html>');
    });
    const violations: ConformanceViolation[] = [];
    const client = checkAnswersOfClient(request(app), violations);
    await client.get('/api/v1/accounts/acc-1').set('x-api-key', 'k');
    await client.get('/explorer/');
    expect(violations).toEqual([
      {
        request: 'GET /api/v1/accounts/acc-1',
        status: 418,
        problem: 'status 418 is not documented for GET /api/v1/accounts/{accountId}',
      },
    ]);
  });
});
