import { Writable } from 'node:stream';

/*
 * Human-readable log lines for development (`npm run dev`, `npm start` without NODE_ENV):
 *   14:02:11.204 INFO  request completed  reqId=… res.statusCode=200 responseTime=3.1
 * Production and tests keep pino's JSON lines. The stream sits after pino, so what it
 * prints has already been through the redaction of log-redaction.ts: it formats, it never
 * sees a raw value.
 */

const LEVELS: Record<number, { name: string; color: string }> = {
  10: { name: 'TRACE', color: '\u001b[90m' },
  20: { name: 'DEBUG', color: '\u001b[36m' },
  30: { name: 'INFO ', color: '\u001b[32m' },
  40: { name: 'WARN ', color: '\u001b[33m' },
  50: { name: 'ERROR', color: '\u001b[31m' },
  60: { name: 'FATAL', color: '\u001b[35m' },
};
const RESET = '\u001b[0m';
const DIM = '\u001b[2m';
/** Fields every line has, or that the line's head already shows. */
const HEAD_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'hostname', 'v']);

function flatten(value: unknown, prefix: string, out: string[]): void {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    for (const [key, inner] of Object.entries(value)) flatten(inner, `${prefix}.${key}`, out);
    return;
  }
  out.push(`${prefix.slice(1)}=${typeof value === 'string' ? value : JSON.stringify(value)}`);
}

/** One pino JSON line as a readable line; a line that is not JSON is returned unchanged. */
export function formatLogLine(line: string, options: { color: boolean }): string {
  let entry: Record<string, unknown>;
  try {
    const parsed: unknown = JSON.parse(line);
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) return line;
    entry = parsed as Record<string, unknown>;
  } catch {
    return line;
  }
  const paint = (color: string, text: string) => (options.color ? `${color}${text}${RESET}` : text);
  const level = LEVELS[typeof entry.level === 'number' ? entry.level : 30] ?? LEVELS[30];
  const time =
    typeof entry.time === 'number' ? new Date(entry.time).toISOString().slice(11, 23) : '';
  const { err, ...rest } = entry;
  const fields: string[] = [];
  for (const [key, value] of Object.entries(rest))
    if (!HEAD_FIELDS.has(key)) flatten(value, `.${key}`, fields);
  const message = typeof entry.msg === 'string' ? entry.msg : '';
  let text = `${paint(DIM, time)} ${paint(level?.color ?? '', level?.name ?? 'INFO ')} ${message}`;
  if (fields.length) text += `  ${paint(DIM, fields.join(' '))}`;
  // The (already scrubbed) stack on its own lines, as a developer reads it.
  if (err && typeof err === 'object') {
    const { stack, message: errMessage, ...errFields } = err as Record<string, unknown>;
    const detail: string[] = [];
    flatten(errFields, '.err', detail);
    if (detail.length && Object.keys(errFields).length) text += `  ${paint(DIM, detail.join(' '))}`;
    text += `\n    ${typeof stack === 'string' ? stack.replace(/\n/g, '\n    ') : String(errMessage)}`;
  }
  return text;
}

/** A destination for pino that writes readable lines to `out` (stdout by default). */
export function prettyLogStream(
  out: NodeJS.WritableStream = process.stdout,
  options: { color?: boolean } = {},
): Writable {
  const color = options.color ?? (out as { isTTY?: boolean }).isTTY === true;
  let pending = '';
  return new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) if (line) out.write(`${formatLogLine(line, { color })}\n`);
      callback();
    },
    final(callback) {
      if (pending) out.write(`${formatLogLine(pending, { color })}\n`);
      callback();
    },
  });
}

/** Where a process's logs go: readable lines in development, pino's JSON elsewhere. */
export function logDestination(env: 'development' | 'test' | 'production'): Writable | undefined {
  return env === 'development' ? prettyLogStream() : undefined;
}
