// The synth stage end to end in the real sandbox (warm pool) with a real corpus: fixture tables
// under a data root, a CSV elsewhere, sklearn's iris, an unreadable file. Every stored answer was
// confirmed by a second run, no question contains its answer, the steps re-render the program
// that ran, and a re-run adds nothing.
import { chmodSync, copyFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../corpus/corpus.js';
import { insertEpisodes } from '../../corpus/episodes.js';
import { renderHooked, renderPlain, stepsFromRows } from '../../templates/render.js';
import { FAMILIES } from '../../templates/registry.js';
import { runSynth, type SynthSummary } from '../../src/synth/stage.js';
import { NO_SANDBOX, PYTHON } from '../execute/sandbox-helper.js';
import { progressWatchdog, scaledBudget } from '../helpers/budget.js';
import { tempDir } from '../helpers/tmp.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/synth', import.meta.url));
const DATA_ROOT = join(FIXTURES, 'data');

interface EpisodeOut {
  episode_id: string;
  dataset: string;
  template_family: string;
  template_variant: string;
  template_seed: number;
  question: string;
  hint: string;
  answer: string;
  tolerance: string;
  difficulty: string;
  is_distractor: boolean;
  heldout: boolean;
  code: string;
  execution_id: string;
}

/** Independent of src/synth/leak.ts: the ways a person would print the answer, as whole tokens. */
function printedForms(v: unknown): string[] {
  if (typeof v === 'number') {
    if (Number.isInteger(v)) return [String(v)];
    return [String(v), ...[2, 3, 4].map((d) => v.toFixed(d)), ...[3, 4, 5, 6].map((p) => String(Number(v.toPrecision(p))))];
  }
  if (typeof v === 'string') return [v];
  if (Array.isArray(v)) return v.flatMap(printedForms);
  return [];
}

function containsToken(text: string, token: string): boolean {
  const lower = text.toLowerCase();
  const t = token.toLowerCase();
  for (let i = lower.indexOf(t); i >= 0; i = lower.indexOf(t, i + 1)) {
    const before = lower[i - 1] ?? ' ';
    const after = lower.slice(i + t.length, i + t.length + 2);
    if (!/[a-z0-9_.]/.test(before) && !/^[a-z0-9_]/.test(after) && !/^\.\d/.test(after)) return true;
  }
  return false;
}

