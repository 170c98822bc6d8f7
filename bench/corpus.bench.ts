// Bulk-write throughput of the corpus: 100k hook-like rows through the Appender.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Corpus } from '../corpus/corpus.js';
import { time, type Benchmark } from './bench.js';

function hookRows(n: number, execution: string) {
  const rows = [];
  for (let i = 0; i < n; i++) {
    rows.push({
      execution_id: execution,
      seq: i,
      name: `step_${i % 37}`,
      variable_name: `df_${i % 11}`,
      value_hash: `${i.toString(16).padStart(16, '0')}${'a'.repeat(48)}`,
      value: { type: 'float', repr: (i * 0.37).toFixed(4) },
      value_type: 'float',
      cell_index: i % 40,
      line: i % 25,
      elapsed_us: i * 3,
    });
  }
  return rows;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'corpus',
    description: 'bulk write of 100k hook-like rows (hook_captures) through the DuckDB Appender',
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'hookmine-bench-'));
      const corpus = await Corpus.open(join(dir, 'bench.duckdb'));
      try {
        const n = 100_000;
        const rows = hookRows(n, 'bench-exec');
        await corpus.append('hook_captures', hookRows(1000, 'warmup'));
        const { ms } = await time(() => corpus.append('hook_captures', rows));
        const [{ c } = { c: 0 }] = await corpus.query<{ c: number }>(`SELECT count(*)::INT AS c FROM hook_captures WHERE execution_id = 'bench-exec'`);
        if (c !== n) throw new Error(`expected ${n} rows, found ${c}`);
        return [
          { name: 'hook rows appended per second', value: Math.round((n / ms) * 1000), unit: 'rows/s', target: { op: '>=', value: 100_000 } },
          { name: '100k rows append time', value: Math.round(ms), unit: 'ms' },
        ];
      } finally {
        corpus.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
