import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A RingCentral platform on loopback, following the documented endpoints the adapter uses:
 * POST /restapi/oauth/token (JWT bearer grant, Basic client auth), POST …/extension/~/sms,
 * GET …/extension/~/message-store/{id}, with RingCentral's error bodies. Tests script the
 * answers to the next SMS posts (`failNextSends`) and the status the message store reports.
 */
export const RC = {
  clientId: 'test-client-id',
  clientSecret: 'test-client-secret-0123456789',
  jwt: 'eyJhbGciOiJSUzI1NiJ9.test-jwt-assertion.signature',
  fromNumber: '+15105550142',
};

export interface SentSmsRequest {
  from: { phoneNumber: string };
  to: { phoneNumber: string }[];
  text: string;
}

export interface TestRingCentral {
  url: string;
  env: Record<string, string>;
  sent: SentSmsRequest[];
  tokenRequests: number;
  /** Answers for the next SMS posts, in order: an HTTP status and, for 429, its Retry-After. */
  failNextSends(...failures: { status: number; retryAfter?: string }[]): void;
  setMessageStatus(id: string, status: string): void;
  close(): Promise<void>;
}

const SMS_PATH = /^\/restapi\/v1\.0\/account\/(~|%7E)\/extension\/(~|%7E)\/sms$/;
const STORE_PATH = /^\/restapi\/v1\.0\/account\/(~|%7E)\/extension\/(~|%7E)\/message-store\/(\w+)$/;

async function bodyOf(request: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startTestRingCentral(): Promise<TestRingCentral> {
  const sent: SentSmsRequest[] = [];
  const failures: { status: number; retryAfter?: string }[] = [];
  const statuses = new Map<string, string>();
  const tokens = new Set<string>();
  const refreshTokens = new Set<string>();
  let nextId = 1000;
  const state = { tokenRequests: 0 };

  const server: Server = createServer((request, response) => {
    const reply = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    const path = (request.url ?? '').split('?')[0] ?? '';
    void (async () => {
      const raw = await bodyOf(request);
      if (request.method === 'POST' && path === '/restapi/oauth/token') {
        state.tokenRequests += 1;
        const basic = Buffer.from(`${RC.clientId}:${RC.clientSecret}`).toString('base64');
        const form = new URLSearchParams(raw);
        if (request.headers.authorization !== `Basic ${basic}`)
          return reply(401, {
            error: 'invalid_client',
            errors: [{ errorCode: 'OAU-123', message: 'Invalid client' }],
            error_description: 'Invalid client',
          });
        const grant = form.get('grant_type');
        const isJwt =
          grant === 'urn:ietf:params:oauth:grant-type:jwt-bearer' &&
          form.get('assertion') === RC.jwt;
        const isRefresh =
          grant === 'refresh_token' && refreshTokens.has(form.get('refresh_token') ?? '');
        if (!isJwt && !isRefresh)
          return reply(400, {
            error: 'invalid_grant',
            errors: [{ errorCode: 'OAU-213', message: 'Token not found' }],
            error_description: 'Token not found',
          });
        const token = `access-${state.tokenRequests}`;
        tokens.add(token);
        refreshTokens.add(`refresh-${state.tokenRequests}`);
        return reply(200, {
          access_token: token,
          token_type: 'bearer',
          expires_in: 3600,
          refresh_token: `refresh-${state.tokenRequests}`,
          refresh_token_expires_in: 604800,
          scope: 'SMS ReadMessages',
          owner_id: '62264425004',
          endpoint_id: 'teppan-test',
        });
      }
      // RFC 6750: the scheme is case-insensitive (the SDK echoes token_type "bearer").
      const bearer = /^bearer (.+)$/i.exec(request.headers.authorization ?? '')?.[1];
      if (!bearer || !tokens.has(bearer))
        return reply(401, {
          errorCode: 'AGW-401',
          message: 'Authorization header is not specified',
          errors: [{ errorCode: 'AGW-401', message: 'Authorization header is not specified' }],
        });
      if (request.method === 'POST' && SMS_PATH.test(path)) {
        const failure = failures.shift();
        if (failure?.status === 429)
          return reply(
            429,
            {
              errorCode: 'CMN-301',
              message: 'Request rate exceeded',
              errors: [{ errorCode: 'CMN-301', message: 'Request rate exceeded' }],
            },
            failure.retryAfter ? { 'retry-after': failure.retryAfter } : {},
          );
        if (failure)
          return reply(failure.status, {
            errorCode: failure.status >= 500 ? 'CMN-201' : 'MSG-246',
            message:
              failure.status >= 500 ? 'Service Temporary Unavailable' : 'Phone number is not valid',
          });
        const body = JSON.parse(raw) as SentSmsRequest;
        sent.push(body);
        const id = String((nextId += 1));
        statuses.set(id, 'Queued');
        return reply(200, {
          uri: `${`http://${request.headers.host ?? ''}`}/restapi/v1.0/account/1/extension/1/message-store/${id}`,
          id: Number(id),
          to: body.to,
          from: body.from,
          type: 'SMS',
          creationTime: new Date().toISOString(),
          readStatus: 'Read',
          priority: 'Normal',
          attachments: [{ id, type: 'Text', contentType: 'text/plain' }],
          direction: 'Outbound',
          availability: 'Alive',
          subject: body.text,
          messageStatus: 'Queued',
          smsSendingAttemptsCount: 1,
          conversationId: '7',
          lastModifiedTime: new Date().toISOString(),
        });
      }
      const store = STORE_PATH.exec(path);
      if (request.method === 'GET' && store?.[3]) {
        const status = statuses.get(store[3]);
        if (!status) return reply(404, { errorCode: 'MSG-301', message: 'Message not found' });
        return reply(200, {
          id: Number(store[3]),
          type: 'SMS',
          direction: 'Outbound',
          messageStatus: status,
        });
      }
      return reply(404, { errorCode: 'CMN-102', message: 'Resource not found' });
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    env: {
      RINGCENTRAL_SERVER_URL: url,
      RINGCENTRAL_CLIENT_ID: RC.clientId,
      RINGCENTRAL_CLIENT_SECRET: RC.clientSecret,
      RINGCENTRAL_JWT: RC.jwt,
      RINGCENTRAL_FROM_NUMBER: RC.fromNumber,
    },
    sent,
    get tokenRequests() {
      return state.tokenRequests;
    },
    failNextSends: (...next) => failures.push(...next),
    setMessageStatus: (id, status) => statuses.set(id, status),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
