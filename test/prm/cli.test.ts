import { createRequire } from 'node:module';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../corpus/corpus.js';
import { readPrmEpisodes } from '../../corpus/prm.js';
import { buildExamples } from '../../src/prm/dataset.js';
import { runHookmine } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';
import { writeFixtureCorpus } from './fixture/corpus.js';

const BAD_LINES = fileURLToPath(new URL('../fixtures/prm/stepwise-rows-with-bad-lines.jsonl', import.meta.url));
const TINY = ['--epochs', '2', '--d-model', '16', '--heads', '2', '--layers', '1', '--embed-dim', '128', '--max-steps', '8', '--batch-size', '8'];

function installed(pkg: string): boolean {
  try {
    createRequire(import.meta.url).resolve(pkg);
    return true;
  } catch {
    return false;
  }
}

describe('hookmine train and score on a fixture corpus', () => {
  const dir = tempDir();
  const db = join(dir, 'corpus.duckdb');
  const out = join(dir, 'run');
  let first: ReturnType<typeof runHookmine>;

  beforeAll(async () => {
    const corpus = await Corpus.open(db);
    try {
      await writeFixtureCorpus(corpus, { datasets: 12, questionsPerDataset: 3 });
    } finally {
      corpus.close();
    }
    first = runHookmine(['--db', db, '--json', 'train', '--out', out, ...TINY]);
  }, 300_000);

  it('trains, reports the backend it used and writes model, metrics, model card and report', () => {
    expect(first.code, first.stderr).toBe(0);
    const summary = JSON.parse(first.stdout);
    expect(summary.status).toBe('ok');
    expect(['gpu', 'node', 'wasm', 'cpu']).toContain(summary.backend);
    expect(summary.episodes.train).toBeGreaterThan(0);
    for (const file of ['model/config.json', 'model/weights.bin', 'outcome-model/config.json', 'metrics.json', 'history.json', 'README.md', 'report.html']) {
      expect(existsSync(join(out, file)), file).toBe(true);
    }
    const config = JSON.parse(readFileSync(join(out, 'model/config.json'), 'utf8'));
    expect(config.backend).toBe(summary.backend);
  });

  it('trains an ensemble of three networks by default, each from its own seed, for the PRM and for the outcome-only model', () => {
    for (const dir of ['model', 'outcome-model']) {
      const config = JSON.parse(readFileSync(join(out, dir, 'config.json'), 'utf8'));
      expect(config.members.map((m: { weights: string; seed: number }) => [m.weights, m.seed])).toEqual([
        ['weights', 1],
        ['weights-2', 1001],
        ['weights-3', 2001],
      ]);
      for (const m of config.members) expect(existsSync(join(out, dir, `${m.weights}.bin`))).toBe(true);
    }
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(metrics.training.ensemble.map((m: { seed: number }) => m.seed)).toEqual([1, 1001, 2001]);
    expect(metrics.calibration.temperatures).toHaveLength(3);
    const history = JSON.parse(readFileSync(join(out, 'history.json'), 'utf8'));
    expect(history.prm).toHaveLength(3);
    expect(history.prm[0]).toHaveLength(2);
    // Different seeds give different networks: their learning curves differ.
    expect(history.prm[1][0].train_loss).not.toBe(history.prm[0][0].train_loss);
    expect(readFileSync(join(out, 'README.md'), 'utf8')).toMatch(/A deep ensemble of 3 networks of this shape, trained from seeds 1, 1001, 2001/);
  });

  it('metrics.json has the PRM under prm and every baseline under baselines.<name>, with the same metric names', () => {
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    expect(Object.keys(metrics.baselines).sort()).toEqual(['length', 'majority_vote', 'outcome_only', 'random', 'shortcut_probe']);
    const names = Object.keys(metrics.prm).sort();
    expect(names).toEqual(expect.arrayContaining(['processbench_f1', 'step_auroc', 'ece', 'best_of_n']));
    for (const b of Object.values(metrics.baselines)) expect(Object.keys(b as object).sort()).toEqual(names);
    expect(Object.keys(metrics.prm.best_of_n)).toEqual(['product', 'min', 'mean', 'last']);
    expect(metrics.comparison.processbench_f1).toHaveProperty('beats_every_baseline');
    expect(['gpu', 'node', 'wasm', 'cpu']).toContain(metrics.training.backend);
    // the backend the metrics were measured on is the one the run reported
    expect(metrics.training.backend).toBe(JSON.parse(first.stdout).backend);
  });

  it('reports the real-notebook split (Kaggle episodes, held out by competition) and the shortcut audit', () => {
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    // the fixture's Kaggle episodes are never trained on; the headline stays on the template splits
    expect(metrics.evaluated_on).toEqual(['test', 'heldout']);
    expect(metrics.data.episodes.real).toBeGreaterThan(0);
    expect(metrics.data.real.competitions).toBeGreaterThan(1);
    expect(metrics.by_split.real.prm.trajectories).toBe(metrics.data.real.episodes);
    expect(metrics.by_split.real.prm.groups).toBeGreaterThan(0);
    expect(Object.keys(metrics.by_split).sort()).toEqual(['heldout', 'real', 'test']);
    expect(metrics.audit.version).toBe('shortcut-probe-v2');
    expect(metrics.audit.evaluated).toEqual(expect.arrayContaining(['test', 'heldout', 'real']));
    expect(metrics.audit.by_split.test.auroc).toBeGreaterThanOrEqual(0);
    expect(Object.keys(metrics.audit.by_operator).length).toBeGreaterThan(1);
    const card = readFileSync(join(out, 'README.md'), 'utf8');
    expect(card).toContain('## Real notebooks (`real` split)');
    expect(card).toContain('## Shortcut audit');
    expect(card).toMatch(/What it reads, per step/);
  });

  it('hookmine audit prints the probe per split, family and operator, and --fail-over sets the exit code', () => {
    const r = runHookmine(['--db', db, '--json', 'audit']);
    expect(r.code, r.stderr).toBe(0);
    const audit = JSON.parse(r.stdout);
    const metrics = JSON.parse(readFileSync(join(out, 'metrics.json'), 'utf8'));
    // the same splits and seed as train: the same numbers
    expect(audit.by_split).toEqual(metrics.audit.by_split);
    const text = runHookmine(['--db', db, 'audit', '--fail-over', '0']);
    expect(text.code).toBe(1);
    expect(text.stdout).toMatch(/\| split test \| /);
    expect(text.stdout).toMatch(/\| operator \w+ \| /);
    expect(runHookmine(['--db', db, 'audit', '--fail-over', '2']).code).toBe(2);
    expect(runHookmine(['audit', '--help']).stdout).toMatch(/Examples:/);
  });

  it('the model card and the report show the evaluation; the report draws learning curves and calibration', () => {
    const card = readFileSync(join(out, 'README.md'), 'utf8');
    expect(card).toMatch(/^---\n/);
    expect(card).toMatch(/\| PRM \(this model\) \|/);
    expect(card).toMatch(/\| majority vote \|/);
    const html = readFileSync(join(out, 'report.html'), 'utf8');
    expect(html.match(/<svg/g)?.length).toBe(3);
    expect(html).toContain('Loss per epoch');
    expect(html).toContain('Calibration on the evaluation steps');
  });

  it('records the run in train_runs and pipeline_runs', async () => {
    const corpus = await Corpus.open(db, { readOnly: true });
    try {
      const rows = await corpus.query<{ status: string; run_id: string; prm_f1: number | null }>(
        `SELECT t.status, t.run_id, (t.metrics->'prm'->>'processbench_f1')::DOUBLE AS prm_f1 FROM train_runs t JOIN pipeline_runs p USING (run_id) WHERE p.command = 'train'`,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0]?.status).toBe('ok');
    } finally {
      corpus.close();
    }
  });

  it('running again with more epochs resumes from the checkpoint', () => {
    const again = runHookmine(['--db', db, '--json', 'train', '--out', out, ...TINY.slice(2), '--epochs', '3']);
    expect(again.code, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).resumed_from_epoch).toEqual({ prm: 2, outcome_only: 2 });
  });

  it('a changed setting with the same --out is refused unless --fresh', () => {
    const refused = runHookmine(['--db', db, 'train', '--out', out, ...TINY, '--d-model', '32', '--heads', '2']);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/checkpoint of a run with other data or settings; pass --fresh/);
  });

  it('scores exported-style rows: per-step scores, aggregates and metrics on the file', async () => {
    const corpus = await Corpus.open(db, { readOnly: true });
    let rows: string[];
    try {
      const { episodes, steps } = await readPrmEpisodes(corpus);
      const { examples } = buildExamples(episodes, steps, { split: { seed: 1 } });
      rows = examples
        .filter((e) => e.split === 'test')
        .map((e) => JSON.stringify({ prompt: e.prompt, completions: e.steps.map((s) => s.text), labels: e.steps.map((s) => s.label), episode_id: e.id, extra: 1 }));
    } finally {
      corpus.close();
    }
    const file = join(dir, 'test.jsonl');
    writeFileSync(file, `${rows.join('\n')}\n`);
    const r = runHookmine(['score', '--model', join(out, 'model'), file]);
    expect(r.code, r.stderr).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines).toHaveLength(rows.length + 1);
    expect(lines[0]).toMatch(/^fx-\S+\tproduct \d\.\d{3}\tmin \d\.\d{3}\tmean \d\.\d{3}\tsteps( \[?\d\.\d{3}\]?)+$/);
    expect(lines.at(-1)).toMatch(new RegExp(`score: ${rows.length} of ${rows.length} rows scored .*ProcessBench F1 \\d\\.\\d{3}, step AUROC \\d\\.\\d{3}`));
    const json = JSON.parse(runHookmine(['score', '--json', '--model', join(out, 'model'), file]).stdout);
    expect(json.results[0].step_scores.length).toBe(JSON.parse(rows[0]!).completions.length);
    expect(json.results[0].aggregate.min).toBe(Math.min(...json.results[0].step_scores));
  });

  it('names each bad line of the input with its reason, scores the rest and exits 1', () => {
    const r = runHookmine(['score', '--model', join(out, 'model'), '--out', join(dir, 'scored.jsonl'), BAD_LINES]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/stepwise-rows-with-bad-lines\.jsonl:3: invalid_json/);
    expect(r.stderr).toMatch(/:5: bad_labels: "labels" must be a list of 1 booleans/);
    expect(r.stdout).toMatch(/score: 2 of 7 rows scored/);
    const scored = readFileSync(join(dir, 'scored.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(scored.map((s) => s.id)).toEqual(['gold-1', 'mutant-1']);
  });

  it('a folder that is not a model is unusable input (2)', () => {
    const r = runHookmine(['score', '--model', dir, BAD_LINES]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/is not a hookmine model/);
  });
});

