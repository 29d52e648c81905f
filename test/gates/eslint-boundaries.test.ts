import { ESLint } from 'eslint';
import { fileURLToPath } from 'node:url';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import boundaries from '../../eslint.boundaries.js';

/*
 * Each import boundary of eslint.boundaries.js fails on a sample and lets a legal import
 * through. The samples are linted with the boundary blocks alone (no type information
 * needed); a last test checks that the project's eslint.config.js applies the same rules.
 */

const root = fileURLToPath(new URL('../..', import.meta.url));

const boundariesOnly = new ESLint({
  cwd: root,
  overrideConfigFile: true,
  overrideConfig: [
    {
      files: ['**/*.ts', '**/*.tsx'],
      languageOptions: { parser: tseslint.parser },
      plugins: { '@typescript-eslint': tseslint.plugin },
    },
    ...boundaries,
  ],
});

async function problemsOf(filePath: string, code: string): Promise<string[]> {
  const [result] = await boundariesOnly.lintText(code, { filePath: `${root}${filePath}` });
  return (result?.messages ?? []).map((m) => `${m.ruleId ?? 'fatal'}: ${m.message}`);
}

describe('app boundaries', () => {
  it('refuses an admin file importing the server or the customer app', async () => {
    const problems = await problemsOf(
      'apps/admin/src/sample.ts',
      [
        "import { leadStatuses } from '../../server/src/modules/leads/lead-pipeline.ts';",
        "import { money } from '../../customer/src/format.ts';",
        "import { canMoveLead } from '@teppan/core';",
        'export const all = [leadStatuses, money, canMoveLead];',
      ].join('\n'),
    );
    expect(problems).toHaveLength(2);
    expect(problems.every((p) => p.startsWith('no-restricted-imports:'))).toBe(true);
  });

  it('refuses the admin session importing the permission matrix from the server (it lives in core)', async () => {
    const problems = await problemsOf(
      'apps/admin/src/session.tsx',
      [
        "import { can } from '../../server/src/modules/staff/permissions.ts';",
        "import { can as canToo } from '@teppan/core';",
        'export const all = [can, canToo];',
      ].join('\n'),
    );
    expect(problems).toEqual([expect.stringContaining('no-restricted-imports')]);
  });

  it('refuses a customer file importing the server or the admin app, by path or package', async () => {
    const problems = await problemsOf(
      'apps/customer/src/pages/sample.tsx',
      [
        "import { x } from '../../../server/src/app.ts';",
        "import { y } from '../../../admin/src/api.ts';",
        "import { z } from '@teppan/server';",
        'export const all = [x, y, z];',
      ].join('\n'),
    );
    expect(problems).toHaveLength(3);
  });

  it('refuses the server importing a front end', async () => {
    const problems = await problemsOf(
      'apps/server/src/modules/quotes/sample.ts',
      "import { x } from '../../../../customer/src/api.ts';\nexport const y = x;",
    );
    expect(problems).toEqual([expect.stringContaining('no-restricted-imports')]);
  });
});

describe('server layers', () => {
  it('refuses a routes file importing a repository, its own module included', async () => {
    const problems = await problemsOf(
      'apps/server/src/modules/reviews/reviews.routes.ts',
      [
        "import { ReviewsRepository } from './reviews.repository.ts';",
        "import { BookingsRepository } from '../bookings/bookings.repository.ts';",
        "import { ReviewsService } from './reviews.service.ts';",
        'export const all = [ReviewsRepository, BookingsRepository, ReviewsService];',
      ].join('\n'),
    );
    expect(problems).toHaveLength(2);
    expect(problems.every((p) => p.startsWith('@typescript-eslint/no-restricted-imports:'))).toBe(
      true,
    );
  });

  it("refuses a service importing another module's repository, but not a row type or the shared ones", async () => {
    const problems = await problemsOf(
      'apps/server/src/modules/reviews/reviews.service.ts',
      [
        "import { BookingsRepository } from '../bookings/bookings.repository.ts';",
        "import type { BookingRow } from '../bookings/bookings.repository.ts';",
        "import { AuditRepository } from '../audit/audit.repository.ts';",
        "import { OutboxRepository } from '../messaging/outbox.repository.ts';",
        "import { ReviewsRepository } from './reviews.repository.ts';",
        "import { BookingsService } from '../bookings/bookings.service.ts';",
        'export type Row = BookingRow;',
        'export const all = [BookingsRepository, AuditRepository, OutboxRepository, ReviewsRepository, BookingsService];',
      ].join('\n'),
    );
    expect(problems).toEqual([expect.stringContaining('bookings.repository.ts')]);
  });

  it('holds a documented exception to the repositories it names', async () => {
    const problems = await problemsOf(
      'apps/server/src/modules/payments/payments.service.ts',
      [
        "import { BookingsRepository } from '../bookings/bookings.repository.ts';",
        "import { ChefsRepository } from '../chefs/chefs.repository.ts';",
        'export const all = [BookingsRepository, ChefsRepository];',
      ].join('\n'),
    );
    expect(problems).toEqual([expect.stringContaining('chefs.repository.ts')]);
  });
});

describe('eslint.config.js', () => {
  it('applies the boundary rules to the files they guard', async () => {
    const project = new ESLint({ cwd: root });
    const ruleOf = async (file: string, rule: string) =>
      (
        (await project.calculateConfigForFile(`${root}${file}`)) as {
          rules?: Record<string, unknown>;
        }
      ).rules?.[rule];
    const adminRule = (await ruleOf('apps/admin/src/router.tsx', 'no-restricted-imports')) as
      unknown[] | undefined;
    const declared = boundaries[0]?.rules?.['no-restricted-imports'];
    expect(adminRule?.[1]).toEqual(Array.isArray(declared) ? declared[1] : 'not declared');
    expect(
      await ruleOf(
        'apps/server/src/modules/reviews/reviews.routes.ts',
        '@typescript-eslint/no-restricted-imports',
      ),
    ).toBeDefined();
    expect(
      JSON.stringify(
        await ruleOf(
          'apps/server/src/modules/reviews/reviews.service.ts',
          '@typescript-eslint/no-restricted-imports',
        ),
      ),
    ).toContain('../*/*.repository.ts');
  });
});
