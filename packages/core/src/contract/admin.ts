import { z } from 'zod';
import { access, defineRoute } from './define-route.ts';

/**
 * The admin API's own routes outside the bookings (issue F6): the audit log and the
 * assistant's knowledge documents. The booking routes under /api/v1/admin/bookings join
 * once the booking views are in the contract.
 */

export const auditPageSchema = z.object({
  items: z.array(
    z.object({
      id: z.number().int(),
      actor: z.string(),
      action: z.string(),
      entity: z.string(),
      entityId: z.string().nullable(),
      stationId: z.string().nullable(),
      before: z.unknown(),
      after: z.unknown(),
      ip: z.string().nullable(),
      requestId: z.string().nullable(),
      at: z.string(),
    }),
  ),
  nextBeforeId: z.number().int().nullable(),
});

const knowledgeDocumentSchema = z.object({
  docId: z.string(),
  title: z.string(),
  markdown: z.string(),
  version: z.number().int(),
  updatedBy: z.string(),
  updatedAt: z.string(),
});

export const adminContract = {
  audit: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/audit',
    tags: ['admin'],
    summary: 'Audit log, newest first',
    description:
      'Entries of your stations (or of `stationId`, one of them); organisation-wide entries (sign-ins, staff accounts, shared documents) only for super admins.',
    query: z.strictObject({
      stationId: z.uuid().optional(),
      entity: z.string().max(60).optional(),
      entityId: z.string().max(100).optional(),
      actor: z.string().max(100).optional(),
      beforeId: z.coerce.number().int().min(1).optional(),
      limit: z.coerce.number().int().min(1).max(200).default(50),
    }),
    responses: { 200: auditPageSchema },
    access: access.admin('audit.read', { isStationScoped: false }),
  }),
  knowledge: defineRoute({
    method: 'GET',
    path: '/api/v1/admin/knowledge',
    tags: ['admin'],
    summary: "The assistant's knowledge documents (FAQ, policies, menu)",
    responses: { 200: z.object({ items: z.array(knowledgeDocumentSchema) }) },
    access: access.admin('settings.update', { isStationScoped: false }),
  }),
  updateKnowledge: defineRoute({
    method: 'PUT',
    path: '/api/v1/admin/knowledge/:docId',
    tags: ['admin'],
    summary:
      'Edit a knowledge document (markdown, one "## " heading per answer); re-indexed at once',
    description:
      'The documents serve the assistant at every station, so only a super admin edits them.',
    params: z.strictObject({ docId: z.string().regex(/^[a-z0-9-]{1,40}$/) }),
    body: z.strictObject({
      title: z.string().trim().min(1).max(120),
      markdown: z.string().min(1).max(100_000),
      version: z.number().int().min(1),
    }),
    responses: { 200: knowledgeDocumentSchema },
    access: access.admin('knowledge.manage', { isStationScoped: false }),
  }),
};
