import { readFileSync } from 'node:fs';
import { OPENAPI_FILE, renderOpenApi } from './write-openapi';
import { PROBLEMS } from '../http/problem';
import { allRoutes } from '../routes';
import { REQUEST_EXAMPLES } from './examples';

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

describe('Swagger UI "Try it out"', () => {
  const doc = JSON.parse(renderOpenApi()) as {
    paths: Record<string, Record<string, Operation>>;
    components: {
      securitySchemes: Record<string, { description?: string }>;
      examples: Record<string, { value: { code: string; status: number } }>;
    };
  };
  interface Operation {
    operationId: string;
    requestBody?: { content: Record<string, { example?: unknown }> };
    responses: Record<string, { content?: Record<string, { examples?: Record<string, { $ref: string }> }> }>;
  }

  it.each(allRoutes.filter((r) => r.kind !== 'read' && r.body !== undefined).map((r) => [r.operationId, r] as const))(
    '%s has a request example its own schema accepts',
    (_id, route) => {
      const example = REQUEST_EXAMPLES[route.operationId];
      expect(example).toBeDefined();
      const body = route.kind !== 'read' ? route.body : undefined;
      const parsed = body?.safeParse(example);
      expect(parsed?.error?.issues ?? []).toEqual([]);
    },
  );

  it('shows every problem response with examples that carry their own code and status', () => {
    const operations = Object.values(doc.paths).flatMap((item) => Object.values(item));
    let checked = 0;
    for (const op of operations) {
      for (const [status, response] of Object.entries(op.responses)) {
        const problem = response.content?.['application/problem+json'];
        if (!problem) continue;
        const examples = Object.entries(problem.examples ?? {});
        expect(examples.length).toBeGreaterThan(0);
        for (const [code, ref] of examples) {
          const example = doc.components.examples[ref.$ref.replace('#/components/examples/', '')];
          expect(example?.value).toMatchObject({ code, status: Number(status) });
          expect(PROBLEMS[code as keyof typeof PROBLEMS].status).toBe(Number(status));
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(100);
  });

  it('says in the Authorize dialog where keys and tokens come from', () => {
    expect(doc.components.securitySchemes.apiKey?.description).toMatch(/demo-api-keys\.txt/);
    expect(doc.components.securitySchemes.apiKey?.description).toMatch(/administrator/);
    expect(doc.components.securitySchemes.bearer?.description).toMatch(/GATEWAY_JWT_SECRET/);
  });
});
