import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

// Issue F2 §7: the quote page's initial JavaScript stays within 200 KB gzip on a phone.
// Initial = the entry chunk, the quote page's lazy route chunk, and every chunk they import
// statically (what the browser must fetch before the calculator is usable).
const LIMIT_BYTES = 200 * 1024;
const QUOTE_PAGE = 'src/pages/quote-page.tsx';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
type Chunk = { file: string; isEntry?: boolean; imports?: string[] };
const manifest = JSON.parse(readFileSync(`${dist}.vite/manifest.json`, 'utf8')) as Record<
  string,
  Chunk
>;

const entry = Object.keys(manifest).find((key) => manifest[key]?.isEntry);
if (!entry || !manifest[QUOTE_PAGE]) {
  console.error(`bundle-size: entry or ${QUOTE_PAGE} missing from the Vite manifest`);
  process.exit(1);
}

const seen = new Set<string>();
const visit = (key: string): void => {
  if (seen.has(key)) return;
  seen.add(key);
  for (const imported of manifest[key]?.imports ?? []) visit(imported);
};
visit(entry);
visit(QUOTE_PAGE);

let total = 0;
for (const key of [...seen].sort()) {
  const file = manifest[key]?.file;
  if (!file?.endsWith('.js')) continue;
  const size = gzipSync(readFileSync(`${dist}${file}`), { level: 9 }).length;
  total += size;
  console.log(`  ${file.padEnd(44)} ${(size / 1024).toFixed(1).padStart(7)} KB gzip`);
}
const verdict = total <= LIMIT_BYTES ? 'ok' : 'TOO LARGE';
console.log(
  `quote page initial JS: ${(total / 1024).toFixed(1)} KB gzip (limit ${LIMIT_BYTES / 1024} KB) ${verdict}`,
);
if (total > LIMIT_BYTES) process.exit(1);
