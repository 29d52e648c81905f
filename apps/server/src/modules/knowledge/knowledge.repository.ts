import { sql } from 'kysely';
import type { KnowledgeSection } from '@teppan/agents';
import type { Executor } from '../../lib/db.ts';

export class KnowledgeRepository {
  constructor(private readonly db: Executor) {}

  async countDocuments(): Promise<number> {
    const row = await this.db
      .selectFrom('ai.knowledge_documents')
      .select(sql<number>`count(*)::int`.as('n'))
      .executeTakeFirstOrThrow();
    return row.n;
  }

  listDocuments() {
    return this.db.selectFrom('ai.knowledge_documents').selectAll().orderBy('doc_id').execute();
  }

  findDocumentForUpdate(docId: string) {
    return this.db
      .selectFrom('ai.knowledge_documents')
      .selectAll()
      .where('doc_id', '=', docId)
      .forUpdate()
      .executeTakeFirst();
  }

  /** Seeding is idempotent: a document already there is left as staff edited it. */
  async insertDocumentIfMissing(doc: {
    docId: string;
    title: string;
    markdown: string;
    by: string;
  }): Promise<boolean> {
    const row = await this.db
      .insertInto('ai.knowledge_documents')
      .values({ doc_id: doc.docId, title: doc.title, markdown: doc.markdown, updated_by: doc.by })
      .onConflict((oc) => oc.column('doc_id').doNothing())
      .returning('doc_id')
      .executeTakeFirst();
    return Boolean(row);
  }

  async updateDocument(doc: {
    docId: string;
    title: string;
    markdown: string;
    by: string;
  }): Promise<void> {
    await this.db
      .updateTable('ai.knowledge_documents')
      .set({
        title: doc.title,
        markdown: doc.markdown,
        updated_by: doc.by,
        version: sql<number>`version + 1`,
        updated_at: sql`now()`,
      })
      .where('doc_id', '=', doc.docId)
      .execute();
  }

  async replaceSections(docId: string, sections: readonly KnowledgeSection[]): Promise<void> {
    await this.db.deleteFrom('ai.knowledge_sections').where('doc_id', '=', docId).execute();
    if (sections.length === 0) return;
    await this.db
      .insertInto('ai.knowledge_sections')
      .values(
        sections.map((s) => ({
          doc_id: docId,
          anchor: s.anchor,
          heading: s.heading,
          keywords: s.keywords,
          text: s.text,
        })),
      )
      .execute();
  }

  /**
   * Sections matching any of the words, best first. OR rather than AND: a customer's
   * question rarely repeats every word of the answer.
   */
  search(words: readonly string[], limit: number) {
    const query = words.join(' | ');
    return this.db
      .selectFrom('ai.knowledge_sections as s')
      .innerJoin('ai.knowledge_documents as d', 'd.doc_id', 's.doc_id')
      .select(['s.doc_id', 's.anchor', 's.heading', 's.text', 'd.title'])
      .where(sql<boolean>`s.search @@ to_tsquery('english', ${query})`)
      .orderBy(sql`ts_rank_cd(s.search, to_tsquery('english', ${query}))`, 'desc')
      .orderBy('s.id')
      .limit(limit)
      .execute();
  }
}
