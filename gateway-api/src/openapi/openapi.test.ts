import { readFileSync } from 'node:fs';
import { OPENAPI_FILE, renderOpenApi } from './write-openapi';
import { allRoutes } from '../routes';

describe('OpenAPI document', () => {
  it('is checked in exactly as the code generates it (run `npm run openapi -w gateway-api` after an API change)', () => {
    expect(readFileSync(OPENAPI_FILE, 'utf8')).toBe(renderOpenApi());
  });

  it('documents every route of the table, with unique operation ids', () => {
    const doc = JSON.parse(renderOpenApi()) as { paths: Record<string, Record<string, { operationId: string }>> };
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item).map((op) => op.operationId));
    expect(new Set(operations).size).toBe(operations.length);
    for (const route of allRoutes) {
      const path = '/api/v1' + route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}');
      expect(doc.paths[path]?.[route.method]?.operationId).toBe(route.operationId);
    }
  });
});
