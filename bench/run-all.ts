/** `npm run bench`: runs every benchmark built from bench/ in turn (or those BENCH names); each prints its own figures. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = __dirname;
// BENCH=api-throughput,catalog runs only those.
const only = process.env.BENCH ? process.env.BENCH.split(',').map((name) => name.trim()) : null;
const benches = fs
  .readdirSync(dir)
  .filter((file) => file.endsWith('.js') && file !== path.basename(__filename))
  .filter((file) => !only || only.includes(file.replace(/\.js$/, '')));
let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n### ${file.replace(/\.js$/, '')}\n`);
  const run = spawnSync(process.execPath, [path.join(dir, file)], { stdio: 'inherit', env: process.env });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
