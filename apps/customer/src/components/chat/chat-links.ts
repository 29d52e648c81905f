/**
 * Splits a chat message into text and links, so the assistant's checkout and hold links can be
 * clicked. Only http(s) URLs and paths on this site become links; anything else (javascript:,
 * data:, mailto:, a path to another host) stays text. The caller renders the parts as React
 * text and anchors, never as HTML.
 */

export type ChatTextPart =
  | { kind: 'text'; text: string }
  /** `isSameSite`: opens in this tab; other sites open in a new one. */
  | { kind: 'link'; text: string; href: string; isSameSite: boolean };

// An absolute http(s) URL, or a site path (`/book/hold/…`) that starts a word: after the start,
// a space or an opening bracket or quote, so "24/7" or "and/or" stay text.
const CANDIDATE = /https?:\/\/[^\s<>"'`]+|(?<=^|[\s(["'])\/[A-Za-z][^\s<>"'`]*/gi;

/** Sentence punctuation that follows a link in prose but is never its last character. */
const TRAILING = /[.,!?;:'"\]]$/;

function trimTrailing(candidate: string): string {
  let url = candidate;
  for (;;) {
    if (TRAILING.test(url)) {
      url = url.slice(0, -1);
      continue;
    }
    // A closing bracket belongs to the URL only when the URL opened one: "(see /menu)".
    if (url.endsWith(')') && count(url, ')') > count(url, '(')) {
      url = url.slice(0, -1);
      continue;
    }
    return url;
  }
}

function count(text: string, char: string): number {
  return text.split(char).length - 1;
}

function toLink(raw: string, origin: string): { href: string; isSameSite: boolean } | null {
  let url: URL;
  try {
    url = new URL(raw, origin);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // user:password@host hides the real host from a reader.
  if (url.username || url.password) return null;
  const isSameSite = url.origin === origin;
  if (raw.startsWith('/')) {
    // A path must stay on this site ("//evil.example" or "/\evil" would leave it).
    if (!isSameSite || raw.startsWith('//') || raw.includes('\\')) return null;
    return { href: url.pathname + url.search + url.hash, isSameSite: true };
  }
  return { href: url.href, isSameSite };
}

/** `origin`: this site's origin (`window.location.origin`), for site paths. */
export function splitChatLinks(text: string, origin: string): ChatTextPart[] {
  const parts: ChatTextPart[] = [];
  let plain = '';
  let last = 0;
  for (const match of text.matchAll(CANDIDATE)) {
    const start = match.index;
    const raw = trimTrailing(match[0]);
    const link = raw.length > 1 ? toLink(raw, origin) : null;
    if (!link) continue;
    plain += text.slice(last, start);
    if (plain) parts.push({ kind: 'text', text: plain });
    plain = '';
    parts.push({ kind: 'link', text: raw, ...link });
    last = start + raw.length;
  }
  plain += text.slice(last);
  if (plain) parts.push({ kind: 'text', text: plain });
  return parts;
}
