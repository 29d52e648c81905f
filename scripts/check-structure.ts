import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/*
 * npm run check:structure (CI: .ci/run). Enforces the shape issue #10 asks for:
 * 1. no hand-written .ts/.tsx file over MAX_LINES lines;
 * 2. no import from one app (apps/<name>/) into another app;
 * 3. no front-end file (apps/admin, apps/customer) importing the server;
 * 4. every JSON operation in docs/openapi.json has a 2xx response whose content has a schema;
 * 6. front-end files reach the API only through `@teppan/web-client` and its `routes` (no
 *    `fetch`, no `/api/v1/` path of their own but file downloads), and their API modules
 *    (apps/<front end>/src/api*.ts) declare no response type by hand (no object type or
 *    interface: answers are the contract's `RouteResponse`);
 * 5. decision records (docs/decisions/NNNN-*.md) are numbered 0001… without a gap or a
 *    repeat, and each has its `- Status:` and `- Date: YYYY-MM-DD` lines (TEMPLATE.md).
 * Prints every offender and a summary line per check; exits 1 when any check fails.
 * Run against another tree with TEPPAN_STRUCTURE_ROOT=<dir> (the gate test does).
 */

const MAX_LINES = 500;
const FRONT_ENDS = ['admin', 'customer'] as const;
/** Generated or vendored: written by a tool, checked by their own gates. */
const GENERATED = [/^packages\/db\/src\/generated\//];
/**
 * Integration tests run in Node and ship in no bundle; the browser/server parity test
 * (apps/customer/src/quote-parity.int.test.ts) starts the real server on purpose.
 */
const CROSS_APP_EXEMPT = /\.int\.test\.tsx?$/;
const FILE_DOWNLOAD = /\.[a-z0-9]+$/i; // /bookings/{id}/calendar.ics, /admin/bookings.csv

const root = process.env.TEPPAN_STRUCTURE_ROOT ?? fileURLToPath(new URL('..', import.meta.url));

function sourceFiles(): string[] {
  const listed = execFileSync(
    'git',
    ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.ts', '*.tsx'],
    { cwd: root, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 },
  );
  return [...new Set(listed.split('\n').filter(Boolean))]
    .filter((file) => !file.split('/').includes('node_modules'))
    .filter((file) => existsSync(path.join(root, file)))
    .sort();
}

interface Check {
  name: string;
  offenders: string[];
}

/** Lines as an editor numbers them: a final newline does not start another line. */
function lineCount(text: string): number {
  if (text === '') return 0;
  const newlines = text.split('\n').length - 1;
  return text.endsWith('\n') ? newlines : newlines + 1;
}

function checkFileLengths(files: readonly string[]): Check {
  const offenders = files
    .filter((file) => !GENERATED.some((pattern) => pattern.test(file)))
    .map((file) => ({ file, lines: lineCount(readFileSync(path.join(root, file), 'utf8')) }))
    .filter(({ lines }) => lines > MAX_LINES)
    .sort((a, b) => b.lines - a.lines)
    .map(({ file, lines }) => `${file}: ${lines} lines`);
  return { name: `hand-written .ts/.tsx files over ${MAX_LINES} lines`, offenders };
}

const IMPORT_SPECIFIER =
  /(?:^|[^\w$.])(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w$.])import\s*\(?\s*['"]([^'"]+)['"]/gm;

function importsOf(text: string): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(IMPORT_SPECIFIER)) {
    const specifier = match[1] ?? match[2];
    if (specifier) found.push(specifier);
  }
  return found;
}

/** The app (apps/<name>) an import points into, or null for packages and other places. */
function targetApp(file: string, specifier: string): string | null {
  const packageApp = /^@teppan\/(server|admin|customer)(?:\/|$)/.exec(specifier);
  if (packageApp) return packageApp[1] ?? null;
  if (!specifier.startsWith('.')) return null;
  const resolved = path.posix.normalize(path.posix.join(path.posix.dirname(file), specifier));
  return /^apps\/([^/]+)\//.exec(resolved)?.[1] ?? null;
}

function checkImports(files: readonly string[]): Check[] {
  const crossApp: string[] = [];
  const browserToServer: string[] = [];
  for (const file of files) {
    const app = /^apps\/([^/]+)\//.exec(file)?.[1];
    if (!app || CROSS_APP_EXEMPT.test(file)) continue;
    for (const specifier of importsOf(readFileSync(path.join(root, file), 'utf8'))) {
      const target = targetApp(file, specifier);
      if (!target || target === app) continue;
      crossApp.push(`${file} imports ${specifier} (apps/${target})`);
      if ((FRONT_ENDS as readonly string[]).includes(app) && target === 'server')
        browserToServer.push(`${file} imports ${specifier}`);
    }
  }
  return [
    { name: 'imports from one app into another', offenders: crossApp },
    { name: 'front-end files importing the server', offenders: browserToServer },
  ];
}

