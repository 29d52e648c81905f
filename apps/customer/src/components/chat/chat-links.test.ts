import { describe, expect, it } from 'vitest';
import { splitChatLinks, type ChatTextPart } from './chat-links.ts';

const ORIGIN = 'https://teppan.example';
const HOLD = '0b7c8a53-3c1e-4a4e-9d2f-7d6f5a1c2b3d';

const links = (text: string) =>
  splitChatLinks(text, ORIGIN).filter(
    (p): p is Extract<ChatTextPart, { kind: 'link' }> => p.kind === 'link',
  );

describe('splitChatLinks', () => {
  it('keeps the sentence full stop out of the hold link', () => {
    const text = `Your date is held. Finish here: ${ORIGIN}/book/hold/${HOLD}.`;
    expect(splitChatLinks(text, ORIGIN)).toEqual([
      { kind: 'text', text: 'Your date is held. Finish here: ' },
      {
        kind: 'link',
        text: `${ORIGIN}/book/hold/${HOLD}`,
        href: `${ORIGIN}/book/hold/${HOLD}`,
        isSameSite: true,
      },
      { kind: 'text', text: '.' },
    ]);
  });

  it.each([
    ['.', 'https://a.example/x.'],
    [',', 'https://a.example/x, then'],
    [')', '(https://a.example/x)'],
    ['!', 'https://a.example/x!'],
    ['?', 'Open https://a.example/x?'],
    ['?!.', 'https://a.example/x?!.'],
    ['"', '"https://a.example/x"'],
  ])('leaves trailing %s out of the URL', (_punctuation, text) => {
    expect(links(text).map((l) => l.href)).toEqual(['https://a.example/x']);
  });

  it('keeps punctuation inside the URL and a bracket the URL opened', () => {
    expect(links('See https://a.example/a.b?q=1,2&x=(y).').map((l) => l.text)).toEqual([
      'https://a.example/a.b?q=1,2&x=(y)',
    ]);
  });

  it('links site paths that start a word, on this site, in the same tab', () => {
    expect(links(`Finish at /book/hold/${HOLD}, or see our menu (/menu).`)).toEqual([
      {
        kind: 'link',
        text: `/book/hold/${HOLD}`,
        href: `/book/hold/${HOLD}`,
        isSameSite: true,
      },
      { kind: 'link', text: '/menu', href: '/menu', isSameSite: true },
    ]);
  });

  it('marks other sites so they open in a new tab', () => {
    expect(links('Pay at http://pay.example/c/1')).toEqual([
      {
        kind: 'link',
        text: 'http://pay.example/c/1',
        href: 'http://pay.example/c/1',
        isSameSite: false,
      },
    ]);
  });

  it.each([
    'javascript:alert(1)',
    'data:text/html,<script>alert(1)</script>',
    'mailto:a@b.example',
    'ftp://files.example/x',
    '//evil.example/x',
    'open 24/7 and/or later',
    'https://user:pw@evil.example/x',
  ])('makes no unsafe or accidental link of %s', (text) => {
    expect(links(text)).toEqual([]);
  });

  it('keeps markup as text: a quote ends the URL, the tags stay text parts', () => {
    const parts = splitChatLinks('<a href="https://a.example/x" onclick="y">z</a>', ORIGIN);
    expect(parts.filter((p) => p.kind === 'link').map((p) => p.text)).toEqual([
      'https://a.example/x',
    ]);
    expect(parts[0]).toEqual({ kind: 'text', text: '<a href="' });
  });

  it('returns the whole text when there is no link, and loses no character', () => {
    expect(splitChatLinks('No link here.', ORIGIN)).toEqual([
      { kind: 'text', text: 'No link here.' },
    ]);
    const text = `A ${ORIGIN}/x. B /menu! C https://a.example/(y)). D`;
    expect(
      splitChatLinks(text, ORIGIN)
        .map((p) => p.text)
        .join(''),
    ).toBe(text);
  });
});
