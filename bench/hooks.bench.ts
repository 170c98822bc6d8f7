// Hook capture overhead on the shared Kaggle notebooks that reproduce here: the time the hook
// runtime spends capturing (its own measurement of each capture) as a share of the hooked run's
// time, and the hooked run's wall time against the reference run's (noisier: a whole extra run).
import { chmodSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Corpus } from '../corpus/corpus.js';
import { executeNotebooks } from '../src/execute/execute.js';
import { extractHooks } from '../src/hooks/extract.js';
import { verifyProposals } from '../src/hooks/verify.js';
import { ingestPaths } from '../src/ingest/ingest.js';
import { openSandbox } from '../src/sandbox/index.js';
import type { Benchmark } from './bench.js';

const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));
const NOTEBOOKS = [
  'titanic/priyamchoksi--titanic-tutorial.ipynb',
  'titanic/jedwards5--titanic-work.ipynb',
  'titanic/carlmcbrideellis--random-forest-classifier-minimalist-script.ipynb',
  'house-prices-advanced-regression-techniques/jorgenavarro--house-prices-random-forest.ipynb',
  'house-prices-advanced-regression-techniques/mikedelong--linear-regression-no-nans.ipynb',
  'house-prices-advanced-regression-techniques/muhamadelshazly--house-prices-eda.ipynb',
];

export const benchmarks: Benchmark[] = [
  {
    name: 'hooks',
    description: 'hook capture overhead on the shared notebooks that run here (execute, extract, verify)',
    async run() {
      const shared = process.env.HOOKMINE_SHARED ?? SHARED;
      if (!existsSync(join(shared, 'kaggle-notebooks'))) throw new Error(`the shared notebooks are not at ${shared} (set HOOKMINE_SHARED)`);
      const dir = mkdtempSync(join(tmpdir(), 'hookmine-bench-hooks-'));
      chmodSync(dir, 0o755);
      const corpus = await Corpus.open(join(dir, 'c.duckdb'));
      try {
        await ingestPaths(corpus, NOTEBOOKS.map((n) => join(shared, 'kaggle-notebooks', n)), { maxBytes: 64 << 20 });
        const sandbox = await openSandbox({ kind: 'local', python: '/usr/bin/python3', image: '' });
        const tolerance = { rtol: 1e-5, atol: 1e-8 };
        const dataRoot = join(shared, 'kaggle-data');
        await executeNotebooks(corpus, { sandbox, dataRoot, limits: { wallMs: 600_000 }, tolerance, jobs: 1 });
        await extractHooks(corpus, { proposer: 'static', includeRan: true });
        const verified = await verifyProposals(corpus, { dataRoot, tolerance, jobs: 1 });
        const [row] = await corpus.query<{ capture_ms: number; run_ms: number; captures: number }>(`
          SELECT sum(c.elapsed_us) / 1000.0 AS capture_ms, (SELECT sum(wall_ms) FROM executions WHERE purpose = 'hooked') AS run_ms, count(*)::INT AS captures
          FROM hook_captures c JOIN executions e USING (execution_id) WHERE e.purpose = 'hooked'`);
        const [walls] = await corpus.query<{ hooked: number; reference: number }>(`
          SELECT sum(wall_ms) FILTER (WHERE purpose = 'hooked') AS hooked, sum(wall_ms) FILTER (WHERE purpose = 'reference') AS reference FROM executions`);
        const share = row && row.run_ms > 0 ? (100 * row.capture_ms) / row.run_ms : NaN;
        return [
          { name: 'notebooks verified', value: verified.byStatus.verified, unit: `of ${NOTEBOOKS.length}` },
          { name: 'hooks captured', value: row?.captures ?? 0, unit: 'captures' },
          { name: 'capture time as a share of the hooked runs', value: Number(share.toFixed(2)), unit: '%', target: { op: '<=', value: 5 } },
          { name: 'hooked runs wall time / reference runs wall time', value: Number(((walls?.hooked ?? 0) / (walls?.reference ?? 1)).toFixed(3)), unit: 'x', note: 'whole runs, so machine load shows here too' },
        ];
      } finally {
        corpus.close();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