const TEST_FILE = /\.test\.tsx?$|\.test-helper\.tsx?$/;
const OWN_FETCH = /(?<![.\w])fetch\(|new XMLHttpRequest\b/g;
const API_PATH_LITERAL = /['"`](\/api\/v1\/[^'"`?]*)/g;
const HAND_TYPE = /^export (?:type \w+(?:<[^>]*>)? = \{|interface \w+)/gm;

function checkFrontEndClient(files: readonly string[]): Check[] {
  const ownRequests: string[] = [];
  const handTypes: string[] = [];
  for (const file of files) {
    const app = /^apps\/([^/]+)\/src\//.exec(file)?.[1];
    if (!app || !(FRONT_ENDS as readonly string[]).includes(app) || TEST_FILE.test(file)) continue;
    const text = readFileSync(path.join(root, file), 'utf8');
    const lineOf = (index: number) => text.slice(0, index).split('\n').length;
    for (const match of text.matchAll(OWN_FETCH))
      ownRequests.push(`${file}:${lineOf(match.index)} ${match[0]}`);
    for (const match of text.matchAll(API_PATH_LITERAL))
      if (!FILE_DOWNLOAD.test(match[1] ?? ''))
        ownRequests.push(`${file}:${lineOf(match.index)} ${match[1]}`);
    if (/\/api[^/]*\.ts$/.test(file))
      for (const match of text.matchAll(HAND_TYPE))
        handTypes.push(`${file}:${lineOf(match.index)} ${match[0]}`);
  }
  return [
    {
      name: 'front-end requests not made through @teppan/web-client routes (fetch, own /api/v1 paths)',
      offenders: ownRequests,
    },
    { name: 'response types written by hand in front-end API modules', offenders: handTypes },
  ];
}

interface OpenApiResponse {
  content?: Record<string, { schema?: unknown }>;
}
interface OpenApiDocument {
  paths?: Record<string, Record<string, { responses?: Record<string, OpenApiResponse> }>>;
}

const METHODS = new Set(['get', 'put', 'post', 'delete', 'patch', 'head', 'options']);

function checkOpenApi(): Check {
  const name = 'JSON operations in docs/openapi.json without a 2xx response schema';
  const file = path.join(root, 'docs/openapi.json');
  if (!existsSync(file)) return { name, offenders: ['docs/openapi.json is missing'] };
  const document = JSON.parse(readFileSync(file, 'utf8')) as OpenApiDocument;
  const offenders: string[] = [];
  let operations = 0;
  for (const [route, item] of Object.entries(document.paths ?? {}))
    for (const [method, operation] of Object.entries(item)) {
      if (!METHODS.has(method)) continue;
      const success = Object.entries(operation.responses ?? {}).filter(([code]) =>
        /^2(\d\d|XX)$/.test(code),
      );
      const mediaTypes = success.flatMap(([, response]) => Object.keys(response.content ?? {}));
      // A download (calendar.ics, agreement.pdf, bookings.csv) or an operation that declares
      // only other media types is not a JSON operation.
      const isJson =
        mediaTypes.length > 0
          ? mediaTypes.some((type) => type.includes('json'))
          : !FILE_DOWNLOAD.test(route);
      if (!isJson) continue;
      operations += 1;
      const isNoContent = success.some(([code]) => code === '204');
      const hasSchema = success.some(([, response]) =>
        Object.entries(response.content ?? {}).some(
          ([type, media]) => type.includes('json') && media.schema !== undefined,
        ),
      );
      if (!hasSchema && !isNoContent) offenders.push(`${method.toUpperCase()} ${route}`);
    }
  return { name: `${name} (of ${operations})`, offenders };
}

function checkDecisionRecords(): Check {
  const name = 'decision records with a gap, a repeated number or no status and date';
  const folder = path.join(root, 'docs/decisions');
  if (!existsSync(folder)) return { name, offenders: [] };
  const records = readdirSync(folder)
    .filter((file) => /^\d{4}-.+\.md$/.test(file))
    .sort();
  const offenders: string[] = [];
  records.forEach((file, index) => {
    const expected = String(index + 1).padStart(4, '0');
    if (!file.startsWith(`${expected}-`))
      offenders.push(`${file}: expected number ${expected} here (a gap or a repeat)`);
    const text = readFileSync(path.join(folder, file), 'utf8');
    if (!/^- Status: (Proposed|Accepted|Superseded by \d{4})\s*$/m.test(text))
      offenders.push(`${file}: no "- Status: Proposed | Accepted | Superseded by NNNN" line`);
    if (!/^- Date: \d{4}-\d{2}-\d{2}\s*$/m.test(text))
      offenders.push(`${file}: no "- Date: YYYY-MM-DD" line`);
  });
  return { name, offenders };
}

const files = sourceFiles();
const checks = [
  checkFileLengths(files),
  ...checkImports(files),
  ...checkFrontEndClient(files),
  checkOpenApi(),
  checkDecisionRecords(),
];

for (const check of checks) {
  if (check.offenders.length === 0) continue;
  console.log(`\n${check.name}:`);
  for (const offender of check.offenders) console.log(`  ${offender}`);
}
console.log('\ncheck:structure summary');
for (const check of checks)
  console.log(
    `  ${check.offenders.length === 0 ? 'ok  ' : 'FAIL'} ${check.name}: ${check.offenders.length}`,
  );
const failed = checks.filter((check) => check.offenders.length > 0);
if (failed.length > 0) {
  console.log(`check:structure failed: ${failed.length} of ${checks.length} checks`);
  process.exitCode = 1;
} else {
  console.log(`check:structure passed: ${checks.length} checks, ${files.length} files`);
}
