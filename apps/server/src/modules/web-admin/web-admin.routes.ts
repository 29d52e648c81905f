import { fileURLToPath } from 'node:url';
import type { FastifyPluginAsync, FastifyReply, FastifyRequest } from 'fastify';
import { readBuiltIndex, registerHashedAssets } from '../../lib/built-site.ts';
import { appPageHeaders } from '../../lib/security-headers.ts';

/**
 * The panel's own routes are plain words and ids. A path with encoded separators or dots, a
 * backslash, or `.`/`..`/empty segments is a probe (`/admin/..%2f..`): it gets the 404
 * envelope, not the panel, so nothing answers 200 to a traversal attempt.
 */
function isCanonicalPath(url: string): boolean {
  const pathname = url.split('?')[0] ?? '';
  if (/%2f|%5c|%2e|\\/i.test(pathname)) return false;
  return pathname
    .split('/')
    .slice(1)
    .every(
      (segment, index, all) =>
        (segment !== '' || index === all.length - 1) && segment !== '.' && segment !== '..',
    );
}

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
    const indexHtml = readBuiltIndex(app, { distDir, site: 'admin panel' });
    if (!indexHtml) return;

    await registerHashedAssets(app, { distDir, prefix: '/admin/assets/' });

    // The panel is never framed (no clickjacking of staff actions) and loads nothing inline.
    const headers = appPageHeaders({ referrerPolicy: 'same-origin' });
    const sendIndex = async (request: FastifyRequest, reply: FastifyReply) =>
      isCanonicalPath(request.url)
        ? reply.headers(headers).type('text/html; charset=utf-8').send(indexHtml)
        : reply.callNotFound();

    app.get('/admin', { schema: { hide: true } }, sendIndex);
    app.get('/admin/*', { schema: { hide: true } }, sendIndex);
  };
}
