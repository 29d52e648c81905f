import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Fastify, { type FastifyInstance, type FastifyPluginAsync } from 'fastify';

/**
 * A site's build output in a temporary folder, with traps for traversal probes:
 * <parent>/package.json and <parent>/dist/secret.txt lie outside the served assets.
 * `assets`: file paths under dist/assets and their contents.
 */
export function makeBuiltSite(options: { tmpPrefix: string; assets: Record<string, string> }): {
  dist: string;
  remove: () => void;
} {
  const parent = mkdtempSync(path.join(os.tmpdir(), options.tmpPrefix));
  const dist = path.join(parent, 'dist');
  writeFileSync(path.join(parent, 'package.json'), '{"secret":"OUTSIDE-DIST"}');
  mkdirSync(dist);
  writeFileSync(path.join(dist, 'secret.txt'), 'OUTSIDE-ASSETS');
  writeFileSync(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  for (const [file, content] of Object.entries(options.assets)) {
    const target = path.join(dist, 'assets', file);
    mkdirSync(path.dirname(target), { recursive: true });
    writeFileSync(target, content);
  }
  return { dist, remove: () => rmSync(parent, { recursive: true, force: true }) };
}

/**
 * A bare app with the real app's 404 envelope and `plugin`, listening on a free port (raw
 * socket probes need one). `before` adds routes the plugin must leave alone.
 */
export async function listenWithSitePlugin(
  plugin: FastifyPluginAsync,
  before: (app: FastifyInstance) => void,
): Promise<FastifyInstance> {
  const app = Fastify();
  app.setNotFoundHandler((_request, reply) =>
    reply.code(404).send({ error: { code: 'ROUTE_NOT_FOUND', message: 'nope' }, requestId: 'x' }),
  );
  before(app);
  await app.register(plugin);
  await app.listen({ port: 0, host: '127.0.0.1' });
  return app;
}
