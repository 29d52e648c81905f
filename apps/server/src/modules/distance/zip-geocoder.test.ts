import { describe, expect, it } from 'vitest';
import { DistanceError } from './distance.error.ts';
import { lookupZip, normalizeZip, ZipGeocoder } from './zip-geocoder.ts';

describe('normalizeZip', () => {
  it('accepts 5 digits and ZIP+4', () => {
    expect(normalizeZip('95112')).toBe('95112');
    expect(normalizeZip(' 95112-1234 ')).toBe('95112');
    expect(normalizeZip('951121234')).toBe('95112');
  });

  it('rejects other shapes', () => {
    for (const zip of ['9511', '951123', 'K1A 0B1', 'abcde', '', '95112-12']) {
      expect(normalizeZip(zip)).toBeNull();
    }
  });
});

describe('lookupZip', () => {
  it('returns the centroid, city and state', () => {
    expect(lookupZip('95112')).toEqual({
      city: 'San Jose',
      state: 'CA',
      lat: 37.3476,
      lng: -121.887,
    });
    expect(lookupZip('95112-4321')).toEqual(lookupZip('95112'));
  });

  it('returns null for unknown or malformed ZIPs, including Canadian prefixes', () => {
    expect(lookupZip('00000')).toBeNull();
    expect(lookupZip('K1A')).toBeNull();
    expect(lookupZip('__proto__')).toBeNull();
  });
});

describe('ZipGeocoder', () => {
  it('geocodes to the ZIP centroid', async () => {
    await expect(
      new ZipGeocoder().geocode({ zip: '95112', address: '1 Main St' }),
    ).resolves.toEqual({
      lat: 37.3476,
      lng: -121.887,
    });
  });

  it('throws ZIP_NOT_FOUND for an unknown ZIP', async () => {
    const error = await new ZipGeocoder().geocode({ zip: '00000' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DistanceError);
    expect(error).toMatchObject({
      code: 'ZIP_NOT_FOUND',
      message: 'We could not find ZIP code 00000.',
    });
  });
});
