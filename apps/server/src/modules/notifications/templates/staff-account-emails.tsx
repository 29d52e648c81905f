import { render } from '@react-email/render';
import type { StaffRole } from '@teppan/core';
import type { Brand } from '../brand.ts';
import { formatInstant } from '../format.ts';
import { toPlainText, type EmailContent } from './email-content.ts';
import type { RenderedEmail } from './render-email.tsx';
import { TransactionalEmail } from './transactional-email.tsx';

/**
 * The staff panel's account emails (SPEC §10): an invitation and a password reset. Each
 * carries a one-time link whose token the caller passes to the outbox as a secret (ADR
 * 0016), so the copy kept after sending says "[removed]" where the link was.
 */

const roleLabels: Record<StaffRole, string> = {
  super_admin: 'Super admin',
  admin: 'Admin',
  customer_support: 'Customer support',
  station_manager: 'Station manager',
  chef: 'Chef',
};

export function staffRoleLabel(role: StaffRole): string {
  return roleLabels[role];
}

/** `7 * 24 h` → `7 days`, `1 h` → `1 hour`, `30 min` → `30 minutes`: whole units only. */
export function durationInWords(ms: number): string {
  const minutes = Math.max(1, Math.round(ms / 60_000));
  const [value, unit] =
    minutes % 1440 === 0
      ? [minutes / 1440, 'day']
      : minutes % 60 === 0
        ? [minutes / 60, 'hour']
        : [minutes, 'minute'];
  return `${value} ${unit}${value === 1 ? '' : 's'}`;
}

export interface StaffInvitationContext {
  inviteeName: string;
  inviterName: string;
  role: StaffRole;
  /** Names of the stations the account will see (a super admin sees all). */
  stationNames: readonly string[];
  link: string;
  now: Date;
  expiresAt: Date;
  /** Shown with the expiry instant; the first station's zone, else UTC. */
  timeZone?: string;
}

export interface StaffPasswordResetContext {
  staffName: string;
  link: string;
  now: Date;
  expiresAt: Date;
  timeZone?: string;
}

function expiryText(ctx: { now: Date; expiresAt: Date; timeZone?: string }): string {
  const span = durationInWords(ctx.expiresAt.getTime() - ctx.now.getTime());
  return `${span} (until ${formatInstant(ctx.expiresAt, ctx.timeZone ?? 'UTC')})`;
}

export function staffInvitationContent(ctx: StaffInvitationContext, brand: Brand): EmailContent {
  const role = staffRoleLabel(ctx.role);
  const stations =
    ctx.role === 'super_admin' && ctx.stationNames.length === 0
      ? 'all stations'
      : ctx.stationNames.join(', ');
  return {
    subject: `${ctx.inviterName} invited you to the ${brand.name} staff panel`,
    preview: `Choose your password within ${durationInWords(ctx.expiresAt.getTime() - ctx.now.getTime())} to join as ${role}.`,
    heading: `You are invited to the ${brand.name} staff panel`,
    paragraphs: [
      `Hi ${ctx.inviteeName},`,
      `${ctx.inviterName} invited you to the ${brand.name} staff panel as ${role}. Choose your password to create your account.`,
      `The link works once and for ${expiryText(ctx)}. After that, ask ${ctx.inviterName} for a new invitation.`,
    ],
    details: [
      { label: 'Invited by', value: ctx.inviterName },
      { label: 'Role', value: role },
      { label: 'Stations', value: stations },
    ],
    action: { label: 'Accept the invitation', url: ctx.link },
    closing: ['If you did not expect this invitation, ignore this email: no account is made.'],
  };
}

export function staffPasswordResetContent(
  ctx: StaffPasswordResetContext,
  brand: Brand,
): EmailContent {
  return {
    subject: `Reset your ${brand.name} staff password`,
    preview: `Choose a new password within ${durationInWords(ctx.expiresAt.getTime() - ctx.now.getTime())}.`,
    heading: 'Reset your password',
    paragraphs: [
      `Hi ${ctx.staffName},`,
      `Someone asked to reset the password of your ${brand.name} staff account. If it was you, choose a new password within ${expiryText(ctx)}.`,
      'The link works once; a newer reset request replaces it. Setting a new password signs you out everywhere.',
    ],
    action: { label: 'Choose a new password', url: ctx.link },
    closing: ['If it was not you, ignore this email: your password stays the same.'],
  };
}

async function renderContent(content: EmailContent, brand: Brand): Promise<RenderedEmail> {
  const html = await render(<TransactionalEmail content={content} brand={brand} />);
  return { subject: content.subject, text: toPlainText(content, brand), html };
}

export function renderStaffInvitation(
  ctx: StaffInvitationContext,
  brand: Brand,
): Promise<RenderedEmail> {
  return renderContent(staffInvitationContent(ctx, brand), brand);
}

export function renderStaffPasswordReset(
  ctx: StaffPasswordResetContext,
  brand: Brand,
): Promise<RenderedEmail> {
  return renderContent(staffPasswordResetContent(ctx, brand), brand);
}
