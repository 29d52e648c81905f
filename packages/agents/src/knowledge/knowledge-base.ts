import { readFileSync } from 'node:fs';
import type { KnowledgeHit } from '../tools/agent-tools.ts';
import { tokenize } from '../nlu/tokenize.ts';

export type KnowledgeDocument = { docId: string; title: string; markdown: string };

export const knowledgeDocumentIds = ['faq', 'policies', 'menu'] as const;

/** The seed documents (data/knowledge/*.md); the server copies them into its own table. */
export function loadKnowledgeDocuments(): KnowledgeDocument[] {
  return knowledgeDocumentIds.map((docId) => {
    const markdown = readFileSync(
      new URL(`../../data/knowledge/${docId}.md`, import.meta.url),
      'utf8',
    );
    const title = /^#\s+(.+)$/m.exec(markdown)?.[1]?.trim() ?? docId;
    return { docId, title, markdown };
  });
}

type Section = KnowledgeHit & { terms: Map<string, number> };

const STOP = new Set(
  'a an the is are do does you your we our i my me of to for in on and or it can what how when with be there any have has this that at by from if as more much will whole'.split(
    ' ',
  ),
);

function stem(word: string): string {
  return word.length > 4 ? word.replace(/(ing|ed|es|s)$/, '') : word;
}

function terms(text: string): string[] {
  return tokenize(text)
    .filter((w) => !STOP.has(w) && !w.startsWith('zz'))
    .map(stem);
}

/**
 * Keyword search over document sections (one `##` heading each), scored by term overlap
 * weighted by rarity. Good enough offline; the server swaps in PostgreSQL full-text search.
 */
export class KnowledgeIndex {
  private readonly sections: Section[] = [];
  private readonly documentFrequency = new Map<string, number>();

  constructor(documents: readonly KnowledgeDocument[]) {
    for (const doc of documents) {
      for (const { heading, keywords, text } of splitSections(doc)) {
        const counts = new Map<string, number>();
        // Headings name the topic, so their words count double.
        for (const t of [
          ...terms(heading),
          ...terms(heading),
          ...terms(keywords),
          ...terms(text),
        ]) {
          counts.set(t, (counts.get(t) ?? 0) + 1);
        }
        for (const t of counts.keys()) {
          this.documentFrequency.set(t, (this.documentFrequency.get(t) ?? 0) + 1);
        }
        this.sections.push({
          docId: `${doc.docId}#${slug(heading)}`,
          title: `${doc.title} — ${heading.trim()}`,
          text,
          terms: counts,
        });
      }
    }
  }

  search(query: string, limit = 3): KnowledgeHit[] {
    const q = [...new Set(terms(query))];
    const n = this.sections.length;
    return this.sections
      .map((section, index) => {
        let score = 0;
        for (const t of q) {
          const tf = section.terms.get(t) ?? 0;
          if (tf > 0)
            score += (1 + Math.log(tf)) * Math.log(1 + n / (this.documentFrequency.get(t) ?? 1));
        }
        return { section, score, index };
      })
      .filter((s) => s.score > 0)
      .sort((a, b) => b.score - a.score || a.index - b.index)
      .slice(0, limit)
      .map(({ section }) => ({ docId: section.docId, title: section.title, text: section.text }));
  }
}

export type KnowledgeSection = { anchor: string; heading: string; keywords: string; text: string };

/**
 * One section per `##` heading. `<!-- keywords: ... -->` lines feed search (customers'
 * words) but are never shown. Shared by this index and the server's full-text index.
 */
export function splitSections(doc: KnowledgeDocument): KnowledgeSection[] {
  return doc.markdown
    .split(/^##\s+/m)
    .slice(1)
    .map((part) => {
      const [heading = '', ...body] = part.split('\n');
      const keywords =
        body
          .join(' ')
          .match(/<!--\s*keywords:(.*?)-->/)?.[1]
          ?.trim() ?? '';
      const text = body
        .join(' ')
        .replace(/<!--.*?-->/g, ' ')
        .replace(/\s+/g, ' ')
        .trim();
      return { anchor: slug(heading), heading: heading.trim(), keywords, text };
    });
}

function slug(heading: string): string {
  return heading
    .trim()
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}
