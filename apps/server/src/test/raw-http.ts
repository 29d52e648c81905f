import { request } from 'node:http';
import type { FastifyInstance } from 'fastify';

/**
 * GET with the path sent byte for byte. `inject()` and fetch() parse URLs the WHATWG way,
 * which folds `..`, `.` and `%2e%2e` segments before the server sees them; an attacker's raw
 * socket does not, so traversal probes go through this. The app must be listening.
 */
export function rawGet(
  app: FastifyInstance,
  rawPath: string,
): Promise<{ status: number; body: string }> {
  const address = app.server.address();
  if (!address || typeof address === 'string') throw new Error('the app is not listening');
  return new Promise((resolve, reject) => {
    const req = request(
      { host: '127.0.0.1', port: address.port, method: 'GET', path: rawPath },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}
