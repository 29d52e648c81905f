import { settingKeysNeedingApproval } from './settings.ts';

/** One changed leaf of a settings object; arrays are compared as whole values. */
export interface SettingChange {
  path: string;
  before: unknown;
  after: unknown;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isSame(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) && Array.isArray(b))
    return a.length === b.length && a.every((item, i) => isSame(item, b[i]));
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    return [...keys].every((key) => isSame(a[key], b[key]));
  }
  return false;
}

/**
 * What differs between two settings objects, leaf by leaf (`pricing.proteins.salmon.premiumCents`),
 * sorted by path. A key present on one side only is a change from/to `undefined`.
 * Arrays (slots, gratuity suggestions, duration tiers) are one value each: their order matters
 * and a per-index path would say little to the admin reading the history.
 */
export function diffSettings(before: unknown, after: unknown, prefix = ''): SettingChange[] {
  if (isPlainObject(before) && isPlainObject(after)) {
    const keys = [...new Set([...Object.keys(before), ...Object.keys(after)])].sort();
    return keys.flatMap((key) =>
      diffSettings(before[key], after[key], prefix ? `${prefix}.${key}` : key),
    );
  }
  return isSame(before, after) ? [] : [{ path: prefix, before, after }];
}

/** Whether a changed path falls under a setting that needs a second admin (SPEC preamble). */
export function isApprovalPath(path: string): boolean {
  return settingKeysNeedingApproval.some((key) => path === key || path.startsWith(`${key}.`));
}

export function pathsNeedingApproval(paths: readonly string[]): string[] {
  return paths.filter(isApprovalPath);
}
