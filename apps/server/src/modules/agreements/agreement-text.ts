import { createHash } from 'node:crypto';
import { formatCents, type Settings } from '@teppan/core';

export const agreementKinds = ['terms', 'liability_waiver', 'allergen_disclosure'] as const;
export type AgreementKind = (typeof agreementKinds)[number];

export interface AgreementTemplate {
  kind: AgreementKind;
  version: number;
  title: string;
  body: string;
}

export interface AgreementDocument {
  kind: AgreementKind;
  version: number;
  title: string;
  /** Paragraphs, placeholders filled in. */
  paragraphs: string[];
}

export interface RenderedAgreement {
  /** e.g. `terms@1+liability_waiver@1+allergen_disclosure@1`: what the signature points at. */
  version: string;
  documents: AgreementDocument[];
  /** sha256 of the canonical JSON of `documents`: the exact text the signer saw. */
  contentHash: string;
}

type AgreementSettings = Pick<Settings, 'pricing' | 'policies' | 'eventDuration'>;

function placeholders(settings: AgreementSettings): Record<string, string> {
  return {
    depositAmount: formatCents(settings.pricing.depositCents),
    depositRefundMinDaysBefore: String(settings.policies.depositRefundMinDaysBefore),
    freeRescheduleMinHoursBefore: String(settings.policies.freeRescheduleMinHoursBefore),
    rescheduleFee: formatCents(settings.policies.rescheduleFeeCents),
    guestCountFinalHoursBefore: String(settings.policies.guestCountFinalHoursBefore),
    menuChangeMinHoursBefore: String(settings.policies.menuChangeMinHoursBefore),
    chefArrivalMinutesBefore: String(settings.eventDuration.chefArrivalMinutesBefore),
  };
}

/** Fills `{{name}}` from the settings; an unknown name is a template bug and fails loudly. */
export function fillTemplate(body: string, settings: AgreementSettings): string {
  const values = placeholders(settings);
  return body.replace(/\{\{(\w+)\}\}/g, (_match, name: string) => {
    const value = values[name];
    if (value === undefined) throw new Error(`Unknown agreement placeholder {{${name}}}`);
    return value;
  });
}

/** Hash over a fixed key order, so the same text always gives the same hash. */
export function hashAgreementDocuments(documents: AgreementDocument[]): string {
  const canonical = JSON.stringify(
    documents.map((d) => [d.kind, d.version, d.title, d.paragraphs]),
  );
  return createHash('sha256').update(canonical).digest('hex');
}

export function renderAgreement(input: {
  templates: AgreementTemplate[];
  settings: AgreementSettings;
}): RenderedAgreement {
  const documents = agreementKinds.map((kind): AgreementDocument => {
    const template = input.templates.find((t) => t.kind === kind);
    if (!template) throw new Error(`No agreement template of kind ${kind}`);
    return {
      kind,
      version: template.version,
      title: template.title,
      paragraphs: fillTemplate(template.body, input.settings)
        .split(/\n\s*\n/)
        .map((p) => p.trim())
        .filter((p) => p !== ''),
    };
  });
  return {
    version: documents.map((d) => `${d.kind}@${d.version}`).join('+'),
    documents,
    contentHash: hashAgreementDocuments(documents),
  };
}
