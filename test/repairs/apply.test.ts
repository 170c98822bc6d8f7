// The rule engine: cells no rule matches stay byte for byte, IPython lines are never edited, and
// the recorded row patches rebuild the repaired notebook from its original source.
import { describe, expect, it } from 'vitest';
import { applyPatches, applyRowPatch, PatchMismatchError, REPAIR_RULES } from '../../extractors/repairs/registry.js';
import { py2Numbers, py2Print } from '../../extractors/repairs/python2-syntax.js';
import { pythonParser, facts, signature } from './helpers.js';
import { applyRules } from '../../extractors/repairs/apply.js';

const NOTEBOOK = [
  { cellIndex: 0, cellType: 'markdown', source: 'print x  (markdown: never code)' },
  { cellIndex: 1, cellType: 'code', source: "%matplotlib inline\nimport seaborn as sns\nprint 'rows', len(df)" },
  { cellIndex: 2, cellType: 'code', source: 'model.fit(X, y)\nscore = model.score(X, y)\nscore' },
  { cellIndex: 3, cellType: 'code', source: "!pip install lightgbm\nfor i in xrange(3):\n    print i,\nsns.boxplot(df['a'], df['b'])" },
  { cellIndex: 4, cellType: 'code', source: '%%html\n<b>print x</b>' },
  { cellIndex: 5, cellType: 'code', source: '%time print 10L\nx = 0777' },
];
const FACTS = facts({ 'seaborn.boxplot': signature('data=None, *, x=None, y=None, hue=None') });

async function run() {
  return applyRules(await pythonParser(), NOTEBOOK, { facts: FACTS, competition: null, dataFiles: [], rules: REPAIR_RULES });
}

describe('applyRules', () => {
  it('changes only cells a rule matched; the others (and markdown) stay byte for byte', async () => {
    const out = await run();
    const changed = out.cells.filter((c, i) => c.source !== NOTEBOOK[i]?.source).map((c) => c.cellIndex);
    expect(changed).toEqual([1, 3, 5]);
    expect(new Set(out.repairs.map((r) => r.cellIndex))).toEqual(new Set(changed));
    expect(out.cells[0]?.source).toBe(NOTEBOOK[0]?.source);
    expect(out.cells[2]?.source).toBe(NOTEBOOK[2]?.source);
    expect(out.cells[4]?.source).toBe(NOTEBOOK[4]?.source);
  });

  it('repairs the Python lines and never edits IPython lines (magics, shell escapes)', async () => {
    const out = await run();
    expect(out.cells[1]?.source).toBe("%matplotlib inline\nimport seaborn as sns\nprint('rows', len(df))");
    expect(out.cells[3]?.source).toBe("!pip install lightgbm\nfor i in range(3):\n    print(i, end=' ')\nsns.boxplot(x=df['a'], y=df['b'])");
    // `%time print 10L` is a magic line: left as written; the next line is Python
    expect(out.cells[5]?.source).toBe('%time print 10L\nx = 0o777');
  });

  it('records patches that, applied in order to the original cells, rebuild the repaired notebook', async () => {
    const out = await run();
    const original = new Map(NOTEBOOK.map((c) => [c.cellIndex, c.source]));
    const rebuilt = applyPatches(original, [...out.repairs].sort((a, b) => a.seq - b.seq));
    for (const c of out.cells) expect(rebuilt.get(c.cellIndex)).toBe(c.source);
    expect(out.repairs.map((r) => r.seq)).toEqual(out.repairs.map((_r, i) => i));
    for (const r of out.repairs) expect(r.before).not.toBe(r.after);
  });

  it('composes two rules on one line as two patches, each on the line as the first left it', async () => {
    const out = applyRules(await pythonParser(), [{ cellIndex: 0, cellType: 'code', source: 'print 10L, x' }], { facts: facts(), competition: null, dataFiles: [], rules: [py2Print, py2Numbers] });
    expect(out.repairs.map((r) => [r.rule, r.before, r.after])).toEqual([
      ['py2-print', 'print 10L, x', 'print(10L, x)'],
      ['py2-numbers', 'print(10L, x)', 'print(10, x)'],
    ]);
  });

  it('records a multi-line statement as one patch of all its lines', async () => {
    const out = applyRules(await pythonParser(), [{ cellIndex: 0, cellType: 'code', source: 'a = 1\nprint "a", \\\n    a\nb = 2' }], { facts: facts(), competition: null, dataFiles: [], rules: [py2Print] });
    expect(out.cells[0]?.source).toBe('a = 1\nprint("a", \\\n    a)\nb = 2');
    expect(out.repairs).toMatchObject([{ line: 2, before: 'print "a", \\\n    a', after: 'print("a", \\\n    a)' }]);
  });
});

describe('applyRowPatch', () => {
  it('refuses a patch whose lines are not in the source', () => {
    expect(() => applyRowPatch('a = 1\nb = 2', { cellIndex: 3, line: 2, before: 'b = 3', after: 'b = 4' })).toThrow(PatchMismatchError);
    expect(() => applyRowPatch('a = 1', { cellIndex: 3, line: 2, before: 'a = 1', after: 'a = 2' })).toThrow(/cell 3, line 2/);
    expect(applyRowPatch('a = 1\nb = 2', { cellIndex: 3, line: 2, before: 'b = 2', after: 'b = 3\nc = 4' })).toBe('a = 1\nb = 3\nc = 4');
  });
});
