import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { ensureDatabase, startEmbeddedPostgres } from '@teppan/db';

/*
 * Proves that every gate CI relies on can fail (npm run check:gates; .ci/run calls it).
 * For years of sessions `npm test` exited 0 on red tests because a dependency's exit hook
 * overrode the exit code; a green run meant nothing. Each gate below is run once in a state
 * where it must pass and once where it must fail, and both outcomes are checked: the exit
 * code and the summary line, so a crash that exits non-zero for another reason cannot
 * stand in for the real failure.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));
const probes = 'test/gates/probe';

interface Outcome {
  status: number | null;
  output: string;
}

function run(command: string, args: string[], env: NodeJS.ProcessEnv = {}): Outcome {
  const result = spawnSync(command, args, {
    cwd: root,
    env: { ...process.env, ...env, FORCE_COLOR: '0', NO_COLOR: '1' },
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 600_000,
  });
  return { status: result.status, output: `${result.stdout}${result.stderr}` };
}

const failures: string[] = [];

function expectGate(
  name: string,
  outcome: Outcome,
  expected: { succeeds: boolean; says: RegExp },
): void {
  const isExitOk = expected.succeeds ? outcome.status === 0 : outcome.status !== 0;
  const isSaid = expected.says.test(outcome.output);
  const verdict = isExitOk && isSaid ? 'ok  ' : 'FAIL';
  console.log(
    `${verdict} ${name}: exit ${outcome.status ?? 'none'} (want ${expected.succeeds ? '0' : 'non-zero'})`,
  );
  if (!isExitOk || !isSaid) {
    failures.push(name);
    if (!isSaid) console.log(`     the output does not match ${String(expected.says)}`);
    console.log(outcome.output.split('\n').slice(-25).join('\n'));
  }
}

function npmTest(failing: string, files: string[]): Outcome {
  return run('npm', ['test', '--', ...files], { TEPPAN_GATE_PROBE: failing });
}

// 1. Tests: every tier's probe passes together; then one red test per tier fails the run,
//    including a red unit test run together with an integration file (the old blind spot).
const allProbes = [`${probes}.test.ts`, `${probes}.int.test.ts`, `${probes}.e2e.ts`];
expectGate('npm test, all probes green', npmTest('pass', allProbes), {
  succeeds: true,
  says: /Tests\s+3 passed \(3\)/,
});
expectGate(
  'npm test, red unit test with an int file',
  npmTest('unit', [`${probes}.test.ts`, `${probes}.int.test.ts`]),
  { succeeds: false, says: /Tests\s+1 failed \| 1 passed \(2\)/ },
);
expectGate('npm test, red int test', npmTest('int', [`${probes}.int.test.ts`]), {
  succeeds: false,
  says: /Tests\s+1 failed \(1\)/,
});
expectGate('npm test, red e2e test', npmTest('e2e', [`${probes}.e2e.ts`]), {
  succeeds: false,
  says: /Tests\s+1 failed \(1\)/,
});

// 2. Generated files: a stale copy must fail its check; the file is restored either way.
function withStaleCopy(file: string, stale: (text: string) => string, check: () => void): void {
  const target = path.join(root, file);
  const backup = path.join(mkdtempSync(path.join(os.tmpdir(), 'teppan-gate-')), 'backup');
  copyFileSync(target, backup);
  try {
    writeFileSync(target, stale(readFileSync(target, 'utf8')));
    check();
  } finally {
    copyFileSync(backup, target);
    rmSync(path.dirname(backup), { recursive: true, force: true });
  }
}

expectGate('openapi:check, current document', run('npm', ['run', 'openapi:check']), {
  succeeds: true,
  says: /matches the routes/,
});
withStaleCopy(
  'docs/openapi.json',
  (text) => text.replace('"title": "Teppan API"', '"title": "Teppan API (stale)"'),
  () =>
    expectGate('openapi:check, stale document', run('npm', ['run', 'openapi:check']), {
      succeeds: false,
      says: /out of date/,
    }),
);
withStaleCopy(
  'packages/db/src/generated/db.ts',
  (text) => `${text}\nexport interface StaleTable {\n  id: string;\n}\n`,
  () =>
    expectGate('db:types:check, stale row types', run('npm', ['run', 'db:types:check']), {
      succeeds: false,
      says: /does not match the migrations/,
    }),
);

// 3. Structure: a small clean tree passes check:structure; the same tree with a file over
//    500 lines, an admin file importing the server, an admin API module with its own fetch,
//    path and response type, and an operation without a response schema fails it, and the
//    summary names each broken check.
const tree = mkdtempSync(path.join(os.tmpdir(), 'teppan-gate-structure-'));
try {
  const put = (file: string, text: string) => {
    mkdirSync(path.join(tree, path.dirname(file)), { recursive: true });
    writeFileSync(path.join(tree, file), text);
  };
  const operation = (schema: boolean) =>
    JSON.stringify({
      paths: {
        '/api/v1/things': {
          get: {
            responses: {
              200: schema
                ? { description: 'ok', content: { 'application/json': { schema: {} } } }
                : { description: 'ok' },
            },
          },
        },
      },
    });
  run('git', ['init', '-q', tree]);
  put('apps/admin/src/page.ts', "import { z } from '@teppan/core';\nexport const page = z;\n");
  put('apps/server/src/app.ts', 'export const app = 1;\n');
  put('docs/openapi.json', operation(true));
  const decision = (n: string) => `# ${n} — A decision\n\n- Status: Accepted\n- Date: 2026-12-03\n`;
  put('docs/decisions/0001-first.md', decision('0001'));
  put('docs/decisions/0002-second.md', decision('0002'));
  const structure = () => run('npm', ['run', 'check:structure'], { TEPPAN_STRUCTURE_ROOT: tree });
  expectGate('check:structure, clean tree', structure(), {
    succeeds: true,
    says: /check:structure passed: 7 checks/,
  });
  put('apps/admin/src/glued.ts', 'export const line = 1;\n'.repeat(501));
  put('apps/admin/src/leak.ts', "export { app } from '../../server/src/app.ts';\n");
  put(
    'apps/admin/src/api-things.ts',
    "export type Thing = { id: string };\nexport const things = () => fetch('/api/v1/things');\n",
  );
  put('docs/openapi.json', operation(false));
  rmSync(path.join(tree, 'docs/decisions/0002-second.md'));
  put('docs/decisions/0003-third.md', decision('0003'));
  expectGate(
    'check:structure, long file, cross-app import, own fetch and types, undescribed response',
    structure(),
    {
      succeeds: false,
      says: /FAIL hand-written [^\n]*: 1\n[^\n]*FAIL imports from one app into another: 1\n[^\n]*FAIL front-end files importing the server: 1\n[^\n]*FAIL front-end requests [^\n]*: 2\n[^\n]*FAIL response types written by hand [^\n]*: 1\n[^\n]*FAIL JSON operations [^\n]*: 1\n[^\n]*FAIL decision records [^\n]*: 1\ncheck:structure failed: 7 of 7 checks/,
    },
  );
} finally {
  rmSync(tree, { recursive: true, force: true });
}

// 4. Migrations on a throw-away cluster: a database that refuses every write makes the next
//    migration and the rollback fail, and both commands must say so in their exit code.
const dir = mkdtempSync(path.join(os.tmpdir(), 'teppan-gate-pg-'));
chmodSync(dir, 0o755); // as root, the postgres user must reach its data directory inside
const cluster = await startEmbeddedPostgres({ dataDir: path.join(dir, 'pg'), ephemeral: true });
try {
  await ensureDatabase(cluster.url, 'gate_migrations');
  const env = { DATABASE_URL: cluster.urlFor('gate_migrations') };
  expectGate('db:migrate, fresh database', run('npm', ['run', 'db:migrate'], env), {
    succeeds: true,
    says: /Up 0001-schemas/,
  });
  expectGate('db:rollback, one step', run('npm', ['run', 'db:rollback'], env), {
    succeeds: true,
    says: /Down \d{4}-/,
  });
  const client = new pg.Client({ connectionString: cluster.url });
  await client.connect();
  await client.query('alter database gate_migrations set default_transaction_read_only = on');
  await client.end();
  expectGate('db:migrate, failing migration', run('npm', ['run', 'db:migrate'], env), {
    succeeds: false,
    says: /read-only transaction/,
  });
  expectGate('db:rollback, failing rollback', run('npm', ['run', 'db:rollback'], env), {
    succeeds: false,
    says: /read-only transaction/,
  });
} finally {
  await cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}

if (failures.length) {
  console.error(`\n${failures.length} gate(s) did not behave: ${failures.join('; ')}`);
  process.exitCode = 1;
} else {
  console.log('\nEvery gate passes when it should and fails when it should.');
}