describe('hookmine train input checks', () => {
  it('a corpus without episodes is unusable input (2)', () => {
    const r = runHookmine(['--db', join(tempDir(), 'empty.duckdb'), 'train', '--out', join(tempDir(), 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/has no episodes/);
  });

  it('a bad hyperparameter is a usage error naming the flag', () => {
    const r = runHookmine(['--db', join(tempDir(), 'c.duckdb'), 'train', '--out', 'x', '--epochs', '0']);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/invalid --epochs "0": Too small: expected number to be >=1/);
  });

  it('--help documents the command with examples', () => {
    const r = runHookmine(['train', '--help']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/--backend <name>.*HOOKMINE_TF_BACKEND/s);
    expect(r.stdout).toMatch(/--label-smoothing <n>/);
    expect(r.stdout).toMatch(/Examples:\n {2}hookmine train --out/);
    expect(runHookmine(['score', '--help']).stdout).toMatch(/Examples:\n {2}hookmine score --model/);
  });
});

describe.skipIf(installed('@tensorflow/tfjs-node'))('without @tensorflow/tfjs-node installed (its install needs libtensorflow from the internet)', () => {
  it('--backend node is a usage error that says why', () => {
    const r = runHookmine(['--db', join(tempDir(), 'c.duckdb'), 'train', '--backend', 'node', '--out', join(tempDir(), 'o')]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/backend node is not available: package not installed/);
  });
});
