/**
 * Runs `cleanup` when this test file ends, even if none of its tests ran (then Jest runs no
 * `afterAll`). Needs the environment in test/support/node-environment.js.
 */
export function onFileEnd(cleanup: () => void | Promise<void>): void {
  const cleanups = (globalThis as Record<symbol, unknown>)[Symbol.for('training-groups.file-cleanups')];
  if (!Array.isArray(cleanups)) throw new Error('onFileEnd needs testEnvironment test/support/node-environment.js (jest.config.js)');
  cleanups.push(cleanup);
}
