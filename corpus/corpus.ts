// The corpus: one embedded DuckDB file that holds every stage's results. This folder is the only
// code that imports @duckdb/node-api; everything else gets plain objects and domain verbs.
import { mkdirSync, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { DuckDBInstance, DuckDBTypeId, type DuckDBAppender, type DuckDBConnection, type DuckDBType } from '@duckdb/node-api';
import { CorpusError, UnusableInputError } from '../src/errors.js';
import { applyMigrations } from './migrate.js';
import { fromResultValue, toColumnValue, toParam, type Param, type Row } from './values.js';

export type { Param, Row } from './values.js';
export type Params = readonly Param[] | Record<string, Param>;

export interface OpenOptions {
  /** Open without write access: no migration, and DuckDB refuses every write. */
  readOnly?: boolean;
}

/** Query, run and append on one connection; a transaction hands one of these to its callback. */
export interface Session {
  query<T extends Row = Row>(sql: string, params?: Params): Promise<T[]>;
  run(sql: string, params?: Params): Promise<void>;
  /** Bulk write through DuckDB's Appender; row keys are column names. Returns the rows written. */
  append(table: string, rows: readonly Row[], options?: AppendOptions): Promise<number>;
}

export interface AppendOptions {
  /** 'temp' for a temporary (staging) table */
  catalog?: string;
}

interface ColumnSpec {
  names: string[];
}

function bind(params: Params | undefined) {
  if (params === undefined) return undefined;
  if (Array.isArray(params)) return params.map((p) => toParam(p as Param));
  const out: Record<string, ReturnType<typeof toParam>> = {};
  for (const [k, v] of Object.entries(params)) out[k] = toParam(v as Param);
  return out;
}

class ConnectionSession implements Session {
  constructor(
    private readonly conn: DuckDBConnection,
    private readonly columns: Map<string, ColumnSpec>,
  ) {}

  async query<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    const reader = await this.conn.runAndReadAll(sql, bind(params));
    return reader.getRowObjectsJS().map((row) => fromResultValue(row) as T);
  }

  async run(sql: string, params?: Params): Promise<void> {
    await this.conn.run(sql, bind(params));
  }

  async append(table: string, rows: readonly Row[], options: AppendOptions = {}): Promise<number> {
    if (rows.length === 0) return 0;
    const catalog = options.catalog ?? null;
    const spec = await this.columnSpec(table, catalog);
    const known = new Set(spec.names);
    for (const key of Object.keys(rows[0] ?? {})) {
      if (!known.has(key)) throw new CorpusError(`table ${table} has no column ${key}`);
    }
    const appender = await this.conn.createAppender(table, null, catalog);
    try {
      const writers = spec.names.map((name, i) => columnWriter(appender, appender.columnType(i), `${table}.${name}`));
      for (const row of rows) {
        for (let i = 0; i < spec.names.length; i++) {
          const value = row[spec.names[i] as string];
          if (value === undefined || value === null) appender.appendNull();
          else (writers[i] as (v: unknown) => void)(value);
        }
        appender.endRow();
      }
      appender.flushSync();
    } catch (error) {
      // A failed batch must not leave half a row behind; clear what was buffered.
      try {
        appender.clear();
      } catch {
        // the appender may already be invalid
      }
      throw error;
    } finally {
      try {
        appender.closeSync();
      } catch {
        // closing an appender whose flush failed throws the same error again
      }
    }
    return rows.length;
  }

  private async columnSpec(table: string, catalog: string | null): Promise<ColumnSpec> {
    const cacheKey = `${catalog ?? ''}.${table}`;
    const cached = catalog === null ? this.columns.get(cacheKey) : undefined;
    if (cached) return cached;
    const rows = await this.query<{ column_name: string }>(
      `SELECT column_name FROM information_schema.columns
       WHERE table_schema = 'main' AND table_name = $1 AND (table_catalog = $2 OR ($2 IS NULL AND table_catalog <> 'temp'))
       ORDER BY ordinal_position`,
      [table, catalog],
    );
    if (rows.length === 0) throw new CorpusError(`no such table: ${table}`);
    const spec = { names: rows.map((r) => r.column_name) };
    // Staging tables are short-lived; only the corpus's own tables are cached.
    if (catalog === null) this.columns.set(cacheKey, spec);
    return spec;
  }
}

/**
 * A per-column append function. The common scalar types use the Appender's typed methods (several
 * times faster than the generic conversion); the rest go through toColumnValue.
 */
