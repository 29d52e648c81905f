import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * The index.html of a site's build output, or null when there is no build: the plugin then
 * registers nothing, and the warning says how to build one.
 */
export function readBuiltIndex(
  app: Pick<FastifyInstance, 'log'>,
  options: { distDir: string; site: string },
): Buffer | null {
  const indexFile = path.join(options.distDir, 'index.html');
  if (!existsSync(indexFile)) {
    app.log.warn(`${options.site} not built (${indexFile} missing); run npm run build:web`);
    return null;
  }
  return readFileSync(indexFile);
}

/**
 * Serves `<distDir>/assets` at `prefix`. Hashed file names: cached for a year. Unknown files
 * fall through to the 404 envelope.
 */
export async function registerHashedAssets(
  app: Pick<FastifyInstance, 'register'>,
  options: { distDir: string; prefix: string },
): Promise<void> {
  await app.register(fastifyStatic, {
    root: path.join(options.distDir, 'assets'),
    prefix: options.prefix,
    decorateReply: false,
    index: false,
    immutable: true,
    maxAge: '365d',
    schemaHide: true,
  });
}
