import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { instrument } from '../../../extractors/hooks/insert.js';
import { proposeStatic } from '../../../extractors/hooks/static-proposer.js';
import type { HookSpec } from '../../../extractors/hooks/types.js';
import { findFinalOutput } from '../../../extractors/python/final-output.js';
import { loadPythonParser, syntaxErrors, type PythonParser } from '../../../extractors/python/parser.js';
import { analyzeProgram, type CodeCell } from '../../../extractors/python/program.js';
import { parseScript } from '../../../extractors/script.js';
import { runPythonCells } from '../../helpers/python-cells.js';
import { tempDir } from '../../helpers/tmp.js';

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

function cellsOf(text: string): CodeCell[] {
  return parseScript(text)
    .cells.filter((c) => c.type === 'code')
    .map((c) => ({ cellIndex: c.index, source: c.source }));
}

const MINI = cellsOf(readFileSync(new URL('../../fixtures/hooks/lemonade-mini.py', import.meta.url), 'utf8'));

function propose(cells: CodeCell[]) {
  const program = analyzeProgram(parser, cells);
  return { program, proposal: proposeStatic(program), final: findFinalOutput(program) };
}

function isDag(hooks: HookSpec[]): boolean {
  const seen = new Set<string>();
  for (const h of hooks) {
    if (h.dependsOn.some((d) => !seen.has(d))) return false;
    seen.add(h.name);
  }
  return true;
}

function reachesFinal(hooks: HookSpec[]): boolean {
  const final = hooks.find((h) => h.isFinal);
  if (!final) return false;
  const byName = new Map(hooks.map((h) => [h.name, h]));
  const reached = new Set<string>();
  const stack = [final.name];
  while (stack.length) {
    const n = stack.pop() as string;
    if (reached.has(n)) continue;
    reached.add(n);
    stack.push(...(byName.get(n)?.dependsOn ?? []));
  }
  return reached.size === hooks.length;
}

describe('proposeStatic', () => {
  it('hooks the values on the path to the submission, named for what they are', () => {
    const { proposal } = propose(MINI);
    expect(proposal.final).toMatchObject({ kind: 'file', path: 'submission.csv' });
    expect(proposal.hooks.map((h) => h.name)).toEqual([
      'compute:df',
      'clean:df',
      'feature:df',
      'clean:df#2',
      'model:model',
      'fit:model',
      'predict:preds',
      'output:file',
    ]);
    expect(proposal.hooks.at(-1)).toMatchObject({ isFinal: true, variable: null, cellIndex: 2 });
  });

  it('depends_on forms a DAG in program order that reaches the final output hook', () => {
    const { proposal } = propose(MINI);
    expect(isDag(proposal.hooks)).toBe(true);
    expect(reachesFinal(proposal.hooks)).toBe(true);
    const byName = Object.fromEntries(proposal.hooks.map((h) => [h.name, h.dependsOn]));
    expect(byName['fit:model']).toEqual(['clean:df#2', 'model:model']);
    expect(byName['predict:preds']).toEqual(['clean:df#2', 'fit:model']);
    expect(byName['output:file']).toEqual(['predict:preds']);
  });

  it('ignores values that do not lead to the final output', () => {
    const { proposal } = propose(cellsOf('import pandas as pd\nx = pd.Series([1, 2])\nunused = x * 2\ny = x + 1\nprint(y.sum())\n'));
    expect(proposal.hooks.map((h) => h.name)).toEqual(['compute:x', 'compute:y', 'output:print']);
  });

  it('says so when there is no final output', () => {
    const { proposal } = propose(cellsOf('x = 1\ny = x + 1\n'));
    expect(proposal.hooks).toEqual([]);
    expect(proposal.rejected[0]?.reason).toMatch(/no final output/);
  });
});

