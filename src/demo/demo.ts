// `hookmine demo`: the whole pipeline on the project's own sample competition (samples/demo),
// offline. A local Kaggle-compatible server serves the sample the way Kaggle serves a
// competition, so the demo crawls, executes, repairs, extracts, verifies, synthesises, labels,
// exports and trains with the same code a real run uses; only the sizes are small.
import { randomBytes } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { loadConfig, type Config } from '../config.js';
import { loadFolder, startKaggleServer } from '../kaggle-server/index.js';
import type { Logger } from '../log.js';
import { packagePath } from '../paths.js';
import { runPipeline, STAGES, type StageResult } from '../pipeline/stages.js';
import type { Progress } from '../progress.js';

export interface DemoOptions {
  outDir: string;
  logger: Logger;
  progress: (title: string, total?: number) => Progress;
  /** the report's PNG pictures (they need Chromium) */
  png?: boolean;
  signal?: AbortSignal;
  /** where the structured log goes (the logger's file; default <out>/hookmine.log) */
  logFile?: string;
}

export interface DemoResult {
  outDir: string;
  db: string;
  dataRoot: string;
  stages: StageResult[];
  report?: { html: string; pictures?: string; picturesError?: string };
  paths: Record<string, string>;
  queries: string[];
}

export const SAMPLE_COMPETITION = 'lemonade-stand';

export function sampleDir(...parts: string[]): string {
  return packagePath('samples', 'demo', ...parts);
}

/** The settings of this machine that the demo takes from the environment; everything else is fixed. */
const MACHINE_SETTINGS = ['HOOKMINE_PYTHON', 'HOOKMINE_SANDBOX', 'HOOKMINE_DOCKER_IMAGE', 'HOOKMINE_JOBS', 'HOOKMINE_SYNTH_JOBS', 'HOOKMINE_TIMEOUT', 'HOOKMINE_MEMORY_MB', 'HOOKMINE_SYNTH_TIMEOUT', 'HOOKMINE_TF_BACKEND'];

/**
 * The demo's settings: the defaults and fixed paths, plus this machine's settings (interpreter,
 * sandbox, jobs, limits, TF backend). No credentials, LLM, embedding endpoint or crawl filters from
 * the environment: the demo is the same offline run everywhere.
 */
export function demoConfig(outDir: string, kaggleApi: string, env: NodeJS.ProcessEnv = process.env, logFile = join(outDir, 'hookmine.log')): Config {
  const machine = Object.fromEntries(MACHINE_SETTINGS.filter((k) => env[k] !== undefined).map((k) => [k, env[k]]));
  return loadConfig({
    db: join(outDir, 'hookmine.duckdb'),
    dataRoot: join(outDir, 'data'),
    kernelOutputRoot: join(outDir, 'kernel-output'),
    kaggleApi,
    crawlDelayMs: 0,
    crawlBackoffMs: 50,
    logFile,
  }, machine);
}

export async function runDemo(options: DemoOptions): Promise<DemoResult> {
  const outDir = resolve(options.outDir);
  mkdirSync(outDir, { recursive: true });
  // A token made up for this run: the sample server accepts only it, and it never leaves this process.
  const token = randomBytes(16).toString('hex');
  const server = await startKaggleServer({ data: loadFolder(sampleDir()), tokens: [token] });
  const config = demoConfig(outDir, server.url, process.env, options.logFile);
  let stages: StageResult[];
  try {
    stages = await runPipeline(STAGES, {
      config,
      out: outDir,
      competitions: [SAMPLE_COMPETITION],
      env: { KAGGLE_API_TOKEN: token, KAGGLE_CONFIG_DIR: join(outDir, 'no-kaggle-config') },
      // one competition: split by gold episode so the PRM has validation and test episodes (the card says so)
      tune: { synthPerCsv: 10, mutants: 2, epochs: 8, offline: true, includeRan: true, splitBy: 'episode' },
      logger: options.logger,
      progress: options.progress,
      signal: options.signal,
    });
  } finally {
    await server.close();
  }
  const result: DemoResult = {
    outDir,
    db: config.db,
    dataRoot: config.dataRoot,
    stages,
    paths: {
      corpus: config.db,
      data: config.dataRoot,
      'kaggle outputs': config.kernelOutputRoot,
      dataset: join(outDir, 'dataset'),
      'dataset card': join(outDir, 'dataset', 'README.md'),
      prm: join(outDir, 'prm'),
      log: config.logFile ?? '',
    },
    queries: [
      'select * from v_funnel',
      "select n.title, x.outcome, x.reason, x.reason_detail from notebooks n join executions x using (notebook_id) where x.purpose = 'reference' order by n.title",
      "select step_index, name, label, left(code_line, 50) as code from steps where episode_id = (select min(episode_id) from episodes where source = 'kaggle' and kind = 'gold') order by step_index",
      'select source, kind, count(distinct e.episode_id) as episodes, count(*) as steps, count(*) filter (where not label) as wrong_steps from episodes e join steps s using (episode_id) group by all order by all',
    ],
  };
  if (!options.signal?.aborted) {
    const { Corpus } = await import('../../corpus/corpus.js');
    const { writeReport } = await import('../report/report.js');
    const corpus = await Corpus.open(config.db, { readOnly: true });
    try {
      const report = await writeReport(corpus, join(outDir, 'report.html'), { png: options.png ?? true });
      result.report = { html: report.html, pictures: report.pictures?.page, picturesError: report.picturesError };
      result.paths.report = report.html;
    } finally {
      corpus.close();
    }
  }
  return result;
}
