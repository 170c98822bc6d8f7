// hookmine export: files reload with their schema (DuckDB and pandas), splits never share a
// competition or dataset, near-duplicates are left out, and the dataset card declares every file.
import { spawnSync } from 'node:child_process';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Corpus } from '../../corpus/corpus.js';
import { insertEpisodes, type EpisodeRow, type StepRow } from '../../corpus/episodes.js';
import { exportCorpus, type ExportOptions } from '../../src/export/export.js';
import { tempDir, withCorpus } from '../helpers/tmp.js';

const COMPETITIONS = ['titanic', 'house-prices', 'bikes', 'spaceship', 's3e1', 's3e5', 'lemonade', 'wine'];

function goldCode(comp: string, k: number): string {
  // distinct programs per episode; 'titanic' #1 is a fork of #0 (one comment added)
  const body = `import pandas as pd\ndf = pd.read_csv('/kaggle/input/${comp}/train.csv')\ncol_${k} = df['x${k}'].mean()\nprint(col_${k} * ${k + 1})\n`;
  return comp === 'titanic' && k === 1 ? `# my fork\n${goldCode(comp, 0)}` : body;
}

async function populate(corpus: Corpus): Promise<void> {
  const items: { episode: EpisodeRow; steps: StepRow[] }[] = [];
  const now = new Date();
  COMPETITIONS.forEach((comp, c) => {
    for (let k = 0; k < 3 + c; k++) {
      const id = `g-${comp}-${k}`;
      const source = c % 2 === 0 ? 'kaggle' : 'synthetic';
      const steps: StepRow[] = ['load', 'mean', 'answer'].map((name, i) => ({
        episode_id: id, step_index: i, name, code: `step_${i} = ${i}`, value: { v: i + k }, value_type: 'int', depends_on: i ? [['load', 'mean'][i - 1] as string] : [], is_final: i === 2, label: true, label_source: 'gold', variable_name: `step_${i}`,
      }));
      items.push({ episode: { episode_id: id, source, kind: 'gold', competition: source === 'kaggle' ? comp : null, dataset: comp, question: `What is the mean of x${k} in ${comp}?`, answer: { value: k }, code: goldCode(comp, k), template_family: source === 'synthetic' ? 'mean' : null, template_variant: source === 'synthetic' ? (k === 0 ? 'heldout-variant' : 'base') : null, heldout: source === 'synthetic' && k === 0, created_at: now }, steps });
      const mid = `m-${comp}-${k}`;
      const labels = [true, false, k % 2 === 0 ? false : null];
      items.push({
        episode: { episode_id: mid, source, kind: 'mutant', gold_episode_id: id, competition: source === 'kaggle' ? comp : null, dataset: comp, question: `What is the mean of x${k} in ${comp}?`, mutation: { kind: 'wrong_column' }, final_correct: false, created_at: now },
        steps: steps.map((s, i) => ({ ...s, episode_id: mid, label: labels[i] ?? null, label_source: 'execution', value: { v: i === 0 ? k : -1 } })),
      });
    }
  });
  await insertEpisodes(corpus, items);
}

const OPTIONS = (out: string, extra: Partial<ExportOptions> = {}): ExportOptions => ({
  out, format: 'jsonl', configs: ['prm', 'sft', 'rl'], splitBy: 'competition', seed: 0, validation: 0.15, test: 0.15, keepDuplicates: false, shardBytes: 1 << 20, ...extra,
});

async function readRows(file: string, format: 'jsonl' | 'parquet'): Promise<{ columns: string[]; types: string[]; rows: Record<string, unknown>[] }> {
  const db = await Corpus.open(':memory:', {});
  try {
    const reader = format === 'jsonl' ? `read_json_auto('${file}', format = 'newline_delimited')` : `read_parquet('${file}')`;
    const cols = await db.query<{ column_name: string; column_type: string }>(`DESCRIBE SELECT * FROM ${reader}`);
    const rows = await db.query(`SELECT * FROM ${reader}`);
    return { columns: cols.map((c) => c.column_name), types: cols.map((c) => c.column_type), rows };
  } finally {
    db.close();
  }
}

function filesOf(out: string, config: string): { split: string; path: string }[] {
  const dir = join(out, config);
  return readdirSync(dir).flatMap((split) => readdirSync(join(dir, split)).map((f) => ({ split, path: join(dir, split, f) })));
}