describe('instrument', () => {
  it('produces valid Python whose run prints, displays and writes exactly what the original does', () => {
    const { program, proposal, final } = propose(MINI);
    const { cells, skipped } = instrument(program, MINI, proposal.hooks, final);
    expect(skipped).toEqual([]);
    for (const c of cells) expect(syntaxErrors(parser.parse(c.source).rootNode)).toEqual([]);
    const a = tempDir();
    const b = tempDir();
    mkdirSync(join(a, 'w'));
    mkdirSync(join(b, 'w'));
    const original = runPythonCells(MINI, join(a, 'w'));
    const hooked = runPythonCells(cells, join(b, 'w'));
    expect(original.status).toBe(0);
    expect(hooked.status).toBe(0);
    expect(hooked.transcript.filter((t) => t.cell >= 0)).toEqual(original.transcript);
    expect(hooked.files).toEqual(original.files);
    expect(original.captures).toEqual([]);
    expect(hooked.captures.map((c) => c.name)).toEqual(proposal.hooks.map((h) => h.name));
    const final_ = hooked.captures.at(-1) as { value_type: string; value: { shape: number[] } };
    expect(final_.value_type).toBe('DataFrame');
    expect(final_.value.shape).toEqual([6, 2]);
  });

  it('keeps the display of a cell whose last expression is hooked', () => {
    const cells = cellsOf('# %%\nimport pandas as pd\ns = pd.Series([3, 1, 2])\ns.sort_values(inplace=True)\n# %%\nm = s.max()\nm * 10\n');
    const { program, proposal, final } = propose(cells);
    expect(final?.kind).toBe('display');
    const { cells: hooked } = instrument(program, cells, proposal.hooks, final);
    const a = tempDir();
    const b = tempDir();
    mkdirSync(join(a, 'w'));
    mkdirSync(join(b, 'w'));
    const r1 = runPythonCells(cells, join(a, 'w'));
    const r2 = runPythonCells(hooked, join(b, 'w'));
    expect(r2.transcript.filter((t) => t.cell >= 0)).toEqual(r1.transcript);
    expect(r1.transcript.at(-1)?.display).toBe('30');
    expect(r2.captures.map((c) => [c.name, c.value_type])).toEqual([
      ['compute:s', 'Series'],
      ['feature:s', 'Series'],
      ['aggregate:m', 'int64'],
      ['output:display', 'int64'],
    ]);
    expect(r2.captures.at(-1)?.value).toBe(30);
  });

  it('captures a printed final output without printing anything else', () => {
    const cells = cellsOf('a = 2\nb = [1, 2]\nprint(a * 3, *b, sep="-")\n');
    const { program, proposal, final } = propose(cells);
    const { cells: hooked } = instrument(program, cells, proposal.hooks, final);
    const dir = tempDir();
    mkdirSync(join(dir, 'w'));
    const r = runPythonCells(hooked, join(dir, 'w'));
    expect(r.transcript.at(-1)?.stdout).toBe('6-1-2\n');
    expect(r.captures.at(-1)).toMatchObject({ name: 'output:print', value: [6, 1, 2] });
  });

  it('places a hook after a statement that shares its line with the next one', () => {
    const cells = cellsOf('x = 1; y = x + 1; print(y)\n');
    const { program, proposal, final } = propose(cells);
    const { cells: hooked } = instrument(program, cells, proposal.hooks, final);
    expect(hooked[1]?.source).toMatch(/^x = 1; _hookmine_hook\(x, /);
    expect(hooked[1]?.source.trimEnd().split('\n')).toHaveLength(1);
    const dir = tempDir();
    mkdirSync(join(dir, 'w'));
    expect(runPythonCells(hooked, join(dir, 'w')).transcript[1]?.stdout).toBe('2\n');
  });

  it('guards a hook after a compound statement whose branch may not bind the name', () => {
    const cells = cellsOf('flag = False\nif flag:\n    z = 1\nelse:\n    w = 2\nprint(w)\n');
    const { program, proposal, final } = propose(cells);
    const { cells: hooked } = instrument(program, cells, proposal.hooks, final);
    const dir = tempDir();
    mkdirSync(join(dir, 'w'));
    const r = runPythonCells(hooked, join(dir, 'w'));
    expect(r.status).toBe(0);
    expect(r.transcript.at(-1)?.stdout).toBe('2\n');
  });
});
