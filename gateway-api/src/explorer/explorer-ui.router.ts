import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import * as path from 'node:path';
import express, { type NextFunction, type Request, type Response, type Router } from 'express';

/**
 * The explorer's Content-Security-Policy: its own scripts, styles and API only — no inline script or style,
 * no CDN, no frames, no forms posting elsewhere. The page works offline.
 */
export const EXPLORER_CSP = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "manifest-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/** Where `make build` puts the explorer's files (the `@allianceledger/explorer` workspace's `dist/`). */
export function explorerAssetsDir(): string {
  const pkg = createRequire(__filename).resolve('@allianceledger/explorer/package.json');
  return path.join(path.dirname(pkg), 'dist');
}

/**
 * `/explorer`: the block explorer and network monitor, a static single-page application served from this
 * gateway (hashed asset names, cached a year; the page itself never cached). It signs in through
 * `POST /api/v1/sessions` and then reads the same API as any client.
 */
export function explorerUiRouter(dir: string = explorerAssetsDir()): Router {
  const router = express.Router();
  router.use('/explorer', (_req: Request, res: Response, next: NextFunction) => {
    res.setHeader('content-security-policy', EXPLORER_CSP);
    res.setHeader('cross-origin-opener-policy', 'same-origin');
    res.setHeader('referrer-policy', 'no-referrer');
    next();
  });
  router.use(
    '/explorer/assets',
    express.static(path.join(dir, 'assets'), { index: false, immutable: true, maxAge: '365d' }),
  );
  router.get(['/explorer', '/explorer/', '/explorer/index.html'], (req: Request, res: Response) => {
    const index = path.join(dir, 'index.html');
    if (!existsSync(index)) {
      res.status(503).type('text/plain').send('The explorer is not built: run `make build`.\n');
      return;
    }
    if (req.path === '/explorer') {
      // Relative asset URLs resolve under /explorer/.
      res.redirect(301, '/explorer/');
      return;
    }
    res.setHeader('cache-control', 'no-cache');
    res.sendFile(index);
  });
  return router;
}
