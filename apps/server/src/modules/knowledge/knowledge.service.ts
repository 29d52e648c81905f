import { loadKnowledgeDocuments, splitSections, type KnowledgeHit } from '@teppan/agents';
import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import { AppError } from '../../errors.ts';
import { AuditRepository } from '../audit/audit.repository.ts';
import { KnowledgeRepository } from './knowledge.repository.ts';

/**
 * The knowledge base the assistant cites: documents in PostgreSQL (seeded from the
 * repository's FAQ, policies and menu), editable by staff, searched with full-text search.
 */
export class KnowledgeService {
  private seeding: Promise<void> | null = null;

  constructor(private readonly db: Kysely<DB>) {}

  /** Copies the bundled documents in once; later edits by staff are never overwritten. */
  ensureSeeded(): Promise<void> {
    this.seeding ??= (async () => {
      if ((await new KnowledgeRepository(this.db).countDocuments()) > 0) return;
      await this.db.transaction().execute(async (trx) => {
        const repo = new KnowledgeRepository(trx);
        for (const doc of loadKnowledgeDocuments()) {
          if (await repo.insertDocumentIfMissing({ ...doc, by: 'seed' }))
            await repo.replaceSections(doc.docId, splitSections(doc));
        }
      });
    })().catch((error: unknown) => {
      this.seeding = null;
      throw error;
    });
    return this.seeding;
  }

  async search(query: string, limit = 3): Promise<KnowledgeHit[]> {
    await this.ensureSeeded();
    // Only plain words reach to_tsquery, so no query syntax can be injected.
    const words = [...new Set(query.toLowerCase().match(/[a-z0-9]{2,}/g) ?? [])].slice(0, 20);
    if (words.length === 0) return [];
    const rows = await new KnowledgeRepository(this.db).search(words, limit);
    return rows.map((r) => ({
      docId: `${r.doc_id}#${r.anchor}`,
      title: `${r.title} — ${r.heading}`,
      text: r.text,
    }));
  }

  async list() {
    await this.ensureSeeded();
    const rows = await new KnowledgeRepository(this.db).listDocuments();
    return rows.map((r) => ({
      docId: r.doc_id,
      title: r.title,
      markdown: r.markdown,
      version: r.version,
      updatedBy: r.updated_by,
      updatedAt: r.updated_at.toISOString(),
    }));
  }

  async update(input: {
    docId: string;
    title: string;
    markdown: string;
    version: number;
    actor: string;
    ip?: string | null;
    requestId?: string | null;
  }) {
    await this.ensureSeeded();
    const sections = splitSections({
      docId: input.docId,
      title: input.title,
      markdown: input.markdown,
    });
    if (sections.length === 0)
      throw new AppError(
        'VALIDATION_FAILED',
        'A document needs at least one "## " section heading.',
      );
    await this.db.transaction().execute(async (trx) => {
      const repo = new KnowledgeRepository(trx);
      const current = await repo.findDocumentForUpdate(input.docId);
      if (!current) throw new AppError('NOT_FOUND', 'There is no such knowledge document.');
      if (current.version !== input.version)
        throw new AppError(
          'VERSION_CONFLICT',
          'Someone else changed this document; reload it and try again.',
          {
            currentVersion: current.version,
          },
        );
      await repo.updateDocument({
        docId: input.docId,
        title: input.title,
        markdown: input.markdown,
        by: input.actor,
      });
      await repo.replaceSections(input.docId, sections);
      await new AuditRepository(trx).record({
        actor: input.actor,
        action: 'knowledge.update',
        entity: 'knowledge_document',
        entityId: input.docId,
        before: { title: current.title, version: current.version },
        after: { title: input.title, version: current.version + 1, sections: sections.length },
        ip: input.ip ?? null,
        requestId: input.requestId ?? null,
      });
    });
    return (await this.list()).find((d) => d.docId === input.docId);
  }
}
