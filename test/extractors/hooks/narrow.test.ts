import { describe, expect, it } from 'vitest';
import { narrowHooks } from '../../../extractors/hooks/narrow.js';
import { rewireDependencies } from '../../../extractors/hooks/steps.js';
import type { HookSpec } from '../../../extractors/hooks/types.js';

const hook = (name: string, dependsOn: string[] = []): HookSpec => ({
  name, cellIndex: 0, statementId: 0, line: 1, variable: name, codeLine: name, dependsOn, isFinal: false, role: 'compute',
});

// A program whose final output changes when any hook in `breaking` is present, or when all of a
// pair in `together` are (an interaction no single hook shows).
function program(breaking: string[], together: string[] = []) {
  const calls: string[][] = [];
  const run = async (hooks: HookSpec[]) => {
    const names = hooks.map((h) => h.name);
    calls.push(names);
    const broken = names.some((n) => breaking.includes(n)) || (together.length > 0 && together.every((n) => names.includes(n)));
    return { matches: !broken, result: names };
  };
  return { run, calls };
}

const HOOKS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h'].map((n) => hook(n));

describe('narrowHooks', () => {
  it('keeps everything after one run when the output matches', async () => {
    const p = program([]);
    const r = await narrowHooks(HOOKS, p.run);
    expect(r).toMatchObject({ runs: 1, culprits: [] });
    expect(r.kept).toHaveLength(8);
  });

  it('finds the one hook that breaks the output and verifies the rest in a final run', async () => {
    const p = program(['f']);
    const r = await narrowHooks(HOOKS, p.run);
    expect(r.culprits.map((h) => h.name)).toEqual(['f']);
    expect(r.kept.map((h) => h.name)).toEqual(['a', 'b', 'c', 'd', 'e', 'g', 'h']);
    expect(r.verifiedRun).toEqual(['a', 'b', 'c', 'd', 'e', 'g', 'h']);
    expect(r.runs).toBeLessThan(10);
  });

  it('never keeps hooks from a run whose output differs: an interaction across halves keeps nothing', async () => {
    const p = program([], ['b', 'g']);
    const r = await narrowHooks(HOOKS, p.run);
    expect(r.kept).toEqual([]);
    expect(r.verifiedRun).toBeUndefined();
  });

  it('every kept set was verified by a matching run of exactly that set', async () => {
    for (const breaking of [['a'], ['h'], ['c', 'd'], ['a', 'e', 'h'], ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']]) {
      const p = program(breaking);
      const r = await narrowHooks(HOOKS, p.run);
      if (r.kept.length > 0) {
        expect(p.calls).toContainEqual(r.kept.map((h) => h.name));
        expect(r.kept.some((h) => breaking.includes(h.name))).toBe(false);
      }
    }
  });

  it('stops at its run budget and keeps nothing it could not verify', async () => {
    const many = Array.from({ length: 64 }, (_, i) => hook(`h${i}`));
    const p = program(many.filter((_, i) => i % 3 === 0).map((h) => h.name));
    const r = await narrowHooks(many, p.run, 6);
    expect(r.runs).toBeLessThanOrEqual(7);
    for (const h of r.kept) expect(Number(h.name.slice(1)) % 3).not.toBe(0);
  });
});

describe('rewireDependencies', () => {
  it('replaces a dropped dependency by what it depended on', () => {
    const all = [hook('load'), hook('clean', ['load']), hook('feat', ['clean']), hook('fit', ['feat', 'load'])];
    const kept = rewireDependencies(all, [all[0], all[2], all[3]] as HookSpec[]);
    expect(kept.map((h) => [h.name, h.dependsOn])).toEqual([
      ['load', []],
      ['feat', ['load']],
      ['fit', ['feat', 'load']],
    ]);
  });
});
