import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';

export interface TestSmtpServer {
  url: string;
  /** Raw RFC 822 messages, in arrival order. */
  messages: string[];
  /**
   * While true, every recipient is refused with 550 (a permanent-looking failure), echoing
   * the address the way Postfix does.
   */
  isRejecting: boolean;
  /** How long the server waits before accepting each message (a slow mail server). */
  acceptDelayMs: number;
  close(): Promise<void>;
}

/** A real SMTP server on loopback: no TLS, no auth, collects what it accepts. */
export async function startTestSmtpServer(): Promise<TestSmtpServer> {
  const state: TestSmtpServer = {
    url: '',
    messages: [],
    isRejecting: false,
    acceptDelayMs: 0,
    close: async () => {},
  };
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (!state.isRejecting) return callback();
      const error = Object.assign(
        new Error(`5.1.1 <${address.address}>: Recipient address rejected: mailbox unavailable`),
        { responseCode: 550 },
      );
      return callback(error);
    },
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        setTimeout(() => {
          state.messages.push(Buffer.concat(chunks).toString('utf8'));
          callback();
        }, state.acceptDelayMs);
      });
    },
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.server.address() as AddressInfo;
  state.url = `smtp://127.0.0.1:${port}`;
  state.close = () => new Promise<void>((resolve) => server.close(() => resolve()));
  return state;
}
