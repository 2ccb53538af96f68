import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const here = (p: string): string => fileURLToPath(new URL(p, import.meta.url));

/**
 * The explorer is served by the gateway at /explorer/ from this build's dist/: no CDN, no inline script or
 * style (the gateway's Content-Security-Policy allows neither). Two modules come from the other workspaces'
 * sources, so the browser computes exactly what they compute: Fabric's block header bytes
 * (fabric-protocol) and the evidence Merkle proof check (contract).
 */
export default defineConfig({
  base: '/explorer/',
  resolve: {
    alias: {
      '@allianceledger/fabric-protocol/block-header': here('../fabric-protocol/src/protocol/block-header.ts'),
      '@allianceledger/contract/merkle': here('../contract/src/merkle.ts'),
    },
  },
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    assetsInlineLimit: 0,
    reportCompressedSize: true,
  },
});
