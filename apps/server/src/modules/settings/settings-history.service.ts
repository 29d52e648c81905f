import { diffSettings } from '@teppan/core';
import type { DB } from '@teppan/db';
import type { Kysely } from 'kysely';
import { AppError } from '../../errors.ts';
import { SettingsAdminRepository } from './settings-admin.repository.ts';
import { lookUpPeople, personOf, visibleStation, type Actor } from './settings-admin.shared.ts';

/** The history cursor: the oldest version shown (a keyset of one integer). */
function encodeCursor(parts: number[]): string {
  return Buffer.from(JSON.stringify(parts)).toString('base64url');
}

function decodeCursor(cursor: string): unknown[] {
  try {
    const value: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(value)) return value;
  } catch {
    // fall through to the error below
  }
  throw new AppError(
    'VALIDATION_FAILED',
    'The page cursor is not valid; start from the first page.',
  );
}

/** The version history of a station's settings, newest first. */
export class SettingsHistoryService {
  constructor(private readonly db: Kysely<DB>) {}

  /** Versions newest first; each with what changed against the version before it. */
  async history(
    staff: Actor,
    stationId: string,
    query: { cursor?: string | undefined; limit: number },
  ) {
    await visibleStation(this.db, staff, stationId);
    let beforeVersion: number | undefined;
    if (query.cursor) {
      const [value] = decodeCursor(query.cursor);
      if (typeof value !== 'number' || !Number.isInteger(value) || value < 1)
        throw new AppError(
          'VALIDATION_FAILED',
          'The page cursor is not valid; start from the first page.',
        );
      beforeVersion = value;
    }
    const repo = new SettingsAdminRepository(this.db);
    // One row more than the page: the diff of the page's oldest version needs its predecessor.
    const rows = await repo.listVersions(stationId, { beforeVersion, limit: query.limit + 1 });
    const page = rows.slice(0, query.limit);
    const older = rows[query.limit];
    const requests = await repo.listRequestsByAppliedVersions(
      stationId,
      page.map((r) => r.version),
    );
    const byVersion = new Map(requests.map((r) => [r.applied_version, r]));
    const people = await lookUpPeople(this.db, [
      ...page.map((r) => r.changed_by),
      ...requests.flatMap((r) => [r.requested_by, r.decided_by]),
    ]);
    const items = page.map((row, index) => {
      const previous = page[index + 1] ?? older;
      const request = byVersion.get(row.version);
      const isInitial = previous === undefined && row.version === 1;
      return {
        version: row.version,
        changedBy: personOf(people, row.changed_by),
        changedAt: row.created_at.toISOString(),
        note: row.note,
        isInitial,
        changes: previous ? diffSettings(previous.settings, row.settings) : [],
        approval: request
          ? {
              requestId: request.id,
              requestedBy: personOf(people, request.requested_by),
              approvedBy: personOf(people, request.decided_by),
              note: request.decision_note,
            }
          : null,
      };
    });
    const last = page.at(-1);
    return {
      items,
      nextCursor: older && last ? encodeCursor([last.version]) : null,
    };
  }
}
