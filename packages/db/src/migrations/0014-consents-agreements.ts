import { sql, type Kysely } from 'kysely';

// Agreement texts as versioned rows (issue F2): the signature points at the exact version
// and the hash of the text the signer saw. Placeholders such as {{depositAmount}} are filled
// from the station's settings when the text is rendered, so a policy change needs no new
// template version; the rendered text is what gets hashed and stored with the signature.
const TEMPLATES = [
  {
    kind: 'terms',
    title: 'Terms of service',
    body: [
      'The chef arrives {{chefArrivalMinutesBefore}} minutes before the start time and brings the grill, propane, tools and food. You provide tables, chairs, plates, drinks and a level outdoor (or ventilated, covered) space of at least 8 x 6 ft.',
      'The deposit of {{depositAmount}} is deducted from the total; the balance is due at the event. The deposit is refunded when you cancel at least {{depositRefundMinDaysBefore}} days before the event and kept after that.',
      'One reschedule is free when asked at least {{freeRescheduleMinHoursBefore}} hours before; otherwise it costs {{rescheduleFee}}. The guest count is final {{guestCountFinalHoursBefore}} hours before the event and the menu {{menuChangeMinHoursBefore}} hours before.',
    ].join('\n\n'),
  },
  {
    kind: 'liability_waiver',
    title: 'Liability waiver',
    body: [
      'Teppanyaki cooking uses an open flame and a hot grill. You agree to keep guests, children and pets at a safe distance from the cooking area while the chef cooks.',
      "You accept responsibility for the venue's suitability: a level, open or well-ventilated space with clearance above and around the grill.",
    ].join('\n\n'),
  },
  {
    kind: 'allergen_disclosure',
    title: 'Allergen disclosure',
    body: [
      'Our kitchen and grill handle shellfish, fish, soy, wheat, eggs, sesame and dairy. We take care but cannot guarantee that any dish is free of allergens.',
      'You confirm that you have asked every guest about food allergies and told us about them.',
    ].join('\n\n'),
  },
] as const;

export async function up(db: Kysely<unknown>): Promise<void> {
  // Evidence rows are written once; a trigger (not a code path) refuses later edits, so no
  // repository bug or ad-hoc script can quietly change what a customer agreed to.
  await sql`
    create function core.refuse_update() returns trigger language plpgsql as $$
    begin
      raise exception '% rows are immutable', tg_table_schema || '.' || tg_table_name
        using errcode = 'object_not_in_prerequisite_state';
    end
    $$`.execute(db);

  await sql`
    create table core.agreement_templates (
      id uuid primary key default gen_random_uuid(),
      kind text not null check (kind in ('terms','liability_waiver','allergen_disclosure')),
      version integer not null check (version >= 1),
      title text not null,
      body text not null,
      created_at timestamptz not null default now(),
      unique (kind, version)
    )`.execute(db);
  await sql`create trigger agreement_templates_immutable before update on core.agreement_templates for each row execute function core.refuse_update()`.execute(
    db,
  );
  for (const template of TEMPLATES) {
    await sql`insert into core.agreement_templates (kind, version, title, body) values (${template.kind}, 1, ${template.title}, ${template.body})`.execute(
      db,
    );
  }

  // Older signatures (before templates) keep null here; every new one carries all three.
  await sql`
    alter table core.agreements
      add column documents jsonb,
      add column content_hash text check (content_hash ~ '^[0-9a-f]{64}$'),
      add column pdf bytea`.execute(db);
  await sql`create trigger agreements_immutable before update on core.agreements for each row execute function core.refuse_update()`.execute(
    db,
  );
  // Booking-form consents go to marketing.consents (migration 0013), the ledger shared
  // with SMS keywords, so one place answers "may we text this number?".
}

export async function down(db: Kysely<unknown>): Promise<void> {
  await sql`drop trigger agreements_immutable on core.agreements`.execute(db);
  await sql`alter table core.agreements drop column documents, drop column content_hash, drop column pdf`.execute(
    db,
  );
  await sql`drop table core.agreement_templates`.execute(db);
  await sql`drop function core.refuse_update()`.execute(db);
}
