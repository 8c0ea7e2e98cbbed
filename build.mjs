// Builds the server (TypeScript -> CommonJS, dependencies left in node_modules) and the
// client (Preact -> one minified ES module per page, plus shared and lazy chunks). `--server-only` skips the client.
import { build } from 'esbuild';
import fs from 'node:fs';

const serverOnly = process.argv.includes('--server-only');
const benchEntries = fs.existsSync('bench') ? fs.readdirSync('bench').filter((f) => f.endsWith('.ts')).map((f) => `bench/${f}`) : [];

const builds = [
  build({
    entryPoints: ['server/main.ts', 'server/migrate.ts', ...benchEntries],
    outdir: 'dist',
    outbase: '.',
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    sourcemap: true,
    logLevel: 'warning',
  }),
];
if (!serverOnly) {
  builds.push(
    build({
      entryPoints: { app: 'client/main.tsx', install: 'client/install.tsx' },
      outdir: 'dist/client',
      bundle: true,
      platform: 'browser',
      target: ['chrome110', 'firefox110', 'safari16'],
      format: 'esm',
      // The Bitrix24 SDK (~75 KB gzip) is import()ed on demand: splitting keeps it, and the code
      // both pages share, in chunks of their own, so the first paint does not wait for it.
      splitting: true,
      chunkNames: 'chunks/[name]-[hash]',
      // Module scripts are always read as UTF-8: Cyrillic stays 2 bytes a letter instead of \uXXXX.
      charset: 'utf8',
      jsx: 'automatic',
      jsxImportSource: 'preact',
      minify: true,
      sourcemap: true,
      logLevel: 'warning',
    }),
  );
}
await Promise.all(builds);
