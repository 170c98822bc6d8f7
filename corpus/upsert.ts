// Idempotent bulk writes: the Appender only appends, so rows go into a temporary staging table
// first and one INSERT ... ON CONFLICT moves them into place.
import { quotedIdentifier } from '@duckdb/node-api';
import type { Row, Session } from './corpus.js';

export interface UpsertOptions {
  /** the table's primary-key columns */
  key: readonly string[];
  /** columns to overwrite when the key exists; empty or absent means keep the existing row */
  update?: readonly string[];
}

let stageCounter = 0;

export async function upsertRows(session: Session, table: string, rows: readonly Row[], options: UpsertOptions): Promise<number> {
  if (rows.length === 0) return 0;
  const stage = `stage_${table}_${process.pid}_${++stageCounter}`;
  const t = quotedIdentifier(table);
  const s = quotedIdentifier(stage);
  await session.run(`CREATE TEMP TABLE ${s} AS SELECT * FROM ${t} LIMIT 0`);
  try {
    await session.append(stage, rows, { catalog: 'temp' });
    const key = options.key.map((k) => quotedIdentifier(k)).join(', ');
    const update = options.update ?? [];
    const action =
      update.length === 0
        ? 'DO NOTHING'
        : `DO UPDATE SET ${update.map((c) => `${quotedIdentifier(c)} = excluded.${quotedIdentifier(c)}`).join(', ')}`;
    // Duplicate keys inside one batch would make ON CONFLICT fail: keep one row per key.
    await session.run(
      `INSERT INTO ${t} SELECT * EXCLUDE (rn) FROM (SELECT *, row_number() OVER (PARTITION BY ${key}) AS rn FROM ${s}) WHERE rn = 1 ON CONFLICT (${key}) ${action}`,
    );
  } finally {
    await session.run(`DROP TABLE IF EXISTS ${s}`);
  }
  return rows.length;
}
