import { createServer } from 'node:http';
import type { IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach } from 'vitest';

export interface RecordedRequest {
  method: string;
  url: URL;
  headers: IncomingMessage['headers'];
  body: string;
}

/** What the fake upstream does: answer with JSON, or hang to exercise timeouts. */
export type FakeReply =
  { status: number; json: unknown } | { status: number; text: string } | 'hang';

export interface LocalHttpServer {
  baseUrl: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

/** A real node:http server on 127.0.0.1:0, so adapters are tested over an actual socket. */
export async function startLocalHttpServer(
  handle: (req: RecordedRequest) => FakeReply,
): Promise<LocalHttpServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const recorded: RecordedRequest = {
        method: req.method ?? 'GET',
        url: new URL(req.url ?? '/', 'http://127.0.0.1'),
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      };
      requests.push(recorded);
      const reply = handle(recorded);
      if (reply === 'hang') return;
      if ('json' in reply) {
        res.writeHead(reply.status, { 'Content-Type': 'application/json; charset=utf-8' });
        res.end(JSON.stringify(reply.json));
      } else {
        res.writeHead(reply.status, { 'Content-Type': 'text/html' });
        res.end(reply.text);
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve, reject) => {
        // Hanging requests would otherwise keep close() waiting forever.
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/**
 * For a test file: starts a fake upstream inside a test and closes whatever is still open
 * after each one.
 */
export function useFakeUpstream(): (
  handle: (req: RecordedRequest) => FakeReply,
) => Promise<LocalHttpServer> {
  const open = new Set<LocalHttpServer>();
  afterEach(async () => {
    const servers = [...open];
    open.clear();
    await Promise.all(servers.map((server) => server.close()));
  });
  return async (handle) => {
    const server = await startLocalHttpServer(handle);
    open.add(server);
    return {
      ...server,
      close: () => {
        open.delete(server);
        return server.close();
      },
    };
  };
}
