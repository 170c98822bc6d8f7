// The export's DuckDB side: rows staged in temporary tables through the Appender, then written by
// DuckDB itself (COPY ... TO), streamed and sharded by size, as JSON lines or Parquet.
import { closeSync, mkdirSync, openSync, readdirSync, readSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { quotedIdentifier, quotedString } from '@duckdb/node-api';
import type { Corpus, Row, Session } from './corpus.js';

export type ExportConfig = 'prm' | 'sft' | 'rl';
export type ExportFormat = 'jsonl' | 'parquet';

/** Column types of each config's rows; JSON columns hold nested values (JSON lines keep them nested). */
const SCHEMAS: Record<ExportConfig, Record<string, string>> = {
  prm: {
    prompt: 'VARCHAR', completions: 'VARCHAR[]', labels: 'BOOLEAN[]',
    episode_id: 'VARCHAR', gold_episode_id: 'VARCHAR', source: 'VARCHAR', kind: 'VARCHAR', evidence: 'VARCHAR', competition: 'VARCHAR', dataset: 'VARCHAR',
    template_family: 'VARCHAR', template_variant: 'VARCHAR', mutation_kind: 'VARCHAR', step_names: 'VARCHAR[]', step_confidence: 'DOUBLE[]',
    final_correct: 'BOOLEAN', first_error_step: 'INTEGER', split: 'VARCHAR',
  },
  sft: {
    messages: 'JSON', tools: 'JSON',
    episode_id: 'VARCHAR', source: 'VARCHAR', evidence: 'VARCHAR', competition: 'VARCHAR', dataset: 'VARCHAR', template_family: 'VARCHAR', template_variant: 'VARCHAR', split: 'VARCHAR',
  },
  rl: {
    prompt: 'JSON', answer: 'VARCHAR', tolerance: 'VARCHAR', expected_intermediates: 'VARCHAR', data_files: 'VARCHAR[]',
    episode_id: 'VARCHAR', source: 'VARCHAR', evidence: 'VARCHAR', competition: 'VARCHAR', dataset: 'VARCHAR', template_family: 'VARCHAR', template_variant: 'VARCHAR', difficulty: 'VARCHAR', split: 'VARCHAR',
  },
};

/** Parquet wants typed nested columns: the JSON columns are read into these structures. */
const PARQUET_JSON_TYPES: Record<string, string> = {
  messages: `'[{"role":"VARCHAR","content":"VARCHAR","name":"VARCHAR","tool_call_id":"VARCHAR","tool_calls":[{"id":"VARCHAR","type":"VARCHAR","function":{"name":"VARCHAR","arguments":{"code":"VARCHAR"}}}]}]'`,
  tools: `'[{"type":"VARCHAR","function":{"name":"VARCHAR","description":"VARCHAR","parameters":"JSON"}}]'`,
  prompt: `'[{"role":"VARCHAR","content":"VARCHAR"}]'`,
};

function table(config: ExportConfig): string {
  return `export_${config}`;
}

export async function createExportTables(session: Session): Promise<void> {
  for (const [config, columns] of Object.entries(SCHEMAS) as [ExportConfig, Record<string, string>][]) {
    const cols = Object.entries(columns).map(([name, type]) => `${quotedIdentifier(name)} ${type}`).join(', ');
    await session.run(`CREATE OR REPLACE TEMP TABLE ${table(config)} (${cols})`);
  }
}

export async function appendExportRows(session: Session, config: ExportConfig, rows: readonly Row[]): Promise<void> {
  await session.append(table(config), rows, { catalog: 'temp' });
}

export async function exportCounts(session: Session): Promise<Record<ExportConfig, Record<string, number>>> {
  const out = { prm: {}, sft: {}, rl: {} } as Record<ExportConfig, Record<string, number>>;
  for (const config of Object.keys(SCHEMAS) as ExportConfig[]) {
    const rows = await session.query<{ split: string; n: number }>(`SELECT split, count(*)::INT AS n FROM ${table(config)} GROUP BY 1`);
    for (const r of rows) out[config][r.split] = r.n;
  }
  return out;
}

export interface WrittenFile {
  config: ExportConfig;
  split: string;
  path: string;
  rows: number;
  bytes: number;
}

/**
 * Write one split of one config under `<out>/<config>/<split>/`, as `<split>-<i>.<ext>` shards of at
 * most `shardBytes`. DuckDB streams the rows to disk; nothing is held in memory here.
 */
export async function copyExport(session: Session, config: ExportConfig, split: string, out: string, format: ExportFormat, shardBytes: number): Promise<WrittenFile[]> {
  const dir = join(out, config, split);
  mkdirSync(join(out, config), { recursive: true });
  const columns = Object.keys(SCHEMAS[config]).filter((c) => c !== 'split');
  const select = columns
    .map((c) => {
      const q = quotedIdentifier(c);
      return format === 'parquet' && SCHEMAS[config][c] === 'JSON' && PARQUET_JSON_TYPES[c] ? `from_json(${q}, ${PARQUET_JSON_TYPES[c]}) AS ${q}` : q;
    })
    .join(', ');
  const options =
    format === 'jsonl'
      ? `FORMAT json, FILE_SIZE_BYTES ${shardBytes}, FILENAME_PATTERN ${quotedString(`${split}-{i}`)}, FILE_EXTENSION 'jsonl'`
      : `FORMAT parquet, COMPRESSION zstd, FILE_SIZE_BYTES ${shardBytes}, FILENAME_PATTERN ${quotedString(`${split}-{i}`)}`;
  await session.run(
    `COPY (SELECT ${select} FROM ${table(config)} WHERE split = ${quotedString(split)} ORDER BY episode_id) TO ${quotedString(dir)} (${options})`,
  );
  const files: WrittenFile[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    // rows per shard: newlines of a JSON lines file; a Parquet file's footer
    const rows =
      format === 'jsonl'
        ? countLines(path)
        : ((await session.query<{ n: number }>(`SELECT count(*)::INT AS n FROM read_parquet(${quotedString(path)})`))[0]?.n ?? 0);
    files.push({ config, split, path, rows, bytes: statSync(path).size });
  }
  return files;
}

function countLines(path: string): number {
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(1 << 20);
  let lines = 0;
  try {
    for (;;) {
      const n = readSync(fd, buffer, 0, buffer.length, null);
      if (n === 0) return lines;
      for (let i = 0; i < n; i++) if (buffer[i] === 10) lines += 1;
    }
  } finally {
    closeSync(fd);
  }
}

/** Splits that have rows in a config's staging table. */
export async function splitsOf(session: Session, config: ExportConfig): Promise<string[]> {
  const rows = await session.query<{ split: string }>(`SELECT DISTINCT split FROM ${table(config)} ORDER BY 1`);
  return rows.map((r) => r.split);
}

/** Episodes and their steps, in batches (the export never loads the whole corpus at once). */
export async function* episodeBatches(corpus: Corpus, batchSize = 1000): AsyncGenerator<Record<string, unknown>[]> {
  for (let offset = 0; ; offset += batchSize) {
    const rows = await corpus.query(
      `WITH page AS (SELECT * FROM episodes ORDER BY episode_id LIMIT $1 OFFSET $2)
       SELECT page.*, list(struct_pack(step_index := s.step_index, name := s.name, code := s.code, value := s.value, value_type := s.value_type,
                                       label := s.label, step_confidence := s.step_confidence, is_final := s.is_final, depends_on := s.depends_on)
                           ORDER BY s.step_index) FILTER (WHERE s.episode_id IS NOT NULL) AS steps
       FROM page LEFT JOIN steps s USING (episode_id) GROUP BY ALL ORDER BY page.episode_id`,
      [batchSize, offset],
    );
    if (rows.length === 0) return;
    yield rows;
    if (rows.length < batchSize) return;
  }
}
