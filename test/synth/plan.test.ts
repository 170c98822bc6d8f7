// Planning without the sandbox: quotas, round-robin over families, deterministic ids that change
// with the table's content, no duplicate programs, template errors reported by name.
import { describe, expect, it } from 'vitest';
import { FAMILIES } from '../../templates/registry.js';
import type { Family } from '../../templates/types.js';
import { episodeId, planSource } from '../../src/synth/plan.js';
import type { ProfiledSource } from '../../src/synth/profile.js';
import { CUSTOMERS_PARTNER, ORDERS, ORDERS_SOURCE } from '../templates/profiles.js';

function orders(sha = 'sha-1'): ProfiledSource {
  return {
    spec: { kind: 'competition', key: ORDERS_SOURCE.key, dataset: 'shop', name: 'orders.csv', imports: [], loadExpr: ORDERS_SOURCE.loadExpr },
    info: { ...ORDERS_SOURCE, contentSha256: sha },
    profile: ORDERS,
    partners: [CUSTOMERS_PARTNER],
  };
}

describe('planSource', () => {
  it('plans up to the quota, spread over the families, with distinct programs', () => {
    const plan = planSource(orders(), { families: FAMILIES, perCsv: 60, seed: 0 });
    expect(plan.planned).toHaveLength(60);
    expect(new Set(plan.planned.map((p) => p.family.id)).size).toBeGreaterThanOrEqual(25);
    expect(new Set(plan.planned.map((p) => p.code)).size).toBe(60);
    expect(new Set(plan.planned.map((p) => p.episodeId)).size).toBe(60);
    expect(plan.issues).toEqual([]);
  });

  it('gives the same ids for the same table, seed and families, and other ids when the content changes', () => {
    const a = planSource(orders(), { families: FAMILIES, perCsv: 30, seed: 4 });
    const b = planSource(orders(), { families: FAMILIES, perCsv: 30, seed: 4 });
    expect(b.planned.map((p) => [p.episodeId, p.code, p.instance.questions])).toEqual(a.planned.map((p) => [p.episodeId, p.code, p.instance.questions]));
    const changed = planSource(orders('sha-2'), { families: FAMILIES, perCsv: 30, seed: 4 });
    expect(changed.planned.map((p) => p.code)).toEqual(a.planned.map((p) => p.code));
    expect(changed.planned.some((p, i) => p.episodeId === a.planned[i]?.episodeId)).toBe(false);
    expect(episodeId('quantile', 'q10', 4, [ORDERS_SOURCE])).toMatch(/^syn_[0-9a-f]{20}$/);
  });

  it('tries further seeds for more programs, and uses the join partner only in the join families', () => {
    const plan = planSource(orders(), { families: FAMILIES.filter((f) => f.id === 'pair-correlation' || f.category === 'joins'), perCsv: 100, seed: 0 });
    expect(Math.max(...plan.planned.map((p) => p.seed))).toBeGreaterThan(0);
    const join = plan.planned.find((p) => p.family.id === 'join-lookup');
    expect(join?.code).toContain(CUSTOMERS_PARTNER.source.loadExpr);
    expect(join?.episodeId).toBe(episodeId('join-lookup', join?.variant.id as string, join?.seed as number, [orders().info, CUSTOMERS_PARTNER.source]));
  });

  it('reports a family that throws or builds an unsound program, and goes on with the rest', () => {
    const broken: Family = { id: 'broken', category: 'selection', title: 'throws', variants: [{ id: 'v' }], build: () => { throw new Error('boom'); } };
    const dangling: Family = {
      id: 'dangling', category: 'selection', title: 'a step nothing uses', variants: [{ id: 'v' }],
      build: () => ({ steps: [{ name: 'load_data', code: 'df = 1', variable: 'df', dependsOn: [] }, { name: 'x', code: 'x = 2', variable: 'x', dependsOn: [] }, { name: 'answer', code: 'answer = df', variable: 'answer', dependsOn: ['load_data'] }], questions: ['a?', 'b?'], hint: 'h', answer: { mode: 'value' }, tolerance: { rtol: 0, atol: 0 }, keep: [] }),
    };
    const plan = planSource(orders(), { families: [broken, dangling, ...FAMILIES.slice(0, 2)], perCsv: 10, seed: 0 });
    expect(plan.issues.map((i) => [i.item.split(' ')[0], i.reason])).toEqual([['broken/v', 'template_error'], ['dangling/v', 'template_error']]);
    expect(plan.issues[0]?.detail).toMatch(/boom/);
    expect(plan.planned.length).toBeGreaterThan(0);
  });
});
