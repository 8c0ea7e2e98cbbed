import fs from 'node:fs';

/**
 * Where the browser tests find Chromium: `CHROMIUM_PATH` when set (set it to a path that does not
 * exist, e.g. `CHROMIUM_PATH=/nonexistent`, to try the suite as on a machine without a browser),
 * otherwise Debian's package.
 */
const candidates = process.env.CHROMIUM_PATH ? [process.env.CHROMIUM_PATH] : ['/usr/bin/chromium', '/usr/bin/chromium-browser'];

export const CHROMIUM_PATH: string | null = candidates.find((candidate) => fs.existsSync(candidate)) ?? null;

/** Why the browser tests do not run here, or null when they do. */
export const NO_CHROMIUM_REASON: string | null = CHROMIUM_PATH
  ? null
  : `no Chromium at ${candidates.join(' or ')} (apt-get install -y chromium, or set CHROMIUM_PATH)`;

/** The executable, for code that only runs inside `describeInChromium`. */
export function chromiumExecutable(): string {
  if (!CHROMIUM_PATH) throw new Error(NO_CHROMIUM_REASON ?? 'no Chromium');
  return CHROMIUM_PATH;
}

/**
 * `describe` when Chromium is here. Otherwise the suite's body is never run, so none of its hooks
 * or servers exist, and the file reports one skipped test whose name says why; the summary
 * reporter prints that reason at the end of the run (Jest drops a skipped file's console output).
 */
export function describeInChromium(name: string, body: () => void): void {
  if (CHROMIUM_PATH) {
    describe(name, body);
    return;
  }
  describe(name, () => {
    test.skip(`needs Chromium: ${NO_CHROMIUM_REASON}`, () => undefined);
  });
}
