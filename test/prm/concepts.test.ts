import { describe, expect, it } from 'vitest';
import { codeConcepts, conceptPairTokens, questionConcepts } from '../../src/prm/concepts.js';
import { episodePrompt, stepCompletion } from '../../src/prm/step-text.js';
import { operationTokens, pairTokens, questionWords, stepTokens } from '../../src/prm/tokens.js';

describe('concepts', () => {
  it('maps different question words for one idea to one concept', () => {
    expect(questionConcepts(['fewest', 'rows'])).toEqual(new Set(['min', 'count']));
    expect(questionConcepts(['lowest'])).toEqual(questionConcepts(['least']));
    expect(questionConcepts(['weather', 'season'])).toEqual(new Set());
  });

  it('reads concepts from methods, operators and aggregation names in strings', () => {
    const code = "best = df.groupby('g')['x'].agg('median').nlargest(1)\nhit = df[df['y'] <= 3]";
    expect(codeConcepts(operationTokens(code), code)).toEqual(new Set(['median', 'max', 'less']));
  });

  it('pairs every question concept with every code concept, and marks operations the question never asks for', () => {
    expect(conceptPairTokens(new Set(['min']), new Set(['max', 'count'])).sort()).toEqual(['sem:-|count', 'sem:-|max', 'sem:min|count', 'sem:min|max']);
  });

  it('gives a right and a mutated step different concept pairs that carry over between wordings', () => {
    const least = episodePrompt({ question: 'Which value of `Embarked` is the least common?' });
    const lowest = episodePrompt({ question: 'Which `Pclass` has the lowest count?' });
    const right = stepCompletion({ name: 'pick', code: 'pick = counts.idxmin()', value: 'Q' });
    const mutated = stepCompletion({ name: 'pick', code: 'pick = counts.idxmax()', value: 'S' });
    const sem = (prompt: string, step: string) => pairTokens(prompt, step).filter((t) => t.startsWith('sem:'));
    expect(sem(least, right)).toContain('sem:min|min');
    expect(sem(least, mutated)).toContain('sem:min|max');
    // the same concept pair from a question worded differently (x: pairs differ, sem: pairs do not)
    expect(sem(lowest, right)).toContain('sem:min|min');
    expect(questionWords(lowest).has('least')).toBe(false);
  });
});

describe('value type token', () => {
  it('marks the step a mutant crashed in', () => {
    const crashed = stepCompletion({ name: 'model', code: 'model = fit(X)', value: JSON.stringify("ValueError: Input X contains NaN"), value_type: 'error' });
    expect(stepTokens(crashed)).toContain('vt:error');
    expect(stepTokens(stepCompletion({ name: 'n', code: 'n = len(df)', value: 3, value_type: 'int' }))).toContain('vt:int');
  });
});
