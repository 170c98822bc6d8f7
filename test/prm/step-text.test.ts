import { describe, expect, it } from 'vitest';
import { episodePrompt, stepCompletion, stepCompletions, valueSummary, VALUE_MAX_CHARS } from '../../src/prm/step-text.js';
import { stepParts } from '../../src/prm/tokens.js';

describe('episodePrompt', () => {
  it('gives the data source and the question, ends with a newline, and leaves the hint out', () => {
    const prompt = episodePrompt({ question: 'What is the mean fare?', dataset: 'titanic', competition: 'titanic' });
    expect(prompt).toBe('# data: titanic\n# question: What is the mean fare?\n');
  });

  it('falls back to the competition and says when there is no question', () => {
    expect(episodePrompt({ competition: 'house-prices', question: null })).toBe('# data: house-prices\n# question: (none)\n');
  });

  it('keeps a multi-line question on one line', () => {
    expect(episodePrompt({ question: 'Which class\nsurvived most?' })).toBe('# question: Which class survived most?\n');
  });
});

describe('stepCompletion', () => {
  it('renders name, code and value so the parts can be read back', () => {
    const text = stepCompletion({ name: 'mean_fare', code: "mean_fare = df['Fare'].mean()\n", value: 32.2042, value_type: 'float' });
    expect(text).toBe("# step: mean_fare\nmean_fare = df['Fare'].mean()\n# value (float): 32.2042");
    expect(stepParts(text)).toEqual({ name: 'mean_fare', code: "mean_fare = df['Fare'].mean()", value: '32.2042', valueType: 'float', unchanged: false, leftOut: [] });
  });

  it('says when a table equals an earlier step\'s, which the code alone never shows; scalars and crashes are left out', () => {
    const table = { shape: [3, 1], stats: { x: { mean: 2 } } };
    const texts = stepCompletions([
      { name: 'df', code: 'df = load()', value: table, value_type: 'DataFrame' },
      { name: 'kept', code: 'kept = df[df["x"] > 0]', value: JSON.stringify(table), value_type: 'DataFrame' },
      { name: 'n', code: 'n = 3', value: 3, value_type: 'int' },
      { name: 'm', code: 'm = len(kept)', value: 3, value_type: 'int' },
      { name: 'e', code: 'e = kept["y"]', value: '"KeyError"', value_type: 'error' },
    ]);
    expect(texts[1]).toBe('# step: kept\nkept = df[df["x"] > 0]\n# value (DataFrame): {shape: [3, 1], stats: {x: {mean: 2}}}\n# unchanged: same value as step df');
    expect(stepParts(texts[1] as string)).toMatchObject({ code: 'kept = df[df["x"] > 0]', unchanged: true });
    expect(texts.filter((t) => t.includes('# unchanged'))).toHaveLength(1);
    expect(stepParts(texts[0] as string).unchanged).toBe(false);
  });

  it('says which numeric columns a selected table leaves out of the table it was taken from (v4)', () => {
    const loaded = { shape: [5, 5], dtypes: { Id: 'int64', a: 'float64', b: 'int64', c: 'float64', name: 'object' }, missing: { c: 2 } };
    const all = { shape: [5, 2], dtypes: { a: 'float64', b: 'int64' } };
    const one = { shape: [5, 2], dtypes: { a: 'float64', name: 'object' } };
    const texts = stepCompletions([
      { name: 'load_data', code: 'df = load()', value: loaded, value_type: 'DataFrame' },
      { name: 'numeric', code: 'numeric = df[["a", "b"]]', value: all, value_type: 'DataFrame' },
      { name: 'pair', code: 'pair = df[["a", "name"]]', value: one, value_type: 'DataFrame' },
      { name: 'mutant', code: 'numeric = df[["a", "c"]]', value: { shape: [5, 2], dtypes: { a: 'float64', c: 'float64' } }, value_type: 'DataFrame' },
    ]);
    // the identifier and the text column do not count; c has missing values
    expect(texts[1]).toContain('\n# left out: 0 complete and 1 incomplete numeric columns of step load_data');
    expect(stepParts(texts[1] as string)).toMatchObject({ code: 'numeric = df[["a", "b"]]', leftOut: ['vf:left-out-incomplete'] });
    expect(stepParts(texts[3] as string).leftOut).toEqual(['vf:left-out-complete:1']);
    // one numeric column taken out of a table is a lookup, not a choice of columns
    expect(texts[2]).not.toContain('# left out');
    expect(texts[0]).not.toContain('# left out');
  });

  it('gives the same text for a value stored as JSON text and as a parsed object', () => {
    const value = { type: 'DataFrame', shape: [891, 12], nulls: { Age: 177 } };
    const a = stepCompletion({ name: 'df', code: 'df = load()', value });
    const b = stepCompletion({ name: 'df', code: 'df = load()', value: JSON.stringify(value) });
    expect(a).toBe(b);
    // step-text-v2: a table's shape (and missing values, statistics) come first
    expect(a).toContain('# value: {shape: [891, 12], type: "DataFrame", nulls: {Age: 177}}');
  });

  it('puts what can be checked without gold first: shape, missing values, statistics, then columns and head rows', () => {
    const columns = Array.from({ length: 40 }, (_, i) => `column_number_${i}`);
    const value = { shape: [891, 40], columns, dtypes: Object.fromEntries(columns.map((c) => [c, 'float64'])), head: [[1, 2]], missing: { Age: 177 }, stats: { Age: { mean: 29.7, min: 0.42, max: 80 } } };
    const text = stepCompletion({ name: 'df', code: 'df = load()', value, value_type: 'DataFrame' });
    expect(text).toContain('# value (DataFrame): {shape: [891, 40], missing: {Age: 177}, stats: {Age: {mean: 29.7, min: 0.42, max: 80}}, columns: [');
  });

  it('is a pure function: the same step gives the same text', () => {
    const step = { name: 'x', code: 'x = 1', value: [1, 2, 3] };
    expect(stepCompletion(step)).toBe(stepCompletion({ ...step }));
  });
});

describe('valueSummary', () => {
  it('shows scalars in full; a string argument is JSON text, as the corpus returns it', () => {
    expect(valueSummary(0.123456789012)).toBe('0.123456789012');
    expect(valueSummary('"C"')).toBe('"C"');
    expect(valueSummary('12.5')).toBe('12.5');
    expect(valueSummary(true)).toBe('True');
    expect(valueSummary(null)).toBe('None');
  });

  it('bounds long lists, wide objects and the whole summary', () => {
    expect(valueSummary(Array.from({ length: 20 }, (_, i) => i))).toBe('[0, 1, 2, 3, 4, 5, 6, 7, ...+12]');
    const wide = Object.fromEntries(Array.from({ length: 40 }, (_, i) => [`column_${i}`, { mean: i * 1.5, std: i / 3 }]));
    const text = valueSummary(wide);
    expect(text.length).toBeLessThanOrEqual(VALUE_MAX_CHARS);
    expect(text.endsWith('...')).toBe(true);
  });

  it('shows text that is not JSON as it is', () => {
    expect(valueSummary('<Figure size 640x480>')).toBe('<Figure size 640x480>');
  });
});
