import type { FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { can, type StaffRole } from '../modules/staff/permissions.ts';

/**
 * Who a response is shaped for (STYLE rule 14, ADR 0019). Every role that may not read
 * payments gets the chef's view, which declares no amount at all; everyone else, and the
 * operator and API keys, the staff view.
 */
export type Audience = 'staff' | 'chef';

export function audienceOf(staff: { role: StaffRole } | undefined): Audience {
  return staff && !can(staff.role, 'payments.read') ? 'chef' : 'staff';
}

export interface AudienceViews<
  Staff extends z.ZodType = z.ZodType,
  Chef extends z.ZodType = z.ZodType,
> {
  readonly staff: Staff;
  readonly chef: Chef;
}

// Route ('GET /api/v1/...') → its declared views, filled as routes register; the chef-view
// test reads it to prove every route a chef can reach declares a money-free view.
const declared = new Map<string, AudienceViews>();

/** Records a route's views (also for a non-JSON body, e.g. CSV rows) for the chef-view test. */
export function declareViews<V extends AudienceViews>(route: string, views: V): V {
  declared.set(route, views);
  return views;
}

export function declaredViewsOf(route: string): AudienceViews | undefined {
  return declared.get(route);
}

/**
 * A response declared once per audience. The OpenAPI document and the serializer get both
 * views; before serializing, the payload passes through the caller's view, so a field the
 * chef's schema does not declare never reaches a chef, whatever the handler returned.
 * Spread `schema` into the route schema and set `preSerialization`.
 */
export function audienceResponse<
  Staff extends z.ZodType,
  Chef extends z.ZodType,
  Status extends number = 200,
>(route: string, views: AudienceViews<Staff, Chef>, status: Status = 200 as Status) {
  declareViews(route, views);
  return {
    schema: {
      // Staff first: a chef-shaped payload lacks the staff view's amounts, so it can only
      // match the chef's view; the preSerialization hook has already shaped it anyway.
      response: { [status]: z.union([views.staff, views.chef]) } as {
        [K in Status]: z.ZodUnion<[Staff, Chef]>;
      },
    },
    preSerialization: async (
      request: FastifyRequest,
      reply: FastifyReply,
      payload: unknown,
    ): Promise<unknown> =>
      reply.statusCode === status ? views[audienceOf(request.staff)].parse(payload) : payload,
  };
}

/** The same view for every audience: a route whose answer has nothing a chef may not see. */
export function sameForEveryone<Schema extends z.ZodType, Status extends number = 200>(
  route: string,
  schema: Schema,
  status: Status = 200 as Status,
) {
  return audienceResponse(route, { staff: schema, chef: schema }, status);
}