describe('hookmine export', () => {
  it('writes TRL rows whose files reload with their schema, in DuckDB and in pandas', async () => {
    await withCorpus(async (corpus) => {
      await populate(corpus);
      const out = join(tempDir(), 'hf');
      const summary = await exportCorpus(corpus, OPTIONS(out));
      expect(summary.files.length).toBeGreaterThanOrEqual(9);
      const prm = await readRows(filesOf(out, 'prm')[0]?.path as string, 'jsonl');
      expect(prm.columns.slice(0, 3)).toEqual(['prompt', 'completions', 'labels']);
      expect(prm.types.slice(0, 3)).toEqual(['VARCHAR', 'VARCHAR[]', 'BOOLEAN[]']);
      for (const r of prm.rows) expect((r.labels as boolean[]).length).toBe((r.completions as string[]).length);
      const sft = await readRows(filesOf(out, 'sft')[0]?.path as string, 'jsonl');
      expect(sft.columns.slice(0, 2)).toEqual(['messages', 'tools']);
      const messages = sft.rows[0]?.messages as { role: string }[];
      expect(messages.map((m) => m.role).slice(0, 4)).toEqual(['system', 'user', 'assistant', 'tool']);
      const rl = await readRows(filesOf(out, 'rl')[0]?.path as string, 'jsonl');
      expect(rl.columns).toContain('expected_intermediates');
      expect(JSON.parse(rl.rows[0]?.answer as string)).toHaveProperty('value');
      // pandas under Debian's Python loads every JSON lines file
      const files = ['prm', 'sft', 'rl'].flatMap((c) => filesOf(out, c).map((f) => f.path));
      const py = spawnSync('/usr/bin/python3', ['-c', 'import sys, pandas as pd\nfor f in sys.argv[1:]:\n    df = pd.read_json(f, lines=True)\n    print(len(df), len(df.columns))', ...files], { encoding: 'utf8' });
      expect(py.status, py.stderr).toBe(0);
      expect(py.stdout.trim().split('\n')).toHaveLength(files.length);
    });
  });

  it('never puts a competition or source dataset in two splits (held-out variants apart)', async () => {
    await withCorpus(async (corpus) => {
      await populate(corpus);
      const out = join(tempDir(), 'hf');
      await exportCorpus(corpus, OPTIONS(out));
      const seen = new Map<string, Set<string>>();
      for (const { split, path } of filesOf(out, 'prm')) {
        if (split === 'heldout') continue;
        for (const r of (await readRows(path, 'jsonl')).rows) {
          for (const key of [`c:${r.competition}`, `d:${r.dataset}`]) {
            if (key.endsWith(':null')) continue;
            const s = seen.get(key) ?? new Set<string>();
            s.add(split);
            seen.set(key, s);
          }
        }
      }
      for (const [key, splits] of seen) expect([...splits], key).toHaveLength(1);
      expect(new Set(filesOf(out, 'prm').map((f) => f.split))).toEqual(new Set(['train', 'validation', 'test', 'heldout']));
      const stored = await corpus.query<{ n: number }>(`SELECT count(DISTINCT split)::INT AS n FROM episodes GROUP BY dataset HAVING NOT bool_or(heldout) ORDER BY n DESC LIMIT 1`);
      expect(stored[0]?.n).toBe(1);
    });
  });

  it('moves the validation variants of train datasets to validation, and the card names them', async () => {
    await withCorpus(async (corpus) => {
      await populate(corpus);
      const now = new Date();
      const steps = (id: string): StepRow[] => ['load', 'answer'].map((name, i) => ({
        episode_id: id, step_index: i, name, code: `v_${i} = ${i}`, value: { v: i }, value_type: 'int', depends_on: i ? ['load'] : [], is_final: i === 1, label: true, label_source: 'gold', variable_name: `v_${i}`,
      }));
      await insertEpisodes(corpus, COMPETITIONS.map((comp) => ({
        episode: { episode_id: `q75-${comp}`, source: 'synthetic', kind: 'gold', competition: null, dataset: comp, question: `What is the 75th percentile of x in ${comp}?`, answer: { value: 1 }, code: `x = '${comp}'\n`, template_family: 'quantile', template_variant: 'q75', heldout: false, created_at: now },
        steps: steps(`q75-${comp}`),
      })));
      const out = join(tempDir(), 'hf');
      await exportCorpus(corpus, OPTIONS(out));
      const rows = await corpus.query<{ dataset: string; q75: string; other: string }>(
        `SELECT dataset, any_value(split) FILTER (WHERE template_variant = 'q75') AS q75, any_value(split) FILTER (WHERE episode_id LIKE 'g-%' AND NOT heldout AND competition IS NULL) AS other
         FROM episodes GROUP BY dataset HAVING other IS NOT NULL`,
      );
      // the synthetic episodes of the same dataset are its group (the Kaggle ones are grouped by competition)
      expect(rows.filter((r) => r.other === 'train').length).toBeGreaterThan(0);
      for (const r of rows) expect(r.q75, r.dataset).toBe(r.other === 'train' ? 'validation' : r.other);
      expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/validation variants \(quantile\/q75\)/);
    });
  });

  it('keeps one of two near-duplicate notebooks, and only the labelled prefix of a trajectory', async () => {
    await withCorpus(async (corpus) => {
      await populate(corpus);
      const out = join(tempDir(), 'hf');
      const summary = await exportCorpus(corpus, OPTIONS(out));
      expect(summary.episodes.leftOutAsDuplicates).toBe(2); // the fork and its mutant
      const ids = (await Promise.all(filesOf(out, 'prm').map((f) => readRows(f.path, 'jsonl')))).flatMap((r) => r.rows.map((x) => x.episode_id));
      expect(ids).toContain('g-titanic-0');
      expect(ids).not.toContain('g-titanic-1');
      const rows = (await Promise.all(filesOf(out, 'prm').map((f) => readRows(f.path, 'jsonl')))).flatMap((r) => r.rows);
      const odd = rows.find((r) => r.episode_id === 'm-house-prices-1');
      expect(odd?.labels).toEqual([true, false]); // the unlabelled last step ends the row
      const even = rows.find((r) => r.episode_id === 'm-house-prices-2');
      expect(even?.labels).toEqual([true, false, false]);
      expect(even?.first_error_step).toBe(1);
      const all = await exportCorpus(corpus, OPTIONS(join(tempDir(), 'hf2'), { keepDuplicates: true }));
      expect(all.episodes.leftOutAsDuplicates).toBe(0);
    });
  });

  it('is deterministic for a seed and declares every file in the dataset card', async () => {
    await withCorpus(async (corpus) => {
      await populate(corpus);
      const a = join(tempDir(), 'a');
      const b = join(tempDir(), 'b');
      await exportCorpus(corpus, OPTIONS(a, { seed: 5 }));
      await exportCorpus(corpus, OPTIONS(b, { seed: 5 }));
      for (const config of ['prm', 'sft', 'rl']) {
        const fa = filesOf(a, config);
        expect(fa.map((f) => f.path.slice(a.length))).toEqual(filesOf(b, config).map((f) => f.path.slice(b.length)));
        for (const f of fa) expect(readFileSync(f.path, 'utf8')).toBe(readFileSync(join(b, f.path.slice(a.length)), 'utf8'));
      }
      const card = readFileSync(join(a, 'README.md'), 'utf8');
      expect(card).toMatch(/^---\n[\s\S]*configs:\n- config_name: prm\n {2}default: true\n {2}data_files:/);
      for (const config of ['prm', 'sft', 'rl']) for (const split of new Set(filesOf(a, config).map((f) => f.split))) expect(card).toContain(`path: ${config}/${split}/*.jsonl`);
      expect(card).toMatch(/Kaggle notebooks: public notebooks/);
      expect(JSON.parse(readFileSync(join(a, 'splits.json'), 'utf8')).split_by).toBe('competition');
    });
  });

  it('writes Parquet with typed nested columns', async () => {
    await withCorpus(async (corpus) => {
      await populate(corpus);
      const out = join(tempDir(), 'pq');
      await exportCorpus(corpus, OPTIONS(out, { format: 'parquet' }));
      const prm = await readRows(filesOf(out, 'prm')[0]?.path as string, 'parquet');
      expect(prm.types.slice(0, 3)).toEqual(['VARCHAR', 'VARCHAR[]', 'BOOLEAN[]']);
      const sft = await readRows(filesOf(out, 'sft')[0]?.path as string, 'parquet');
      expect(sft.types[0]).toMatch(/^STRUCT\("role" VARCHAR, "content" VARCHAR,.*tool_calls STRUCT\(.*arguments STRUCT\(code VARCHAR\)\)\)\[\]\)\[\]$/);
    });
  });
});
