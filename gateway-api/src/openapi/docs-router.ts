import { createRequire } from 'node:module';
import * as path from 'node:path';
import express, { type Router } from 'express';

const SWAGGER_DIR = path.dirname(createRequire(__filename).resolve('swagger-ui-dist/package.json'));

const PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>AllianceLedger API</title>
<link rel="stylesheet" href="/docs/assets/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="/docs/assets/swagger-ui-bundle.js"></script>
<script src="/docs/init.js"></script>
</body>
</html>
`;

const INIT = `window.ui = SwaggerUIBundle({ url: '/openapi.json', dom_id: '#swagger-ui', deepLinking: true });\n`;

/**
 * `/openapi.json` and a browsable Swagger UI at `/docs`, served from the installed package (no CDN).
 * `document` is asked for at the first request: building the document from every schema takes about a
 * second, which a gateway start need not wait for.
 */
export function docsRouter(document: () => Promise<unknown>): Router {
  const router = express.Router();
  router.get('/openapi.json', async (_req, res) => {
    res.json(await document());
  });
  router.get(['/docs', '/docs/'], (_req, res) => {
    res.type('html').send(PAGE);
  });
  router.get('/docs/init.js', (_req, res) => {
    res.type('application/javascript').send(INIT);
  });
  router.use('/docs/assets', express.static(SWAGGER_DIR, { index: false, maxAge: '1h' }));
  return router;
}
