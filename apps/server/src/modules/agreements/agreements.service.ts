import type { Kysely } from 'kysely';
import type { DB } from '@teppan/db';
import { AppError } from '../../errors.ts';
import type { Executor } from '../../lib/db.ts';
import type { SettingsService } from '../settings/settings.service.ts';
import { renderAgreementPdf } from './agreement-pdf.ts';
import { renderAgreement, type RenderedAgreement } from './agreement-text.ts';
import { AgreementsRepository } from './agreements.repository.ts';

export interface SignAgreementInput {
  holdId: string;
  stationId: string;
  signerName: string;
  /** The hash the signer's page rendered; absent for older clients and the assistant. */
  contentHash?: string | undefined;
  ip: string | null;
  userAgent: string | null;
  signedAt: Date;
}

export class AgreementsService {
  constructor(
    private readonly db: Kysely<DB>,
    private readonly deps: { settings: SettingsService },
  ) {}

  private async render(db: Executor, stationId?: string) {
    const { station, settings } = await this.deps.settings.getForStation(stationId);
    const templates = await new AgreementsRepository(db).currentTemplates();
    return { station, agreement: renderAgreement({ templates, settings }) };
  }

  /** What the site shows on the agreement step. */
  async current(stationId?: string): Promise<RenderedAgreement & { stationId: string }> {
    const { station, agreement } = await this.render(this.db, stationId);
    return { stationId: station.id, ...agreement };
  }

  /**
   * Stores the signature with the rendered text, its hash and a PDF copy. Runs inside the
   * caller's transaction (the hold is locked there), so a signature exists iff the hold moved on.
   */
  async sign(trx: Executor, input: SignAgreementInput) {
    const { station, agreement } = await this.render(trx, input.stationId);
    if (input.contentHash !== undefined && input.contentHash !== agreement.contentHash)
      throw new AppError('AGREEMENT_CHANGED', undefined, { contentHash: agreement.contentHash });
    const pdf = await renderAgreementPdf({
      documents: agreement.documents,
      signerName: input.signerName,
      signedAt: input.signedAt,
      contentHash: agreement.contentHash,
      templateVersion: agreement.version,
      ip: input.ip,
      brandName: station.name,
    });
    return new AgreementsRepository(trx).insert({
      holdId: input.holdId,
      signerName: input.signerName,
      templateVersion: agreement.version,
      accepted: { terms: true, liabilityWaiver: true, allergenDisclosure: true },
      documents: agreement.documents,
      contentHash: agreement.contentHash,
      pdf,
      ip: input.ip,
      userAgent: input.userAgent,
      signedAt: input.signedAt,
    });
  }

  /** The stored PDF of a hold's signature; NOT_FOUND when none (or signed before templates). */
  async getPdf(holdId: string): Promise<{ pdf: Buffer; signedAt: Date }> {
    const row = await new AgreementsRepository(this.db).findByHold(holdId);
    if (!row?.pdf) throw new AppError('AGREEMENT_NOT_FOUND');
    return { pdf: row.pdf, signedAt: row.signed_at };
  }
}
