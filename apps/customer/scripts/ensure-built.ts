import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm start` serves apps/customer/dist; build it only when it is missing or older than any
// source it is made from, so a normal start stays fast.
const root = fileURLToPath(new URL('../../../', import.meta.url));
const built = path.join(root, 'apps/customer/dist/index.html');
const sources = [
  'apps/customer/src',
  'apps/customer/index.html',
  'apps/customer/vite.config.ts',
  'apps/customer/package.json',
  'packages/core/src',
].map((p) => path.join(root, p));

function newestMtime(target: string): number {
  if (!existsSync(target)) return 0;
  const stat = statSync(target);
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = stat.mtimeMs;
  for (const entry of readdirSync(target))
    newest = Math.max(newest, newestMtime(path.join(target, entry)));
  return newest;
}

const builtAt = existsSync(built) ? statSync(built).mtimeMs : 0;
const sourcesAt = Math.max(...sources.map(newestMtime));
if (builtAt >= sourcesAt) {
  console.log('Customer site is up to date (apps/customer/dist).');
} else {
  console.log(
    builtAt === 0 ? 'Building the customer site…' : 'Customer site sources changed; rebuilding…',
  );
  // A test runner's NODE_ENV=test would make Vite bundle React's development build.
  execFileSync('npm', ['run', 'build:web', '--silent'], {
    cwd: root,
    stdio: 'inherit',
    env: { ...process.env, NODE_ENV: 'production' },
  });
}
