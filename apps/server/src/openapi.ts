import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { contractRouteTable } from '@teppan/core/contract';
import { renderOpenApiDocument } from './lib/silent-app.ts';

// Renders the OpenAPI document from the route schemas; `--check` fails when the committed
// copy (docs/openapi.json) differs, so contract changes are always visible in review.
const target = fileURLToPath(new URL('../../../docs/openapi.json', import.meta.url));
const routesTarget = fileURLToPath(
  new URL('../../../packages/web-client/src/routes.json', import.meta.url),
);

export async function renderOpenApi(): Promise<string> {
  return `${JSON.stringify(await renderOpenApiDocument(), null, 2)}\n`;
}

/**
 * The contract's method and path per entry, for `@teppan/web-client`'s `routes` (the apps
 * reference routes without bundling the zod schemas).
 */
export function renderRoutesTable(): string {
  return `${JSON.stringify(contractRouteTable(), null, 2)}\n`;
}

const outputs = [
  { target, rendered: await renderOpenApi(), what: 'docs/openapi.json' },
  {
    target: routesTarget,
    rendered: renderRoutesTable(),
    what: 'packages/web-client/src/routes.json',
  },
];
for (const output of outputs) {
  if (process.argv.includes('--check')) {
    let committed = '';
    try {
      committed = readFileSync(output.target, 'utf8');
    } catch {
      // missing counts as different
    }
    if (committed !== output.rendered) {
      console.error(
        `${output.what} is out of date. Run \`npm run openapi\` and commit the result.`,
      );
      process.exitCode = 1;
    } else {
      console.log(`${output.what} matches the routes.`);
    }
  } else {
    writeFileSync(output.target, output.rendered);
    console.log(`Wrote ${output.target}`);
  }
}
