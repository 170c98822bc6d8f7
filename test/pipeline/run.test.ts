// `hookmine run`: stage selection, and a run stopped between stages that goes on where it stopped.
import { chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Corpus } from '../../corpus/corpus.js';
import { parseStages } from '../../src/cli/commands/run.js';
import { demoConfig, sampleDir } from '../../src/demo/demo.js';
import { loadFolder, startKaggleServer } from '../../src/kaggle-server/index.js';
import { createLogger } from '../../src/log.js';
import { runPipeline, type Stage } from '../../src/pipeline/stages.js';
import { createProgress } from '../../src/progress.js';
import { runHookmine } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

describe('parseStages', () => {
  it('defaults to every stage and drops the skipped ones', () => {
    expect(parseStages(undefined, undefined)).toEqual(['crawl', 'execute', 'repair', 'extract', 'verify', 'synth', 'label', 'export', 'train']);
    expect(parseStages('export, train', undefined)).toEqual(['export', 'train']);
    expect(parseStages(undefined, 'crawl,train')).toEqual(['execute', 'repair', 'extract', 'verify', 'synth', 'label', 'export']);
  });

  it('names an unknown stage', () => {
    expect(() => parseStages('execute,ingest', undefined)).toThrow('unknown stage "ingest"');
    expect(() => parseStages('train', 'train')).toThrow('no stage left');
  });
});

describe('hookmine run (CLI)', () => {
  it('exits 2 with the reason for an unknown stage, and has --help', () => {
    const bad = runHookmine(['run', '--stages', 'crawl,bake']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('unknown stage "bake"');
    const help = runHookmine(['run', '--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('goes on where it stopped');
  });

  it('exits 2 and says so when the crawl has no credentials', () => {
    const root = tempDir();
    const r = runHookmine(['--db', join(root, 'c.duckdb'), 'run', '--stages', 'crawl', '--kaggle-api', 'http://127.0.0.1:9'], {
      env: { KAGGLE_API_TOKEN: '', KAGGLE_USERNAME: '', KAGGLE_KEY: '', KAGGLE_CONFIG_DIR: join(root, 'none') },
    });
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('no Kaggle credentials');
  });
});

describe('runPipeline', () => {
  it('stops between stages when interrupted, and the same run started again finishes without redoing work', async () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    const server = await startKaggleServer({ data: loadFolder(sampleDir()), tokens: ['t0ken'] });
    const config = demoConfig(join(root, 'out'), server.url);
    const stages: Stage[] = ['crawl', 'execute', 'repair', 'extract', 'verify'];
    const stop = new AbortController();
    const base = {
      config,
      out: join(root, 'out'),
      competitions: ['lemonade-stand'],
      env: { KAGGLE_API_TOKEN: 't0ken' },
      tune: { offline: true },
      logger: createLogger({ consoleLevel: 'error' }),
    };
    try {
      // Ctrl-C arrives while execute runs: execute finishes its notebooks, nothing after it starts.
      const firstRun = await runPipeline(stages, {
        ...base,
        signal: stop.signal,
        progress: (title, total) => {
          if (title === 'execute') stop.abort();
          return createProgress({ title, total, enabled: false });
        },
      });
      expect(firstRun.map((r) => r.stage)).toEqual(['crawl', 'execute']);
      const again = await runPipeline(stages, { ...base, progress: (title, total) => createProgress({ title, total, enabled: false }) });
      expect(again.map((r) => r.stage)).toEqual(stages);
      const summary = (stage: string) => again.find((r) => r.stage === stage)!.summary as { notebooks: number }[];
      expect(summary('execute')[0]!.notebooks).toBe(0); // nothing run twice
      expect(summary('repair')[0]!.notebooks).toBeGreaterThan(0);
      const corpus = await Corpus.open(config.db, { readOnly: true });
      try {
        const [row] = await corpus.query<{ refs: bigint; episodes: bigint }>(
          "select (select count(*) from executions where purpose = 'reference') as refs, (select count(*) from episodes where source = 'kaggle') as episodes",
        );
        expect(Number(row!.refs)).toBe(6);
        expect(Number(row!.episodes)).toBeGreaterThanOrEqual(4);
      } finally {
        corpus.close();
      }
    } finally {
      await server.close();
    }
  }, 300_000);
});
