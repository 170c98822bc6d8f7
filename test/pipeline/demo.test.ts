// `hookmine demo` as the README runs it: the whole pipeline on samples/demo through a local
// Kaggle-compatible server, then again (every stage finds its work done).
import { chmodSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../corpus/corpus.js';
import { runHookmineAsync, type CliResult } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

let out: string;
let first: CliResult;
let summary: { stages: { stage: string; status: string; summary: unknown }[]; paths: Record<string, string>; queries: string[]; report?: { html: string } };

async function query<T>(sql: string): Promise<T[]> {
  const corpus = await Corpus.open(join(out, 'hookmine.duckdb'), { readOnly: true });
  try {
    return await corpus.query<T & Record<string, unknown>>(sql);
  } finally {
    corpus.close();
  }
}

beforeAll(async () => {
  const root = tempDir();
  chmodSync(root, 0o755);
  out = join(root, 'demo');
  // no credentials and no LLM from the developer's environment may leak into the demo
  first = await runHookmineAsync(['--json', 'demo', '--out', out, '--no-png'], { env: { KAGGLE_API_TOKEN: '', OPENAI_API_KEY: 'sk-never-used', OPENAI_BASE_URL: 'http://127.0.0.1:9/v1' } });
  summary = JSON.parse(first.stdout) as typeof summary;
}, 600_000);

describe('hookmine demo', () => {
  it('runs every stage on the sample competition and exits 0', () => {
    expect(first.code, first.stderr).toBe(0);
    expect(summary.stages.map((s) => s.stage)).toEqual(['crawl', 'execute', 'repair', 'extract', 'verify', 'synth', 'label', 'export', 'train']);
    expect(summary.stages.filter((s) => s.status === 'failed')).toEqual([]);
  });

  it('crawls the medal-tier notebooks only, with their recorded outputs', async () => {
    const notebooks = await query<{ kaggle_ref: string; medal: string }>("select kaggle_ref, medal from notebooks order by 1");
    expect(notebooks.map((n) => n.kaggle_ref)).toEqual([
      'alice/lemonade-baseline',
      'bob/lemonade-random-forest',
      'carol/lemonade-python2',
      'dave/lemonade-lightgbm',
      'erin/lemonade-eda',
      'frank/lemonade-local-paths',
    ]); // gus has 2 votes: below bronze
    expect(notebooks.find((n) => n.kaggle_ref === 'alice/lemonade-baseline')?.medal).toBe('gold');
    expect(existsSync(join(out, 'data', 'lemonade-stand', 'train.csv'))).toBe(true);
  });

  it('reproduces the notebooks that can run, repairs the Python 2 one and says why lightgbm fails', async () => {
    const rows = await query<{ ref: string; outcome: string; reason: string | null }>(
      `select n.kaggle_ref as ref, x.outcome, x.reason from notebooks n join executions x using (notebook_id)
       where x.purpose = 'reference' order by 1`,
    );
    const outcome = Object.fromEntries(rows.map((r) => [r.ref, `${r.outcome}${r.reason ? `:${r.reason}` : ''}`]));
    expect(outcome).toMatchObject({
      'alice/lemonade-baseline': 'reproduced',
      'bob/lemonade-random-forest': 'reproduced',
      'carol/lemonade-python2': 'failed:python2_syntax',
      'dave/lemonade-lightgbm': 'failed:missing_module',
      'erin/lemonade-eda': 'reproduced',
    });
    const repaired = await query<{ ref: string }>(
      `select distinct n.kaggle_ref as ref from notebooks n join executions x using (notebook_id) where x.purpose = 'repair' and x.outcome = 'reproduced'`,
    );
    expect(repaired.map((r) => r.ref)).toEqual(['carol/lemonade-python2']);
  });

  it('stores Kaggle and synthetic episodes with execution-labelled steps, exports them and trains a PRM', async () => {
    const counts = await query<{ source: string; kind: string; n: bigint; wrong: bigint }>(
      `select source, kind, count(distinct episode_id) as n, count(*) filter (where not label) as wrong
       from episodes join steps using (episode_id) group by all order by all`,
    );
    const by = Object.fromEntries(counts.map((c) => [`${c.source}/${c.kind}`, c]));
    expect(Number(by['kaggle/gold']?.n)).toBeGreaterThanOrEqual(4);
    expect(Number(by['synthetic/gold']?.n)).toBeGreaterThanOrEqual(10);
    expect(Number(by['kaggle/gold']?.wrong)).toBe(0);
    expect(Number(by['kaggle/mutant']?.wrong)).toBeGreaterThan(0);
    expect(Number(by['synthetic/mutant']?.wrong)).toBeGreaterThan(0);
    const prm = readFileSync(join(out, 'dataset', 'prm', 'train', 'train-0.jsonl'), 'utf8').trim().split('\n');
    const row = JSON.parse(prm[0]!) as { prompt: string; completions: string[]; labels: boolean[] };
    expect(row.completions.length).toBe(row.labels.length);
    expect(readFileSync(join(out, 'dataset', 'README.md'), 'utf8')).toContain('not leak-free by data');
    const metrics = JSON.parse(readFileSync(join(out, 'prm', 'metrics.json'), 'utf8')) as { data: { episodes: Record<string, number> }; prm: { steps: number } };
    expect(metrics.data.episodes.test).toBeGreaterThan(0);
    expect(metrics.prm.steps).toBeGreaterThan(0);
    expect(existsSync(summary.report!.html)).toBe(true);
  });

  it('stays offline: the static proposer, whatever LLM the environment names', () => {
    const extract = summary.stages.find((s) => s.stage === 'extract') as { status: string; headline?: string };
    expect(extract.status).toBe('ok');
    expect(extract.headline).toContain('(static)');
  });

  it('prints where the results are and queries that run, and logs to a file', async () => {
    for (const key of ['corpus', 'dataset', 'prm', 'report', 'log']) expect(existsSync(summary.paths[key]!), key).toBe(true);
    const log = readFileSync(summary.paths.log!, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as { msg: string; stage?: string });
    expect(log.filter((l) => l.msg.startsWith('stage ')).map((l) => l.stage)).toEqual(summary.stages.map((s) => s.stage));
    for (const q of summary.queries) expect((await query(q)).length, q).toBeGreaterThan(0);
  });

  it('finds every stage done when run again: no new notebooks, runs or episodes', async () => {
    const before = await query<{ x: bigint; e: bigint }>('select (select count(*) from executions) as x, (select count(*) from episodes) as e');
    const again = await runHookmineAsync(['--json', 'demo', '--out', out, '--no-png'], { env: { KAGGLE_API_TOKEN: '' } });
    expect(again.code, again.stderr).toBe(0);
    const stages = (JSON.parse(again.stdout) as typeof summary).stages;
    const crawl = stages.find((s) => s.stage === 'crawl')!.summary as { notebooks: { new: number; unchanged: number } };
    expect(crawl.notebooks).toMatchObject({ new: 0, unchanged: 6 });
    const after = await query<{ x: bigint; e: bigint }>('select (select count(*) from executions) as x, (select count(*) from episodes) as e');
    expect(after).toEqual(before);
    expect(readdirSync(join(out, 'dataset', 'prm')).length).toBeGreaterThan(0);
  }, 300_000);
});
