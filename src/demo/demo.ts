// `hookmine demo`: the pipeline on the project's own sample competition (samples/demo), offline.
// Each stage that exists runs here in order; the result is a corpus to query and a list of files.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { Corpus } from '../../corpus/corpus.js';
import { finishRun, startRun } from '../../corpus/runs.js';
import { ingestPaths } from '../ingest/ingest.js';
import type { Logger } from '../log.js';
import { packagePath, packageVersion } from '../paths.js';
import type { Progress } from '../progress.js';

export interface DemoOptions {
  outDir: string;
  logger: Logger;
  progress: (title: string, total?: number) => Progress;
}

export interface DemoResult {
  outDir: string;
  db: string;
  dataRoot: string;
  stages: { stage: string; summary: unknown }[];
  queries: string[];
}

export const SAMPLE_COMPETITION = 'lemonade-stand';

export function sampleDir(...parts: string[]): string {
  return packagePath('samples', 'demo', ...parts);
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  const db = join(outDir, 'hookmine.duckdb');
  const corpus = await Corpus.open(db);
  const stages: DemoResult['stages'] = [];
  try {
    const runId = await startRun(corpus, 'demo', { outDir }, packageVersion());
    const ingest = await ingestPaths(corpus, [sampleDir('notebooks')], {
      maxBytes: 64 * 1024 * 1024,
      runId,
      logger: options.logger,
      progress: options.progress('ingest'),
    });
    stages.push({ stage: 'ingest', summary: { ingested: ingest.ingested, unchanged: ingest.unchanged, failed: ingest.failed } });
    await finishRun(corpus, runId, 'ok', { stages });
  } finally {
    corpus.close();
  }
  return {
    outDir,
    db,
    dataRoot: sampleDir('data'),
    stages,
    queries: [
      'select * from v_funnel',
      'select notebook_id, title, kind, code_cell_count, has_outputs from notebooks',
      "select cell_index, cell_type, left(source, 60) as source from cells where notebook_id = (select min(notebook_id) from notebooks) order by 1",
    ],
  };
}
