// A small notebook over a small competition, written for the tests: ingested, executed in the real
// sandbox, with hooks extracted and verified, so later stages (labels, export) have a Kaggle episode.
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Corpus } from '../../corpus/corpus.js';
import { executeNotebooks } from '../../src/execute/execute.js';
import { extractHooks } from '../../src/hooks/extract.js';
import { verifyProposals } from '../../src/hooks/verify.js';
import { ingestPaths } from '../../src/ingest/ingest.js';
import { openSandbox } from '../../src/sandbox/index.js';
import { tempDir } from './tmp.js';

export const TOL = { rtol: 1e-5, atol: 1e-8 };

export function notebookJson(cells: string[]): string {
  return JSON.stringify({
    cells: cells.map((source) => ({ cell_type: 'code', execution_count: null, metadata: {}, outputs: [], source })),
    metadata: { kernelspec: { name: 'python3', language: 'python' }, language_info: { name: 'python' } },
    nbformat: 4,
    nbformat_minor: 4,
  });
}

export const SHOP_CELLS = [
  "import pandas as pd\nsales = pd.read_csv('/kaggle/input/shop/sales.csv')\nfeatures = ['temp', 'rain', 'price']",
  "sales['temp'] = sales['temp'].fillna(sales['temp'].median())\nhot = sales[sales['temp'] > 24]\nmean_hot = hot['sales'].mean()",
  "from sklearn.linear_model import LinearRegression\nmodel = LinearRegression().fit(sales[features], sales['sales'])\npreds = model.predict(sales[features])",
  "pd.DataFrame({'id': sales['id'], 'sales': preds.round(2), 'hot_mean': mean_hot}).to_csv('submission.csv', index=False)",
];

export const SHOP_CSV = 'id,temp,rain,price,sales\n1,20,0,0.5,50\n2,26,1,0.3,70\n3,30,0,0.5,80\n4,,0,0.25,55\n5,28,1,0.3,75\n6,18,1,0.5,35\n7,25,0,0.25,72\n';

/** A temp root readable by the sandbox's unprivileged uid, with data/<slug>/ and nb/<slug>/. */
export function shopRoot(cells = SHOP_CELLS): string {
  const root = tempDir();
  chmodSync(root, 0o755);
  mkdirSync(join(root, 'data', 'shop'), { recursive: true });
  writeFileSync(join(root, 'data', 'shop', 'sales.csv'), SHOP_CSV);
  mkdirSync(join(root, 'nb', 'shop'), { recursive: true });
  writeFileSync(join(root, 'nb', 'shop', 'shop-model.ipynb'), notebookJson(cells));
  return root;
}

/** Ingest, execute, extract (static) and verify the root's notebooks. */
export async function kaggleEpisodeFixture(corpus: Corpus, root: string): Promise<void> {
  const sandbox = await openSandbox({ kind: 'local', python: '/usr/bin/python3', image: '' });
  await ingestPaths(corpus, [join(root, 'nb')], { maxBytes: 1 << 20 });
  await executeNotebooks(corpus, { sandbox, dataRoot: join(root, 'data'), limits: { wallMs: 120_000 }, tolerance: TOL, jobs: 1 });
  await extractHooks(corpus, { proposer: 'static', includeRan: true });
  await verifyProposals(corpus, { dataRoot: join(root, 'data'), tolerance: TOL, jobs: 1 });
}
