/** `npm run bench`: runs every benchmark built from bench/ in turn; each prints its own figures. */
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';

const dir = __dirname;
const benches = fs.readdirSync(dir).filter((file) => file.endsWith('.js') && file !== path.basename(__filename));
let failed = 0;
for (const file of benches) {
  process.stdout.write(`\n### ${file.replace(/\.js$/, '')}\n`);
  const run = spawnSync(process.execPath, [path.join(dir, file)], { stdio: 'inherit', env: process.env });
  if (run.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
