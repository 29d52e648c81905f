import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { createDb } from './create-db.ts';
import { databaseEnv, fieldCryptoEnv } from './config.ts';
import { FieldCrypto } from './field-crypto.ts';
import { openDatabase } from './local.ts';
import {
  migrateToLatest,
  migrationNames,
  migrationStatus,
  rollbackAll,
  rollbackOne,
} from './migrate.ts';
import { encryptPlaintextPii, reencryptPii, restorePlaintextForRollback } from './pii-backfill.ts';
import { seedDemoData } from './seed.ts';
import { createEmptyDatabase, startTestCluster } from './testing.ts';
import { generateTypes } from './types-gen.ts';

const typesFile = fileURLToPath(new URL('./generated/db.ts', import.meta.url));

async function withAppDatabase(work: (url: string) => Promise<void>): Promise<void> {
  const handle = await openDatabase(databaseEnv());
  try {
    await work(handle.url);
  } finally {
    await handle.stop();
  }
}

async function withDb<T>(
  url: string,
  work: (db: ReturnType<typeof createDb>['db']) => Promise<T>,
): Promise<T> {
  const { db } = createDb({ url, max: 2 });
  try {
    return await work(db);
  } finally {
    await db.destroy();
  }
}

/** Types come from a scratch database migrated from zero, never from a possibly drifted one. */
async function renderTypes(): Promise<string> {
  const cluster = await startTestCluster();
  try {
    const scratch = await createEmptyDatabase(cluster.adminUrl);
    try {
      return await withDb(scratch.url, async (db) => {
        await migrateToLatest(db);
        return generateTypes(db);
      });
    } finally {
      await scratch.drop();
    }
  } finally {
    await cluster.stop();
  }
}

/** The migration that encrypted contact details; rolling it back needs them decrypted first. */
const PII_MIGRATION = '0024-pii-encryption';

const fieldCrypto = () => FieldCrypto.fromConfig(fieldCryptoEnv());

/** Whether the next rollback step (or all of them) takes PII_MIGRATION down. */
async function isPiiMigrationRolledBack(
  db: ReturnType<typeof createDb>['db'],
  options: { all: boolean },
): Promise<boolean> {
  const { pending } = await migrationStatus(db);
  const applied = migrationNames.filter((name) => !pending.includes(name));
  if (!applied.includes(PII_MIGRATION)) return false;
  return options.all || applied.at(-1) === PII_MIGRATION;
}

async function main(): Promise<void> {
  const [command, ...flags] = process.argv.slice(2);
  switch (command ?? '') {
    case 'migrate':
      await withAppDatabase((url) =>
        withDb(url, async (db) => {
          const done = await migrateToLatest(db);
          console.log(done.length ? done.join('\n') : 'Already up to date.');
          // Rows from before 0024 are encrypted here, with the keys migrations do not have.
          await encryptPlaintextPii(db, fieldCrypto(), { log: (line) => console.log(line) });
        }),
      );
      return;
    case 'rollback':
      await withAppDatabase((url) =>
        withDb(url, async (db) => {
          const all = flags.includes('--all');
          if (await isPiiMigrationRolledBack(db, { all }))
            await restorePlaintextForRollback(db, fieldCrypto(), {
              log: (line) => console.log(line),
            });
          const done = all ? await rollbackAll(db) : await rollbackOne(db);
          console.log(done.length ? done.join('\n') : 'Nothing to roll back.');
        }),
      );
      return;
    case 'seed':
      await withAppDatabase((url) =>
        withDb(url, async (db) => {
          await migrateToLatest(db);
          const crypto = fieldCrypto();
          await encryptPlaintextPii(db, crypto);
          const summary = await seedDemoData(db, {
            now: new Date(),
            force: flags.includes('--force'),
            crypto,
          });
          console.log(summary.message);
        }),
      );
      return;
    case 'reencrypt':
      // Key rotation (README, ADR 0016): after putting a new key first in ENCRYPTION_KEYS.
      await withAppDatabase((url) =>
        withDb(url, async (db) => {
          await migrateToLatest(db);
          const crypto = fieldCrypto();
          await encryptPlaintextPii(db, crypto);
          const result = await reencryptPii(db, crypto, {
            reindex: flags.includes('--reindex'),
            log: (line) => console.log(line),
          });
          console.log(
            `${result.total} row(s) rewritten; every value is now under key "${crypto.currentKeyId}".`,
          );
        }),
      );
      return;
    case 'types': {
      const rendered = await renderTypes();
      if (flags.includes('--check')) {
        const committed = readFileSync(typesFile, 'utf8');
        if (committed !== rendered) {
          console.error(
            'packages/db/src/generated/db.ts does not match the migrations. Run `npm run db:types` and commit the result.',
          );
          process.exitCode = 1;
          return;
        }
        console.log('Generated row types match the migrations.');
        return;
      }
      writeFileSync(typesFile, rendered);
      console.log(`Wrote ${typesFile}`);
      return;
    }
    default:
      console.error(
        'Usage: cli.ts migrate | rollback [--all] | seed [--force] | reencrypt [--reindex] | types [--check]',
      );
      process.exitCode = 2;
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
