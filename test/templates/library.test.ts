// The template library without the sandbox: coverage of the categories, well-formed
// programs (a DAG of steps ending at the answer, captured after a top-level statement), phrasings
// that keep what they name, determinism per seed, and the renderer.
import { describe, expect, it } from 'vitest';
import { CATEGORIES, FAMILIES, selectFamilies, VALIDATION_VARIANTS } from '../../templates/registry.js';
import { codeLineOf, renderHooked, renderPlain, stepProblems, stepsFromRows } from '../../templates/render.js';
import { seededRng } from '../../templates/rng.js';
import type { BuildContext, Family, Instance } from '../../templates/types.js';
import { CUSTOMERS_PARTNER, ORDERS, ORDERS_COPY_PARTNER, ORDERS_SOURCE, TINY } from './profiles.js';

function context(seed: number, family: Family, variant: string, profile = ORDERS): BuildContext {
  return { source: ORDERS_SOURCE, profile, partners: [CUSTOMERS_PARTNER, ORDERS_COPY_PARTNER], rng: seededRng(`${family.id}|${variant}|${seed}|shop/orders.csv`), seed };
}

/** The first seed (0..9) at which the variant builds on the orders profile. */
function firstInstance(family: Family, variant: string): Instance | null {
  for (let seed = 0; seed < 10; seed++) {
    const i = family.build(context(seed, family, variant), variant);
    if (i) return i;
  }
  return null;
}

