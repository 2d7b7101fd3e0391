import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../../test/support/database.js';
import { isoFromPg } from './timestamps.js';

describe('isoFromPg', () => {
  it('prints what Date#toISOString prints, or the exact microseconds', () => {
    expect(isoFromPg('2026-09-03 10:57:38.291261+00', 3)).toBe('2026-09-03T10:57:38.291Z');
    expect(isoFromPg('2026-09-03 10:57:38.291261+00', 6)).toBe('2026-09-03T10:57:38.291261Z');
    expect(isoFromPg('2026-09-03 10:57:38.5+00', 3)).toBe('2026-09-03T10:57:38.500Z');
    expect(isoFromPg('2026-09-03 10:57:38+00', 6)).toBe('2026-09-03T10:57:38.000000Z');
  });

  it('moves other offsets to UTC, across a day and a year', () => {
    expect(isoFromPg('2026-12-31 22:30:00.123456-03', 6)).toBe('2027-01-01T01:30:00.123456Z');
    expect(isoFromPg('2026-01-01 03:00:00+05:30', 3)).toBe('2025-12-31T21:30:00.000Z');
    expect(isoFromPg('1890-01-01 00:00:00-04:16:48', 3)).toBe('1890-01-01T04:16:48.000Z');
  });

  it('refuses what is not a timestamp rather than printing a wrong one', () => {
    expect(() => isoFromPg('infinity', 3)).toThrow(/not a PostgreSQL timestamptz/);
  });

  it('agrees with the engine on a range of instants in several session time zones', async () => {
    const db = await createTestDatabase();
    try {
      for (const zone of ['UTC', 'America/Santiago', 'Asia/Kolkata', 'America/Argentina/Buenos_Aires']) {
        // One script: on PostgreSQL a pooled connection keeps the setting only for its own statements.
        const result = await db.exec(`set timezone = '${zone}'; select t::text as text, to_char(t at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as exact
          from (values ('2026-09-06 03:59:59.999999+00'::timestamptz), ('2026-04-05 02:30:00.5+00'), ('2026-12-02 07:24:51.000001+00'), ('2000-02-29 23:59:59+00')) v(t)`);
        const rows = result.at(-1)!.rows as { text: string; exact: string }[];
        expect(rows.some((row) => row.text.endsWith('+00'))).toBe(zone === 'UTC');
        for (const row of rows) {
          expect(isoFromPg(row.text, 6), `${zone}: ${row.text}`).toBe(row.exact);
          expect(isoFromPg(row.text, 3)).toBe(new Date(row.exact).toISOString());
        }
      }
    } finally {
      await db.close();
    }
  });
});