describe.skipIf(NO_SANDBOX)(`hookmine synth stage${NO_SANDBOX ? ` (skipped: ${NO_SANDBOX})` : ''}`, () => {
  let dbPath: string;
  let corpus: Corpus;
  let summary: SynthSummary;
  let episodes: EpisodeOut[];
  let elsewhere: string;

  const options = (inputs: string[], extra: Partial<Parameters<typeof runSynth>[1]> = {}) => ({
    inputs,
    dataRoot: DATA_ROOT,
    perCsv: 100,
    seed: 0,
    jobs: 2,
    timeoutMs: 60_000,
    memoryMb: 2048,
    python: PYTHON,
    runId: 'synth-test',
    ...extra,
  });

  beforeAll(async () => {
    const dir = tempDir();
    chmodSync(dir, 0o755); // the sandbox user reads the folder mounted for a CSV outside the data root
    elsewhere = join(dir, 'people.csv');
    copyFileSync(join(DATA_ROOT, 'shop/customers.csv'), elsewhere);
    dbPath = join(dir, 'corpus.duckdb');
    corpus = await Corpus.open(dbPath);
    // Hundreds of sandboxed programs: on a busy machine this takes several times its idle ~2
    // minutes. A hang is caught by the watchdog (no program finished for 2 idle minutes); the
    // hook's own limit only backs it up.
    const watch = progressWatchdog(120_000);
    summary = await watch.guard(runSynth(corpus, options([join(DATA_ROOT, 'shop'), elsewhere, 'sklearn:iris', join(FIXTURES, 'broken/empty.csv')], { progress: watch.progress })));
    episodes = await corpus.query<EpisodeOut & Record<string, unknown>>('SELECT * FROM episodes ORDER BY episode_id');
  }, scaledBudget(600_000));

  afterAll(() => corpus?.close());

  it('stores episodes from most families, every category, with held-out variants, distractors and answer sets', () => {
    expect(summary.tables).toBe(6);
    expect(summary.stored).toBe(episodes.length);
    expect(episodes.length).toBeGreaterThan(120);
    const families = new Set(episodes.map((e) => e.template_family));
    // Every family stores episodes on these tables: none is inapplicable or always gives its answer away.
    expect(FAMILIES.filter((f) => !families.has(f.id)).map((f) => f.id)).toEqual([]);
    const categories = new Set(FAMILIES.filter((f) => families.has(f.id)).map((f) => f.category));
    expect(categories.size).toBe(new Set(FAMILIES.map((f) => f.category)).size);
    expect(episodes.filter((e) => e.heldout).length).toBeGreaterThan(10);
    expect(episodes.filter((e) => !e.heldout).length).toBeGreaterThan(2 * episodes.filter((e) => e.heldout).length);
    const distractors = episodes.filter((e) => e.is_distractor);
    expect(distractors.length).toBeGreaterThan(3);
    for (const d of distractors) expect(JSON.parse(d.answer)).toEqual({ value: null });
    expect(episodes.some((e) => 'values' in JSON.parse(e.answer))).toBe(true);
    expect(new Set(episodes.map((e) => e.difficulty))).toEqual(new Set(['easy', 'medium', 'hard']));
    expect(summary.byFamily['join-lookup']).toBeGreaterThan(0);
    expect(summary.byFamily['resample-peak']).toBeGreaterThan(0);
  });

  it('names the dataset as the split convention says', () => {
    const datasets = new Set(episodes.map((e) => e.dataset));
    expect(datasets).toEqual(new Set(['shop', 'sklearn:iris', `csv:${elsewhere}`]));
    const shop = episodes.find((e) => e.dataset === 'shop');
    expect(shop?.code).toContain('pd.read_csv("/kaggle/input/shop/');
    expect(episodes.find((e) => e.dataset === 'sklearn:iris')?.code).toContain('load_iris(as_frame=True).frame');
  });

  it('confirmed every answer by a second run, recorded as the episode execution', async () => {
    const runs = await corpus.query<{ episode_id: string; outcome: string; status: string; comparison: string; script: string }>(
      `SELECT e.episode_id, x.outcome, x.status, x.comparison, x.script FROM episodes e JOIN executions x USING (execution_id) WHERE x.purpose = 'template'`,
    );
    expect(runs).toHaveLength(episodes.length);
    for (const r of runs) {
      expect(r).toMatchObject({ outcome: 'reproduced', status: 'completed' });
      const comparison = JSON.parse(r.comparison);
      expect(comparison).toMatchObject({ confirmed: true, second_run: { ok: true, seed: 1 } });
    }
    const captures = await corpus.query<{ n: number }>(`SELECT count(*)::INT AS n FROM hook_captures c JOIN episodes e USING (execution_id)`);
    const steps = await corpus.query<{ n: number }>('SELECT count(*)::INT AS n FROM steps');
    expect(captures[0]?.n).toBe(steps[0]?.n);
  });

  it('never puts the answer in the question (nor in the hint)', () => {
    const leaks: string[] = [];
    for (const e of episodes) {
      const answer = JSON.parse(e.answer) as { value?: unknown; values?: unknown[] };
      for (const form of printedForms('values' in answer ? answer.values : answer.value)) {
        if (containsToken(e.question, form)) leaks.push(`${e.template_family}: "${form}" in "${e.question}"`);
        if (containsToken(e.hint, form)) leaks.push(`${e.template_family} hint: "${form}" in "${e.hint}"`);
      }
    }
    expect(leaks).toEqual([]);
  });

  it('stores steps that re-render the program that ran, with gold labels and a DAG ending at the answer', async () => {
    const steps = await corpus.query<{ episode_id: string; step_index: number; name: string; code: string; variable_name: string; depends_on: string[]; is_final: boolean; label: boolean; label_source: string; value: string; value_hash: string }>(
      'SELECT * FROM steps ORDER BY episode_id, step_index',
    );
    const scripts = new Map((await corpus.query<{ episode_id: string; script: string }>('SELECT e.episode_id, x.script FROM episodes e JOIN executions x USING (execution_id)')).map((r) => [r.episode_id, r.script]));
    const byEpisode = new Map<string, typeof steps>();
    for (const s of steps) byEpisode.set(s.episode_id, [...(byEpisode.get(s.episode_id) ?? []), s]);
    for (const e of episodes) {
      const own = byEpisode.get(e.episode_id) ?? [];
      expect(own.length).toBeGreaterThanOrEqual(2);
      expect(renderHooked(stepsFromRows(own))).toBe(scripts.get(e.episode_id));
      expect(renderPlain(stepsFromRows(own))).toBe(e.code);
      expect(own.filter((s) => s.is_final).map((s) => s.step_index)).toEqual([own.length - 1]);
      for (const s of own) {
        expect(s).toMatchObject({ label: true, label_source: 'gold' });
        expect(s.value_hash).toMatch(/^[0-9a-f]{64}$/);
        for (const d of s.depends_on) expect(own.slice(0, s.step_index).map((x) => x.name)).toContain(d);
      }
      // The answer is the final step's value (one-of answers: a member of it).
      const final = JSON.parse(own.at(-1)?.value as string);
      const answer = JSON.parse(e.answer) as { value?: unknown; values?: unknown[] };
      if ('values' in answer) expect(final).toEqual(answer.values);
      else if (Array.isArray(final) && !Array.isArray(answer.value)) expect(final).toEqual([answer.value]);
      else expect(final).toEqual(answer.value);
    }
    const long = episodes.filter((e) => (byEpisode.get(e.episode_id)?.length ?? 0) >= 8);
    expect(new Set(long.map((e) => e.template_family)).size).toBeGreaterThanOrEqual(3);
  });

  it('records an unreadable table as a failed run with its reason, and went on with the rest', async () => {
    expect(summary.tablesFailed).toBe(1);
    expect(summary.failures.map((f) => [f.item, f.reason])).toContainEqual([join(FIXTURES, 'broken/empty.csv'), 'unreadable_table']);
    const rows = await corpus.query<{ reason: string; reason_detail: string; environment: string }>(`SELECT reason, reason_detail, environment FROM executions WHERE purpose = 'template' AND status = 'failed'`);
    expect(rows.some((r) => r.reason === 'unreadable_table' && /No columns to parse|EmptyDataError/.test(r.reason_detail))).toBe(true);
  });

  it('adds nothing when run again, and plans the same ids from the same tables and seed', async () => {
    const again = await runSynth(corpus, options([join(DATA_ROOT, 'shop'), elsewhere, 'sklearn:iris']));
    expect(again.stored).toBe(0);
    // Programs whose answer was dropped (no usable answer, or it is in every phrasing) run again.
    expect(again.alreadyStored + Object.values(again.dropped).reduce((a, b) => a + b, 0)).toBe(again.planned);
    expect(again.planned).toBe(summary.planned);
    expect((await corpus.query<{ n: number }>('SELECT count(*)::INT AS n FROM episodes'))[0]?.n).toBe(episodes.length);
  }, scaledBudget(120_000));

  it('gives the same episodes (ids, programs, questions, answers) in a fresh corpus', async () => {
    const other = await Corpus.open(join(tempDir(), 'other.duckdb'));
    try {
      await runSynth(other, options([join(DATA_ROOT, 'shop/orders.csv')], { templates: ['groupby', 'distribution', 'models'], perCsv: 12 }));
      const fresh = await other.query<EpisodeOut & Record<string, unknown>>('SELECT * FROM episodes ORDER BY episode_id');
      expect(fresh.length).toBeGreaterThan(5);
      const mine = new Map(episodes.map((e) => [e.episode_id, e]));
      for (const e of fresh) {
        const same = mine.get(e.episode_id);
        if (!same) continue; // the other run's quota spread over fewer families: only compare shared ids
        expect([e.code, e.question, e.answer, e.template_seed]).toEqual([same.code, same.question, same.answer, same.template_seed]);
      }
      expect(fresh.filter((e) => mine.has(e.episode_id)).length).toBeGreaterThan(0);
    } finally {
      other.close();
    }
  }, scaledBudget(120_000));

  it('answers one SQL query over Kaggle and synthetic episodes side by side', async () => {
    await insertEpisodes(corpus, [
      {
        episode: { episode_id: 'kg_demo', source: 'kaggle', kind: 'gold', notebook_id: 'nb_demo', competition: 'shop', dataset: 'shop', code: 'import pandas as pd\ndf = pd.read_csv("/kaggle/input/shop/orders.csv")\ntotal = df["amount"].sum()\n', created_at: new Date() },
        steps: [
          { episode_id: 'kg_demo', step_index: 0, name: 'load:orders', code: 'import pandas as pd\ndf = pd.read_csv("/kaggle/input/shop/orders.csv")', variable_name: 'df', is_final: false, depends_on: [], label: true, label_source: 'gold' },
          { episode_id: 'kg_demo', step_index: 1, name: 'output:total', code: 'total = df["amount"].sum()', variable_name: 'total', is_final: true, depends_on: ['load:orders'], label: true, label_source: 'gold' },
        ],
      },
    ]);
    const rows = await corpus.query<{ source: string; episodes: number; steps: number; datasets: string[] }>(
      `SELECT e.source, count(DISTINCT e.episode_id)::INT AS episodes, count(*)::INT AS steps, list_sort(list_distinct(list(e.dataset))) AS datasets
       FROM episodes e JOIN steps s USING (episode_id) WHERE e.dataset = 'shop' GROUP BY e.source ORDER BY e.source`,
    );
    expect(rows.map((r) => r.source)).toEqual(['kaggle', 'synthetic']);
    expect(rows[0]).toMatchObject({ episodes: 1, steps: 2, datasets: ['shop'] });
    expect(rows[1]?.episodes).toBe(episodes.filter((e) => e.dataset === 'shop').length);
  });
});

describe.skipIf(NO_SANDBOX)(`bundled datasets${NO_SANDBOX ? ` (skipped: ${NO_SANDBOX})` : ''}`, () => {
  it("turns statsmodels' date index into a column the datetime families use", async () => {
    const corpus = await Corpus.open(join(tempDir(), 'sm.duckdb'));
    try {
      const summary = await runSynth(corpus, { inputs: ['statsmodels:co2'], dataRoot: DATA_ROOT, templates: ['datetime'], perCsv: 6, seed: 0, jobs: 2, timeoutMs: 60_000, memoryMb: 2048, python: PYTHON });
      expect(summary.failed).toBe(0);
      const rows = await corpus.query<{ dataset: string; code: string }>('SELECT dataset, code FROM episodes');
      expect(rows.length).toBeGreaterThan(2);
      expect(rows[0]?.dataset).toBe('statsmodels:co2');
      expect(rows[0]?.code).toContain('co2.load_pandas().data.rename_axis("date").reset_index()');
    } finally {
      corpus.close();
    }
  }, scaledBudget(120_000));
});
