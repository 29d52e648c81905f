import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { renderOpenApiDocument } from './lib/silent-app.ts';

// Renders the OpenAPI document from the route schemas; `--check` fails when the committed
// copy (docs/openapi.json) differs, so contract changes are always visible in review.
const target = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url));

export async function renderOpenApi(): Promise<string> {
  return `${JSON.stringify(await renderOpenApiDocument(), null, 2)}\n`;
}

const rendered = await renderOpenApi();
if (process.argv.includes('--check')) {
  let committed = '';
  try {
    committed = readFileSync(target, 'utf8');
  } catch {
    // missing counts as different
  }
  if (committed !== rendered) {
    console.error('docs/openapi.json is out of date. Run `npm run openapi` and commit the result.');
    process.exitCode = 1;
  } else {
    console.log('docs/openapi.json matches the routes.');
  }
} else {
  writeFileSync(target, rendered);
  console.log(`Wrote ${target}`);
}