describe('template library', () => {
  it('has at least 30 families covering every kind the issue lists', () => {
    expect(FAMILIES.length).toBeGreaterThanOrEqual(30);
    expect(new Set(FAMILIES.map((f) => f.id)).size).toBe(FAMILIES.length);
    expect([...CATEGORIES].sort()).toEqual(
      ['binning', 'chains', 'correlation', 'datetime', 'distractors', 'distribution', 'groupby', 'joins', 'missing', 'models', 'probability', 'ranking', 'ratios', 'selection'].sort(),
    );
    expect(FAMILIES.filter((f) => f.distractor).length).toBeGreaterThanOrEqual(3);
    expect(FAMILIES.filter((f) => f.needsPartner).length).toBeGreaterThanOrEqual(2);
    const heldout = FAMILIES.flatMap((f) => f.variants.filter((v) => v.heldout).map((v) => `${f.id}/${v.id}`));
    expect(heldout.length).toBeGreaterThanOrEqual(15);
    // The example: trained on highest variance then mean, tested on highest skewness then median.
    expect(heldout).toContain('select-then-stat/skewness-median');
    expect(FAMILIES.find((f) => f.id === 'select-then-stat')?.variants.find((v) => v.id === 'variance-mean')?.heldout).toBeFalsy();
  });

  it('keeps validation variants apart from the heldout ones, each in a family that still trains on two variants', () => {
    expect(VALIDATION_VARIANTS.size).toBeGreaterThanOrEqual(5);
    for (const key of VALIDATION_VARIANTS) {
      const [familyId, variantId] = key.split('/') as [string, string];
      const family = FAMILIES.find((f) => f.id === familyId);
      expect(family?.variants.find((v) => v.id === variantId)?.heldout, key).toBeFalsy();
      const trained = family?.variants.filter((v) => !v.heldout && !v.validation) ?? [];
      expect(trained.length, key).toBeGreaterThanOrEqual(2);
    }
  });

  it('every variant of every family builds a sound program on a rich table', () => {
    for (const family of FAMILIES) {
      for (const variant of family.variants) {
        const instance = firstInstance(family, variant.id);
        expect(instance, `${family.id}/${variant.id}`).not.toBeNull();
        if (!instance) continue;
        expect(stepProblems(instance.steps), `${family.id}/${variant.id}`).toEqual([]);
        expect(instance.steps[0]?.name).toBe('load_data');
        expect(instance.questions.length, `${family.id}/${variant.id} phrasings`).toBeGreaterThanOrEqual(2);
        expect(new Set(instance.questions).size).toBe(instance.questions.length);
        for (const q of instance.questions) for (const k of instance.keep) expect(q, `${family.id}/${variant.id}: "${k}"`).toContain(k);
        expect(instance.hint.length).toBeGreaterThan(10);
        for (const s of instance.steps) expect(s.code).not.toMatch(/\bhook\(/);
      }
    }
  });

  it('has programs of eight or more steps', () => {
    const long = FAMILIES.filter((f) => (firstInstance(f, f.variants[0]?.id as string)?.steps.length ?? 0) >= 8).map((f) => f.id);
    expect(long).toEqual(expect.arrayContaining(['iqr-outliers', 'chain-clean-ratio', 'chain-model-pipeline', 'chain-rolling-jump', 'regression-score']));
  });

  it('returns null where a table lacks what a family needs', () => {
    const tiny = FAMILIES.filter((f) => f.variants.some((v) => f.build({ ...context(0, f, v.id, TINY), partners: [] }, v.id) !== null)).map((f) => f.id);
    expect(tiny.length).toBeLessThan(FAMILIES.length / 3);
    expect(tiny).not.toContain('join-lookup');
    expect(tiny).not.toContain('resample-peak');
  });

  it('is deterministic for a seed, and other seeds pick other columns', () => {
    for (const family of FAMILIES) {
      const v = family.variants[0]?.id as string;
      expect(family.build(context(3, family, v), v)).toEqual(family.build(context(3, family, v), v));
    }
    const programs = new Set([0, 1, 2, 3, 4, 5].map((seed) => renderPlain(FAMILIES.find((f) => f.id === 'pair-correlation')?.build(context(seed, FAMILIES.find((f) => f.id === 'pair-correlation') as Family, 'pearson'), 'pearson')?.steps ?? [])));
    expect(programs.size).toBeGreaterThan(1);
  });

  it('selects families by id, category and glob, and names patterns that match nothing', () => {
    expect(selectFamilies(['quantile']).families.map((f) => f.id)).toEqual(['quantile']);
    expect(selectFamilies(['joins']).families.every((f) => f.category === 'joins')).toBe(true);
    expect(selectFamilies(['distractor-*']).families).toHaveLength(3);
    expect(selectFamilies(['nope', 'quantile']).unknown).toEqual(['nope']);
  });
});

describe('renderHooked', () => {
  const steps = [
    { name: 'load_data', code: 'import pandas as pd\ndf = pd.read_csv("x.csv")', variable: 'df', dependsOn: [] },
    { name: 'mean_age', code: 'mean_age = df["age"].mean()', variable: 'mean_age', dependsOn: ['load_data'] },
  ];

  it('appends one hook call per step with its code line, name, dependencies, variable and line', () => {
    expect(renderHooked(steps)).toBe(
      [
        'from hookmine_hook import hook',
        'import pandas as pd',
        'df = pd.read_csv("x.csv")',
        'hook(df, "df = pd.read_csv(\\"x.csv\\")", "load_data", [], variable="df", line=2)',
        'mean_age = df["age"].mean()',
        'hook(mean_age, "mean_age = df[\\"age\\"].mean()", "mean_age", ["load_data"], variable="mean_age", line=3)',
        '',
      ].join('\n'),
    );
    expect(renderPlain(steps)).toBe('import pandas as pd\ndf = pd.read_csv("x.csv")\nmean_age = df["age"].mean()\n');
    expect(codeLineOf(steps[1] as (typeof steps)[number])).toBe('mean_age = df["age"].mean()');
  });

  it('re-renders the same program from stored step rows', () => {
    const rows = steps.map((s, i) => ({ step_index: i, name: s.name, code: s.code, variable_name: s.variable, depends_on: s.dependsOn }));
    expect(renderHooked(stepsFromRows(rows))).toBe(renderHooked(steps));
  });

  it('names unsound step lists: unknown dependencies, dangling steps, indented last lines, hook calls', () => {
    const problems = stepProblems([
      { name: 'a', code: 'a = 1', variable: 'a', dependsOn: [] },
      { name: 'b', code: 'for i in range(2):\n    b = i', variable: 'b', dependsOn: ['zzz'] },
      { name: 'c', code: 'hook(a)\nc = a', variable: 'c', dependsOn: ['a'] },
    ]);
    expect(problems.join('\n')).toMatch(/depends on "zzz"/);
    expect(problems.join('\n')).toMatch(/last line is indented/);
    expect(problems.join('\n')).toMatch(/calls hook\(\) itself/);
    expect(problems.join('\n')).toMatch(/step b: the final step does not depend on it/);
  });
});


describe('docs/templates.md', () => {
  it('lists every family with its variants', async () => {
    const { readFileSync } = await import('node:fs');
    const doc = readFileSync(new URL('../../docs/templates.md', import.meta.url), 'utf8');
    for (const f of FAMILIES) {
      const row = doc.split('\n').find((l) => l.startsWith(`| \`${f.id}\` |`));
      expect(row, f.id).toBeDefined();
      for (const v of f.variants) expect(row, `${f.id}/${v.id}`).toContain(`${v.id}${v.heldout ? '*' : v.validation ? '+' : ''}`);
    }
  });
});
