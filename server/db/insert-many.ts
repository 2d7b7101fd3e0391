import { type Column, getTableColumns, getTableName } from 'drizzle-orm';
import type { PgTable } from 'drizzle-orm/pg-core';
import { storableValue } from '../../contracts/text.js';
import { type Executor, rawExecutorOf } from './client.js';

/**
 * Inserts many rows as one JSON parameter (`jsonb_populate_recordset`), for the ingest hot path:
 * Drizzle's multi-row insert builds one parameter per value, which took a quarter of the CPU of
 * webhook processing at 1,000 messages a second. A column left out by every row takes its default;
 * one given by some rows is NULL in the others. Returns the inserted rows (those not skipped by
 * `onConflictDoNothing`), in the order given, mapped as Drizzle maps them: every column, or the
 * `returning` ones.
 */
export async function insertMany<T extends PgTable>(
  db: Executor,
  table: T,
  rows: T['$inferInsert'][],
  options: { onConflictDoNothing?: boolean; returning?: (keyof T['$inferSelect'] & string)[] } = {},
): Promise<T['$inferSelect'][]> {
  if (rows.length === 0) return [];
  const columns = getTableColumns(table) as Record<string, Column>;
  const given = (row: unknown, key: string) => (row as Record<string, unknown>)[key] !== undefined;
  const keys = Object.keys(columns).filter((key) => rows.some((row) => given(row, key)));
  // A row that leaves out a column others give gets NULL there (what Drizzle's DEFAULT gives a column
  // without a default); a column with a default must be given by all or none.
  for (const key of keys) {
    if (columns[key]!.hasDefault && !rows.every((row) => given(row, key))) throw new Error(`insertMany(${getTableName(table)}): give ${key} in every row or in none`);
  }
  // Only what the caller reads comes back (the ack path needs ids, not the bodies it just sent).
  const returned = Object.entries(columns).filter(([key]) => !options.returning || options.returning.includes(key as keyof T['$inferSelect'] & string));
  const names = keys.map((key) => `"${columns[key]!.name}"`).join(', ');
  const json = rows.map((row) => Object.fromEntries(keys.map((key) => [columns[key]!.name, toJson((row as Record<string, unknown>)[key])])));
  const result = await rawExecutorOf(db).query(
    `insert into "${getTableName(table)}" (${names}) select ${names} from jsonb_populate_recordset(null::"${getTableName(table)}", $1::jsonb)
     ${options.onConflictDoNothing ? 'on conflict do nothing' : ''} returning ${returned.map(([, column]) => `"${column.name}"`).join(', ')}`,
    // Inside JSON PostgreSQL refuses U+0000 and lone surrogates, and the whole batch would fail each retry.
    [JSON.stringify(storableValue(json))],
  );
  return (result.rows as Record<string, unknown>[]).map((row) =>
    Object.fromEntries(returned.map(([key, column]) => [key, row[column.name] === null || row[column.name] === undefined ? null : column.mapFromDriverValue(row[column.name])])),
  ) as T['$inferSelect'][];
}

const toJson = (value: unknown) => (value instanceof Date ? value.toISOString() : typeof value === 'bigint' ? value.toString() : value);
