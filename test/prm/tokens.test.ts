import { describe, expect, it } from 'vitest';
import { hashingEmbed, hashTokens } from '../../src/prm/embed-hashing.js';
import { episodePrompt, stepCompletion } from '../../src/prm/step-text.js';
import { codeTokens, identifierWords, numberBucket, proseTokens, stepTokens, valueTokens } from '../../src/prm/tokens.js';

const dot = (a: Float32Array, b: Float32Array) => a.reduce((s, x, i) => s + x * (b[i] as number), 0);

describe('tokens', () => {
  it('buckets numbers by sign, decimal order and integrality', () => {
    expect(numberBucket('32.2')).toBe('+e1f');
    expect(numberBucket('891')).toBe('+e2i');
    expect(numberBucket('-0.004')).toBe('-e-3f');
    expect(numberBucket('0')).toBe('0');
    expect(numberBucket('1e30')).toBe('+e9i');
  });

  it('splits identifiers into words', () => {
    expect(identifierWords('meanFare_by_Pclass')).toEqual(['mean', 'fare', 'by', 'pclass']);
  });

  it('gives code operators, bigrams, column words and number buckets', () => {
    const tokens = codeTokens("adults = df[df['Age'] >= 18]");
    expect(tokens).toContain('c:>=');
    expect(tokens).toContain("c2:[ str:age");
    expect(tokens).toContain('w:age');
    expect(tokens).toContain('c:num:+e1i');
  });

  it('ties value numbers to the key before them', () => {
    expect(valueTokens('{nulls: {Age: 177}}')).toContain('vk:age=+e2i');
  });

  it('puts question words and code column names into one shared namespace', () => {
    const q = proseTokens('What is the average fare of adults?');
    const s = stepTokens(stepCompletion({ name: 'm', code: "m = adults['Fare'].mean()", value: 3 }));
    expect(q).toContain('w:fare');
    expect(s).toContain('w:fare');
  });
});

describe('hashing embedding', () => {
  it('is deterministic and unit-length', () => {
    const text = stepCompletion({ name: 'df', code: "df = pd.read_csv('train.csv')", value: { shape: [891, 12] } });
    const a = hashingEmbed(text, 'step', 256);
    expect(Array.from(hashingEmbed(text, 'step', 256))).toEqual(Array.from(a));
    expect(Math.sqrt(dot(a, a))).toBeCloseTo(1, 5);
  });

  it('makes a step that uses the asked-about column closer to the question than one that uses another', () => {
    const prompt = hashingEmbed(episodePrompt({ question: 'What is the average fare of passengers older than 30?' }), 'prompt', 1024);
    const right = hashingEmbed(stepCompletion({ name: 'avg', code: "avg = older['Fare'].mean()", value: 35.1 }), 'step', 1024);
    const wrong = hashingEmbed(stepCompletion({ name: 'avg', code: "avg = older['SibSp'].mean()", value: 0.4 }), 'step', 1024);
    expect(dot(prompt, right)).toBeGreaterThan(dot(prompt, wrong));
  });

  it('an empty token list is the zero vector, not NaN', () => {
    expect(Array.from(hashTokens([], 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});
