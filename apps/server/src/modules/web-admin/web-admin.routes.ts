import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyPluginAsync, FastifyReply } from 'fastify';

/** The admin panel's build output (`npm run build:web`). */
export const adminDistDir = fileURLToPath(new URL('../../../../admin/dist/', import.meta.url));

/**
 * Serves the staff admin panel at `/admin`. Only `/admin` and `/admin/*` fall back to its
 * index.html, so the API and every other path keep the JSON 404 envelope. The page itself is
 * public (it holds no data); everything it shows comes from the staff-guarded API.
 * Without a build the plugin registers nothing and says how to build one.
 */
export function webAdminRoutes(options: { distDir?: string } = {}): FastifyPluginAsync {
  return async (app) => {
    const distDir = options.distDir ?? adminDistDir;
    const indexFile = path.join(distDir, 'index.html');
    if (!existsSync(indexFile)) {
      app.log.warn(`admin panel not built (${indexFile} missing); run npm run build:web`);
      return;
    }
    const indexHtml = readFileSync(indexFile);

    // Hashed file names: cache for a year. Unknown files fall through to the 404 envelope.
    await app.register(fastifyStatic, {
      root: path.join(distDir, 'assets'),
      prefix: '/admin/assets/',
      decorateReply: false,
      index: false,
      immutable: true,
      maxAge: '365d',
      schemaHide: true,
    });

    const sendIndex = async (_request: unknown, reply: FastifyReply) =>
      reply
        .header('cache-control', 'no-cache')
        .header('x-content-type-options', 'nosniff')
        // The panel is never framed: no clickjacking of staff actions.
        .header('x-frame-options', 'DENY')
        .header('referrer-policy', 'same-origin')
        .type('text/html; charset=utf-8')
        .send(indexHtml);

    app.get('/admin', { schema: { hide: true } }, sendIndex);
    app.get('/admin/*', { schema: { hide: true } }, sendIndex);
  };
}
