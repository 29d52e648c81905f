import { access, defineRoute, routeKey, type RouteDefinition } from '@teppan/core/contract';
import Fastify from 'fastify';
import {
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import { guardContractRegistration, registerRoute, type ContractApp } from './contract-route.ts';

const thing = defineRoute({
  method: 'POST',
  path: '/api/v1/things/:id',
  tags: ['things'],
  summary: 'Rename a thing',
  params: z.object({ id: z.string() }),
  body: z.object({ name: z.string() }),
  responses: { 200: z.object({ id: z.string(), name: z.string() }) },
  access: access.public,
});

const adminThing = defineRoute({
  method: 'GET',
  path: '/api/v1/admin/things',
  tags: ['things'],
  summary: 'List things',
  responses: { 200: z.object({ items: z.array(z.string()) }) },
  access: access.admin('bookings.read', { isStationScoped: false }),
});

type Tables = Parameters<typeof guardContractRegistration>[1];

const tables: Tables = {
  admin: { 'GET /api/v1/admin/things': { permission: 'bookings.read', isStationScoped: false } },
  staffAction: {},
};

function appWith(entries: RouteDefinition[], guardTables: Tables = tables): ContractApp {
  const app = Fastify({ logger: false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  guardContractRegistration(app, guardTables, new Map(entries.map((e) => [routeKey(e), e])));
  return app;
}

describe('registerRoute', () => {
  it('validates the input and serializes the answer by the entry', async () => {
    const app = appWith([thing]);
    registerRoute(app, thing, async (request) => ({
      id: request.params.id,
      name: request.body.name,
    }));
    const ok = await app.inject({
      method: 'POST',
      url: '/api/v1/things/7',
      payload: { name: 'a' },
    });
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ id: '7', name: 'a' });
    const bad = await app.inject({ method: 'POST', url: '/api/v1/things/7', payload: { name: 1 } });
    expect(bad.statusCode).toBe(400);
    await app.close();
  });

  it('refuses to answer with a shape the contract does not declare', async () => {
    const app = appWith([thing]);
    // Cast past the compiler (see the type test below) to prove the serializer checks too.
    registerRoute(app, thing, (async () => ({ id: 7 })) as never);
    const response = await app.inject({
      method: 'POST',
      url: '/api/v1/things/7',
      payload: { name: 'a' },
    });
    expect(response.statusCode).toBe(500);
    await app.close();
  });

  it('fails start-up for an /api/v1/ route without a contract entry', async () => {
    const app = appWith([]);
    expect(() => app.get('/api/v1/things', async () => ({}))).toThrow(/has no contract entry/);
    // No area is exempt any more: the admin API is on the contract too.
    expect(() => app.get('/api/v1/admin/things', async () => ({}))).toThrow(
      /has no contract entry/,
    );
    // Outside the API (health checks, the web apps' assets) a route needs no entry.
    expect(() => app.get('/healthz', async () => ({}))).not.toThrow();
    expect(() => registerRoute(app, thing, async () => ({ id: '1', name: 'x' }))).toThrow(
      /not in the contract/,
    );
    await app.close();
  });

  it('fails start-up when the access rule disagrees with the server tables', async () => {
    const app = appWith([adminThing], {
      admin: {
        'GET /api/v1/admin/things': { permission: 'bookings.update', isStationScoped: false },
      },
      staffAction: {},
    });
    expect(() => registerRoute(app, adminThing, async () => ({ items: [] }))).toThrow(
      /another rule in the admin access table/,
    );
    const missing = appWith([adminThing], { admin: {}, staffAction: {} });
    expect(() => registerRoute(missing, adminThing, async () => ({ items: [] }))).toThrow(
      /not in the admin access table/,
    );
    await app.close();
    await missing.close();
  });

  it('registers an entry whose rule matches', async () => {
    const app = appWith([adminThing]);
    registerRoute(app, adminThing, async () => ({ items: ['a'] }));
    const response = await app.inject({ method: 'GET', url: '/api/v1/admin/things' });
    expect(response.json()).toEqual({ items: ['a'] });
    await app.close();
  });

  it('types the handler from the entry: a wrong shape does not compile', () => {
    const app = appWith([thing]);
    registerRoute(app, thing, async (request) => {
      expectTypeOf(request.params).toEqualTypeOf<{ id: string }>();
      expectTypeOf(request.body).toEqualTypeOf<{ name: string }>();
      return { id: request.params.id, name: request.body.name };
    });
    const wrongShapes = (target: ContractApp) => {
      // @ts-expect-error `name` is missing from the answer
      registerRoute(target, thing, async () => ({ id: '1' }));
      // @ts-expect-error `id` must be a string
      registerRoute(target, thing, async () => ({ id: 1, name: 'x' }));
      registerRoute(target, thing, async (_request, reply) =>
        // @ts-expect-error `reply.send` is typed from the entry too
        reply.send({ id: '1', name: 2 }),
      );
    };
    expectTypeOf(wrongShapes).toBeFunction();
  });
});
