import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { parseStepwiseJsonl } from '../../src/prm/score.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/prm/stepwise-rows-with-bad-lines.jsonl', import.meta.url));

describe('parseStepwiseJsonl', () => {
  it('reads TRL stepwise rows, ignores extra columns and names every bad line with its reason', () => {
    const { rows, errors } = parseStepwiseJsonl(readFileSync(FIXTURE, 'utf8'));
    expect(rows.map((r) => [r.line, r.id, r.completions.length, r.labels])).toEqual([
      [1, 'gold-1', 4, [true, true, true, true]],
      [2, 'mutant-1', 4, [true, false, false, false]],
    ]);
    expect(errors.map((e) => [e.line, e.reason])).toEqual([
      [3, 'invalid_json'],
      [4, 'bad_completions'],
      [5, 'bad_labels'],
      [6, 'not_an_object'],
      [7, 'bad_prompt'],
    ]);
    expect(errors.find((e) => e.line === 5)?.message).toMatch(/1 booleans/);
  });

  it('accepts 0/1 labels and rows without labels, and skips blank lines', () => {
    const text = '{"prompt": "q\\n", "completions": ["a", "b"], "labels": [1, 0]}\n\n{"prompt": "q\\n", "completions": ["a"]}\n';
    const { rows, errors } = parseStepwiseJsonl(text);
    expect(errors).toEqual([]);
    expect(rows.map((r) => r.labels)).toEqual([[true, false], null]);
    expect(rows.map((r) => r.id)).toEqual(['line-1', 'line-3']);
  });
});
