// Export throughput: a corpus of 20k episodes (gold and mutants, 6 steps each, DataFrame-like step
// values) written as JSON lines and as Parquet, all three configs, through DuckDB's COPY.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Corpus } from '../corpus/corpus.js';
import { insertEpisodes, type EpisodeRow, type StepRow } from '../corpus/episodes.js';
import { exportCorpus } from '../src/export/export.js';
import type { Benchmark, Measurement } from './bench.js';

async function populate(corpus: Corpus, golds: number): Promise<void> {
  const now = new Date();
  for (let start = 0; start < golds; start += 1000) {
    const items: { episode: EpisodeRow; steps: StepRow[] }[] = [];
    for (let g = start; g < Math.min(golds, start + 1000); g++) {
      const comp = `comp-${g % 40}`;
      for (const kind of ['gold', 'mutant'] as const) {
        const id = `${kind[0]}-${g}`;
        items.push({
          episode: { episode_id: id, source: g % 2 ? 'synthetic' : 'kaggle', kind, gold_episode_id: kind === 'gold' ? null : `g-${g}`, competition: comp, dataset: comp, question: `What is the mean of column c${g % 7} in ${comp} after removing missing values?`, answer: { value: g * 0.5 }, code: `import pandas as pd\ndf = pd.read_csv('/kaggle/input/${comp}/train.csv')\nx_${g} = df['c${g % 7}'].dropna().mean()\n`, created_at: now },
          steps: Array.from({ length: 6 }, (_, i) => ({
            episode_id: id, step_index: i, name: `step_${i}`, code: `v${i} = df['c${i}'].fillna(0).rolling(3).mean()`, variable_name: `v${i}`, is_final: i === 5, depends_on: i ? [`step_${i - 1}`] : [],
            value: { shape: [891, 12], columns: Array.from({ length: 12 }, (_, k) => `col_${k}`), head: Array.from({ length: 5 }, (_, r) => Array.from({ length: 12 }, (_, k) => r * k + g)), stats: { c0: { mean: g / 3, std: 1.5, min: 0, max: g } } },
            value_type: 'DataFrame', label: kind === 'gold' || i < 3, label_source: kind === 'gold' ? 'gold' : 'execution',
          })),
        });
      }
    }
    await insertEpisodes(corpus, items);
  }
}

export const benchmarks: Benchmark[] = [
  {
    name: 'export',
    description: 'export of 20k episodes (10k gold + 10k mutants, 6 steps each): prm, sft and rl configs',
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'hookmine-bench-export-'));
      const corpus = await Corpus.open(join(dir, 'c.duckdb'));
      const out: Measurement[] = [];
      try {
        await populate(corpus, 10_000);
        for (const format of ['jsonl', 'parquet'] as const) {
          const s = await exportCorpus(corpus, { out: join(dir, format), format, configs: ['prm', 'sft', 'rl'], splitBy: 'competition', seed: 0, validation: 0.1, test: 0.1, keepDuplicates: true, shardBytes: 64 << 20 });
          out.push({ name: `${format}: bytes written per second`, value: Number((s.bytes / 1e6 / s.seconds).toFixed(1)), unit: 'MB/s', note: `${(s.bytes / 1e6).toFixed(1)} MB in ${s.seconds.toFixed(1)} s, ${s.files.length} files${format === 'parquet' ? ' (zstd-compressed)' : ''}` });
          out.push({ name: `${format}: episodes per second`, value: Math.round(s.episodes.exported / s.seconds), unit: 'episodes/s' });
        }
        return out;
      } finally {
        corpus.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
