import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

// `npm start` serves apps/customer/dist; build it only when it is missing or older than any
// source it is made from, so a normal start stays fast.
const root = fileURLToPath(new URL('../../../', import.meta.url));
// `build:web` builds both front ends; the admin panel (served at /admin) counts too.
const builtFiles = ['apps/customer/dist/index.html', 'apps/admin/dist/index.html'].map((p) =>
  path.join(root, p),
);
const sources = [
  'apps/customer/src',
  'apps/customer/index.html',
  'apps/customer/vite.config.ts',
  'apps/customer/package.json',
  'packages/core/src',
  'packages/web-ui/src',
  'packages/web-client/src',
  'apps/admin/src',
  'apps/admin/index.html',
  'apps/admin/vite.config.ts',
  'apps/admin/package.json',
  'apps/server/src/modules/staff/permissions.ts',
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

const builtAt = Math.min(
  ...builtFiles.map((file) => (existsSync(file) ? statSync(file).mtimeMs : 0)),
);
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
