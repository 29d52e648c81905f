import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type TestApp } from '../../test/harness.ts';
import { newStation } from '../../test/factories.ts';
import { newStaff, signIn, type SignedIn } from '../staff/staff.test-helper.ts';

let t: TestApp;
let admin: SignedIn;
let superAdmin: SignedIn;
let stationId: string;

beforeAll(async () => {
  t = await createTestApp();
  stationId = (await newStation(t.database.db)).stationId;
  admin = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'admin', stationIds: [stationId] }),
  );
  superAdmin = await signIn(
    t.app,
    await newStaff(t.database.db, { role: 'super_admin', stationIds: [] }),
  );
});
afterAll(async () => t.close());

interface Doc {
  docId: string;
  title: string;
  markdown: string;
  version: number;
}

/** `GET /api/v1/admin/knowledge` as `session`. */
function listDocuments(session: SignedIn) {
  return t.app.inject({
    method: 'GET',
    url: '/api/v1/admin/knowledge',
    headers: { cookie: session.cookie },
  });
}

describe('knowledge base in PostgreSQL', () => {
  it('is seeded from the bundled documents and found by full-text search', async () => {
    const hits = await t.container.knowledge.search('Can the chef cook indoors in our garage?');
    expect(hits[0]?.docId).toMatch(/#indoor-cooking$/);
    const allergens = await t.container.knowledge.search('is it safe for a peanut allergy');
    expect(allergens.map((h) => h.docId)).toContainEqual(expect.stringMatching(/allergen/));
    expect(await t.container.knowledge.search('!!! ???')).toEqual([]);
  });

  it('an admin reads the documents but cannot edit them: they serve every station', async () => {
    const list = await listDocuments(admin);
    expect(list.statusCode).toBe(200);
    const faq = list.json<{ items: Doc[] }>().items.find((d) => d.docId === 'faq')!;
    const refused = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/knowledge/faq',
      headers: admin.headers,
      payload: {
        title: 'Hijacked',
        markdown: '## Prices\n\nZqxjkv means everything is free.',
        version: faq.version,
      },
    });
    expect(refused.statusCode).toBe(403);
    expect(refused.json<{ error: { code: string } }>().error.code).toBe('FORBIDDEN');
    const row = await t.database.db
      .selectFrom('ai.knowledge_documents')
      .select(['title', 'version'])
      .where('doc_id', '=', 'faq')
      .executeTakeFirstOrThrow();
    expect(row).toEqual({ title: faq.title, version: faq.version });
    expect(await t.container.knowledge.search('zqxjkv')).toEqual([]);
  });

  it('a super admin edits a document: re-indexed at once, versioned, audited, conflicts refused', async () => {
    const list = await listDocuments(admin);
    const faq = list.json<{ items: Doc[] }>().items.find((d) => d.docId === 'faq')!;
    const markdown = `${faq.markdown}\n\n## Parking\n\nThe chef needs one parking space within 100 feet of the grill. <!-- keywords: park van driveway -->\n`;
    const saved = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/knowledge/faq',
      headers: superAdmin.headers,
      payload: { title: faq.title, markdown, version: faq.version },
    });
    expect(saved.statusCode, saved.body).toBe(200);
    expect(saved.json<Doc>().version).toBe(faq.version + 1);
    const hits = await t.container.knowledge.search('where does the chef park the van');
    expect(hits[0]).toMatchObject({
      docId: 'faq#parking',
      text: expect.stringContaining('one parking space') as string,
    });
    expect(hits[0]?.text).not.toContain('keywords');

    const stale = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/knowledge/faq',
      headers: superAdmin.headers,
      payload: { title: faq.title, markdown, version: faq.version },
    });
    expect(stale.statusCode).toBe(409);
    const noSections = await t.app.inject({
      method: 'PUT',
      url: '/api/v1/admin/knowledge/faq',
      headers: superAdmin.headers,
      payload: { title: faq.title, markdown: 'just text', version: faq.version + 1 },
    });
    expect(noSections.statusCode).toBe(400);
    const audit = await t.database.db
      .selectFrom('audit.log')
      .select(['action', 'station_id'])
      .where('entity', '=', 'knowledge_document')
      .execute();
    // Organisation-wide: only super admins read this entry (ADR 0019).
    expect(audit).toEqual([{ action: 'knowledge.update', station_id: null }]);

    const chef = await signIn(
      t.app,
      await newStaff(t.database.db, { role: 'chef', stationIds: [stationId] }),
    );
    expect((await listDocuments(chef)).statusCode).toBe(403);
  });

  it('the assistant answers a policy question from the database and cites it', async () => {
    const conversation = (
      await t.app.inject({
        method: 'POST',
        url: '/api/v1/conversations',
        payload: { channel: 'web' },
      })
    ).json<{ id: string; token: string }>();
    const turn = await t.app.inject({
      method: 'POST',
      url: `/api/v1/conversations/${conversation.id}/messages`,
      headers: { 'x-conversation-token': conversation.token },
      payload: { text: 'Which meats can guests pick from?' },
    });
    const body = turn.json<{ reply: { text: string }; toolCalls: { name: string }[] }>();
    expect(body.toolCalls.map((c) => c.name)).toContain('searchKnowledge');
    expect(body.reply.text).toMatch(/Source:/);
  });
});