function columnWriter(appender: DuckDBAppender, type: DuckDBType, column: string): (value: unknown) => void {
  const fail = (value: unknown, error: unknown): never => {
    throw new CorpusError(`cannot append ${column} = ${preview(value)}: ${(error as Error).message}`, { cause: error });
  };
  const guarded = (fn: (value: unknown) => void) => (value: unknown) => {
    try {
      fn(value);
    } catch (error) {
      fail(value, error);
    }
  };
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      return guarded((v) => appender.appendVarchar(typeof v === 'string' ? v : JSON.stringify(v)));
    case DuckDBTypeId.INTEGER:
      return guarded((v) => {
        if (typeof v !== 'number' || !Number.isInteger(v)) throw new TypeError('not an integer');
        appender.appendInteger(v);
      });
    case DuckDBTypeId.BIGINT:
      return guarded((v) => appender.appendBigInt(typeof v === 'bigint' ? v : BigInt(v as number)));
    case DuckDBTypeId.DOUBLE:
      return guarded((v) => {
        if (typeof v !== 'number') throw new TypeError('not a number');
        appender.appendDouble(v);
      });
    case DuckDBTypeId.BOOLEAN:
      return guarded((v) => {
        if (typeof v !== 'boolean') throw new TypeError('not a boolean');
        appender.appendBoolean(v);
      });
    default:
      return guarded((v) => appender.appendValue(toColumnValue(v, type), type));
  }
}

function preview(value: unknown): string {
  const text = typeof value === 'string' ? value : JSON.stringify(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

const openInstances = new Map<string, { instance: DuckDBInstance; refs: number; readOnly: boolean }>();

export class Corpus implements Session {
  private closed = false;
  private readonly columns = new Map<string, ColumnSpec>();

  private constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    readonly readOnly: boolean,
  ) {}

  /**
   * Open (and create) the corpus file and bring its schema up to date. One DuckDB instance per file
   * per process; a second open of the same file shares it.
   */
  static async open(path: string, options: OpenOptions = {}): Promise<Corpus> {
    const readOnly = options.readOnly ?? false;
    const full = path === ':memory:' ? path : resolve(path);
    if (full !== ':memory:') {
      if (readOnly && !existsSync(full)) throw new UnusableInputError(`corpus file not found: ${full}`);
      if (!readOnly) mkdirSync(dirname(full), { recursive: true });
    }
    let entry = full === ':memory:' ? undefined : openInstances.get(full);
    if (entry && entry.readOnly && !readOnly) {
      throw new CorpusError(`corpus ${full} is already open read-only in this process`);
    }
    if (!entry) {
      let instance: DuckDBInstance;
      try {
        instance = await DuckDBInstance.create(full, readOnly ? { access_mode: 'READ_ONLY' } : {});
      } catch (error) {
        const message = (error as Error).message;
        if (/lock/i.test(message)) {
          throw new UnusableInputError(`corpus ${full} is in use by another process (\`hookmine status\` shows the progress of a running stage): ${message}`, { cause: error });
        }
        throw new UnusableInputError(`cannot open corpus ${full}: ${message}`, { cause: error });
      }
      entry = { instance, refs: 0, readOnly };
      if (full !== ':memory:') openInstances.set(full, entry);
    }
    entry.refs += 1;
    const corpus = new Corpus(full, entry.instance, readOnly);
    if (!readOnly) {
      try {
        await corpus.withSession((s) => applyMigrations(s));
      } catch (error) {
        corpus.close();
        throw error;
      }
    }
    return corpus;
  }

  /** Run `fn` on a fresh connection that is closed afterwards, whatever happens. */
  async withSession<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    if (this.closed) throw new CorpusError('corpus is closed');
    const conn = await this.instance.connect();
    try {
      return await fn(new ConnectionSession(conn, this.columns));
    } finally {
      conn.closeSync();
    }
  }

  /** Run `fn` inside one transaction: all of its writes land, or none do. */
  async transaction<T>(fn: (session: Session) => Promise<T>): Promise<T> {
    return this.withSession(async (session) => {
      await session.run('BEGIN TRANSACTION');
      try {
        const result = await fn(session);
        await session.run('COMMIT');
        return result;
      } catch (error) {
        try {
          await session.run('ROLLBACK');
        } catch {
          // a failed COMMIT has already rolled back
        }
        throw error;
      }
    });
  }

  query<T extends Row = Row>(sql: string, params?: Params): Promise<T[]> {
    return this.withSession((s) => s.query<T>(sql, params));
  }

  run(sql: string, params?: Params): Promise<void> {
    return this.withSession((s) => s.run(sql, params));
  }

  append(table: string, rows: readonly Row[], options?: AppendOptions): Promise<number> {
    return this.withSession((s) => s.append(table, rows, options));
  }

  /** Run SQL text as given by a user (one or more statements) and return the last result. */
  async runUserSql(sql: string): Promise<{ columns: string[]; types: string[]; rows: unknown[][] }> {
    if (this.closed) throw new CorpusError('corpus is closed');
    const conn = await this.instance.connect();
    try {
      const reader = await conn.runAndReadAll(sql);
      return {
        columns: reader.columnNames(),
        types: reader.columnTypes().map((t) => t.alias ?? t.toString()),
        rows: reader.getRowsJS().map((row) => row.map(fromResultValue)),
      };
    } finally {
      conn.closeSync();
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    const entry = openInstances.get(this.path);
    if (entry && entry.instance === this.instance) {
      entry.refs -= 1;
      if (entry.refs > 0) return;
      openInstances.delete(this.path);
    }
    // Closing the last instance checkpoints the WAL into the file, so other clients see one file.
    this.instance.closeSync();
  }
}
