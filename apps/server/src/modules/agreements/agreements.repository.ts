import type { Executor } from '../../lib/db.ts';
import { json } from '../../lib/db.ts';
import {
  agreementKinds,
  type AgreementDocument,
  type AgreementTemplate,
} from './agreement-text.ts';

export class AgreementsRepository {
  constructor(private readonly db: Executor) {}

  /** The newest version of each kind. */
  async currentTemplates(): Promise<AgreementTemplate[]> {
    const rows = await this.db
      .selectFrom('core.agreement_templates')
      .distinctOn('kind')
      .select(['kind', 'version', 'title', 'body'])
      .orderBy('kind')
      .orderBy('version', 'desc')
      .execute();
    return rows.flatMap((row) => {
      const kind = agreementKinds.find((k) => k === row.kind);
      return kind ? [{ kind, version: row.version, title: row.title, body: row.body }] : [];
    });
  }

  // Insert only: a trigger refuses UPDATE on core.agreements (migration 0014).
  insert(row: {
    holdId: string;
    signerName: string;
    templateVersion: string;
    accepted: unknown;
    documents: AgreementDocument[];
    contentHash: string;
    pdf: Uint8Array;
    ip: string | null;
    userAgent: string | null;
    signedAt: Date;
  }) {
    return this.db
      .insertInto('core.agreements')
      .values({
        hold_id: row.holdId,
        signer_name: row.signerName,
        template_version: row.templateVersion,
        accepted: json(row.accepted),
        documents: json(row.documents),
        content_hash: row.contentHash,
        pdf: Buffer.from(row.pdf),
        ip: row.ip,
        user_agent: row.userAgent,
        signed_at: row.signedAt,
      })
      .returning(['id', 'signed_at'])
      .executeTakeFirstOrThrow();
  }

  findByHold(holdId: string) {
    return this.db
      .selectFrom('core.agreements')
      .select([
        'id',
        'hold_id',
        'signer_name',
        'template_version',
        'documents',
        'content_hash',
        'pdf',
        'signed_at',
      ])
      .where('hold_id', '=', holdId)
      .executeTakeFirst();
  }
}
