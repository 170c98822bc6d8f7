// The LLM's answer is data: parsed, then validated against the failing cell before anything runs.
import { describe, expect, it } from 'vitest';
import { failingLocation, numberedCell, parseRepairAnswer, validateCellPatch } from '../../extractors/repairs/llm-patch.js';
import { pythonParser } from './helpers.js';

const CELL = "%matplotlib inline\nimport pandas as pd\ndf = pd.read_csv('x.csv')\nm = df.as_matrix()\nprint(m.shape)";

describe('parseRepairAnswer', () => {
  it('accepts JSON, also in a code fence', () => {
    const json = '{"start_line": 4, "end_line": 4, "replacement": "m = df.values", "explanation": "removed"}';
    expect(parseRepairAnswer(json)).toMatchObject({ ok: true, value: { start_line: 4, replacement: 'm = df.values' } });
    expect(parseRepairAnswer('Here you go:\n```json\n' + json + '\n```')).toMatchObject({ ok: true });
  });
  it('refuses prose and wrong types with a reason', () => {
    expect(parseRepairAnswer('Just use .values')).toMatchObject({ ok: false, reason: expect.stringMatching(/not valid JSON/) });
    expect(parseRepairAnswer('{"start_line": "4", "end_line": 4, "replacement": "x"}')).toMatchObject({ ok: false, reason: expect.stringMatching(/integers/) });
  });
});

describe('validateCellPatch', () => {
  const patch = (start_line: number, end_line: number, replacement: string) => ({ start_line, end_line, replacement, explanation: '' });
  it('turns a good answer into a row patch of the cell', async () => {
    expect(validateCellPatch(await pythonParser(), 7, CELL, patch(4, 4, 'm = df.values'))).toEqual({ ok: true, value: { cellIndex: 7, line: 4, before: 'm = df.as_matrix()', after: 'm = df.values' } });
  });
  it('refuses lines outside the cell, no-ops, rewrites that are not minimal, IPython lines and invalid Python', async () => {
    const p = await pythonParser();
    expect(validateCellPatch(p, 7, CELL, patch(5, 9, 'x'))).toMatchObject({ ok: false, reason: expect.stringMatching(/outside the failing cell/) });
    expect(validateCellPatch(p, 7, CELL, patch(4, 4, 'm = df.as_matrix()'))).toMatchObject({ ok: false, reason: expect.stringMatching(/changes nothing/) });
    expect(validateCellPatch(p, 7, CELL, patch(2, 5, Array.from({ length: 40 }, (_v, i) => `x${i} = ${i}`).join('\n')))).toMatchObject({ ok: false, reason: expect.stringMatching(/not minimal/) });
    expect(validateCellPatch(p, 7, CELL, patch(1, 1, 'pass'))).toMatchObject({ ok: false, reason: expect.stringMatching(/IPython/) });
    expect(validateCellPatch(p, 7, CELL, patch(4, 4, 'm = df.values('))).toMatchObject({ ok: false, reason: expect.stringMatching(/not valid Python/) });
  });
});

describe('prompt helpers', () => {
  it('numbers the cell lines and finds the innermost notebook frame of a traceback', () => {
    expect(numberedCell('a\nb')).toBe('1 | a\n2 | b');
    const tb = 'Traceback (most recent call last):\n  File "<cell 3>", line 9, in <module>\n    f()\n  File "<cell 2>", line 4, in f\n    g()\n  File "/usr/lib/x.py", line 1\nTypeError: x';
    expect(failingLocation(tb)).toEqual({ cell: 2, line: 4 });
    expect(failingLocation(null)).toBeNull();
  });
});
