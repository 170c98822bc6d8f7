// The report rendered in headless Chromium: every chart with data draws its bars, and the PNG
// pictures are real images.
import { readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Corpus } from '../../corpus/corpus.js';
import { ingestPaths } from '../../src/ingest/ingest.js';
import { chromiumPath } from '../../src/report/png.js';
import { writeReport } from '../../src/report/report.js';
import { tempDir, withCorpus } from '../helpers/tmp.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/notebooks', import.meta.url));

/** A small corpus with every stage represented (rows in the real schema). */
async function populate(corpus: Corpus) {
  await ingestPaths(corpus, [FIXTURES], { maxBytes: 1 << 20 });
  const notebooks = await corpus.query<{ notebook_id: string }>('SELECT notebook_id FROM notebooks ORDER BY notebook_id');
  const now = new Date();
  const [a, b, c] = notebooks.map((n) => n.notebook_id);
  await corpus.append('executions', [
    { execution_id: 'e1', notebook_id: a, purpose: 'reference', sandbox: 'local', status: 'completed', outcome: 'reproduced', started_at: now, wall_ms: 5200 },
    { execution_id: 'e2', notebook_id: b, purpose: 'reference', sandbox: 'local', status: 'failed', outcome: 'failed', reason: 'missing_module', started_at: now, wall_ms: 800 },
    { execution_id: 'e3', notebook_id: c, purpose: 'reference', sandbox: 'local', status: 'completed', outcome: 'ran', started_at: now, wall_ms: 2100 },
  ]);
  await corpus.append(
    'hooks',
    ['load', 'clean', 'fit', 'output'].map((name, i) => ({
      hook_id: `h${i}`, proposal_id: 'p1', notebook_id: a, ordinal: i, name, is_final: name === 'output', status: i < 3 ? 'verified' : 'rejected',
    })),
  );
  await corpus.append('episodes', [
    { episode_id: 'k1', source: 'kaggle', kind: 'gold', notebook_id: a, competition: 'titanic', created_at: now },
    { episode_id: 'k1m', source: 'kaggle', kind: 'mutant', gold_episode_id: 'k1', competition: 'titanic', created_at: now },
    { episode_id: 's1', source: 'synthetic', kind: 'gold', template_family: 'groupby_mean', created_at: now },
  ]);
  await corpus.append('steps', [
    { episode_id: 'k1', step_index: 0, name: 'load', code: 'x', is_final: false, label: true },
    { episode_id: 'k1m', step_index: 0, name: 'load', code: 'x', is_final: false, label: false },
    { episode_id: 's1', step_index: 0, name: 'a', code: 'x', is_final: true, label: true },
  ]);
  await corpus.append('train_runs', [
    {
      train_id: 't1', out_dir: '/tmp/x', backend: 'wasm', started_at: now, finished_at: now, status: 'ok',
      metrics: { prm: { bon_accuracy: { product: 0.8, min: 0.75 }, processbench_f1: 0.6 }, baselines: { random: { bon_accuracy: { product: 0.3, min: 0.3 }, processbench_f1: 0.2 } } },
    },
  ]);
}

describe('hookmine report', () => {
  it('writes an HTML page whose charts hold the corpus numbers', async () => {
    await withCorpus(async (corpus) => {
      await populate(corpus);
      const out = join(tempDir(), 'report.html');
      const result = await writeReport(corpus, out, { png: false });
      const html = readFileSync(result.html, 'utf8');
      expect(result.charts).toEqual(['chart-funnel', 'chart-competitions', 'chart-failures', 'chart-hooks', 'chart-episodes', 'chart-labels', 'chart-templates', 'chart-prm']);
      expect(html).toMatch(/reproduced \/ notebooks: 1/);
      expect(html).toMatch(/missing_module \/ execute: 1/);
      expect(html).toMatch(/verified: 3/);
      expect(html).toMatch(/bon_accuracy\.product \/ PRM: 0\.800/);
    });
  });

  it.skipIf(!chromiumPath())('renders every chart in headless Chromium and saves PNG pictures (needs Debian chromium)', async () => {
    await withCorpus(async (corpus) => {
      await populate(corpus);
      const out = join(tempDir(), 'report.html');
      const result = await writeReport(corpus, out, { png: true });
      expect(result.picturesError).toBeUndefined();
      const pictures = result.pictures!;
      for (const id of result.charts) {
        expect(pictures.bars[id], id).toBeGreaterThan(0);
        const png = readFileSync(pictures.charts[id]!);
        expect(png.subarray(1, 4).toString()).toBe('PNG');
        expect(png.length).toBeGreaterThan(2000);
      }
      expect(statSync(pictures.page).size).toBeGreaterThan(20_000);
    });
  }, 120_000);
});
