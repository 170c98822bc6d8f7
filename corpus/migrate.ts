// Versioned migrations, applied in order when a corpus is opened for writing. Each file
// corpus/migrations/NNNN-name.sql runs in its own transaction and is recorded in schema_migrations.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CorpusError } from '../src/errors.js';
import { packagePath } from '../src/paths.js';
import type { Session } from './corpus.js';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

export function migrationsDir(): string {
  return packagePath('corpus', 'migrations');
}

/** The migrations shipped with this hookmine, in version order. */
export function loadMigrations(dir = migrationsDir()): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => /^\d{4}-[\w-]+\.sql$/.test(f))
    .sort()
    .map((file) => ({
      version: Number(file.slice(0, 4)),
      name: file.slice(5, -4),
      sql: readFileSync(join(dir, file), 'utf8'),
    }));
  const seen = new Set<number>();
  for (const m of migrations) {
    if (seen.has(m.version)) throw new CorpusError(`two migrations share version ${m.version}`);
    seen.add(m.version);
  }
  return migrations;
}

/** Apply the migrations this corpus has not seen yet; returns the versions applied. */
export async function applyMigrations(session: Session, migrations = loadMigrations()): Promise<number[]> {
  await session.run(
    `CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, name VARCHAR NOT NULL, applied_at TIMESTAMP NOT NULL)`,
  );
  const done = new Set((await session.query<{ version: number }>('SELECT version FROM schema_migrations')).map((r) => r.version));
  const newest = Math.max(0, ...migrations.map((m) => m.version));
  const unknown = [...done].filter((v) => v > newest);
  if (unknown.length > 0) {
    throw new CorpusError(
      `the corpus has schema version ${Math.max(...unknown)}, newer than this hookmine knows (${newest}); upgrade hookmine`,
    );
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (done.has(migration.version)) continue;
    await session.run('BEGIN TRANSACTION');
    try {
      await session.run(migration.sql);
      await session.run('INSERT INTO schema_migrations VALUES ($1, $2, now()::TIMESTAMP)', [migration.version, migration.name]);
      await session.run('COMMIT');
    } catch (error) {
      await session.run('ROLLBACK').catch(() => undefined);
      throw new CorpusError(`migration ${migration.version}-${migration.name} failed: ${(error as Error).message}`, { cause: error });
    }
    applied.push(migration.version);
  }
  return applied;
}
