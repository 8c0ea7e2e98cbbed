// Jest in TypeScript through SWC (fast, no type-check: `npm run typecheck` does that).
// ESM-only packages are compiled too, so the server code runs unchanged under Jest.
const esmOnly = ['@electric-sql/pglite', 'typebox', 'qs-esm', 'preact', '@bitrix24/b24jssdk', 'luxon'];

/** @type {import('jest').Config} */
module.exports = {
  // Node's environment plus end-of-file clean-ups that run even in a file whose tests all skip.
  testEnvironment: '<rootDir>/test/support/node-environment.js',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts', '**/*.test.tsx'],
  transform: {
    // PGlite's CommonJS build loads Node built-ins with import(); compiled to require() it needs
    // no --experimental-vm-modules and survives Jest's module registry.
    'node_modules/@electric-sql/pglite/.+\\.c?js$': ['@swc/jest', { module: { type: 'commonjs', ignoreDynamic: false } }],
    '^.+\\.(t|j|mj|cj)sx?$': [
      '@swc/jest',
      {
        jsc: {
          target: 'es2022',
          parser: { syntax: 'typescript', tsx: true },
          transform: { react: { runtime: 'automatic', importSource: 'preact' } },
        },
        module: { type: 'commonjs', ignoreDynamic: true },
      },
    ],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleFileExtensions: ['ts', 'tsx', 'js', 'mjs', 'cjs', 'json'],
  // nock patches Node's shared `http` on load: a file that imports it gets it undone when it ends.
  moduleNameMapper: { '^nock$': '<rootDir>/test/support/nock-boundary.js' },
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  reporters: ['default', '<rootDir>/test/support/summary-reporter.js'],
  testTimeout: 30000,
};
