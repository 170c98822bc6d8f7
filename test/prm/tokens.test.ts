import { describe, expect, it } from 'vitest';
import { hashingEmbed, hashTokens } from '../../src/prm/embed-hashing.js';
import { episodePrompt, stepCompletion } from '../../src/prm/step-text.js';
import { codeTokens, identifierWords, numberBucket, operationTokens, pairTokens, proseTokens, questionWords, stepTokens, valueFeatures, valueTokens } from '../../src/prm/tokens.js';

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

describe('question x step pair tokens', () => {
  const prompt = episodePrompt({ question: 'What is the average fare of passengers older than 30?' });

  it('drops function words and numbers from the question', () => {
    expect([...questionWords(prompt)]).toEqual(['question', 'average', 'fare', 'passengers', 'older']);
  });

  it('says whether the columns in the code are the ones the question names', () => {
    const right = pairTokens(prompt, stepCompletion({ name: 'avg', code: "avg = older['Fare'].mean()", value: 35.1 }));
    const wrong = pairTokens(prompt, stepCompletion({ name: 'avg', code: "avg = older['SibSp'].mean()", value: 0.4 }));
    expect(right).toContain('em:column-in');
    expect(right).not.toContain('em:column-out');
    expect(wrong).toContain('em:column-out');
  });

  it('pairs every question word with what the code does, not with the names it does it to', () => {
    const tokens = pairTokens(prompt, stepCompletion({ name: 's', code: "s = older['Fare'].sum()", value: 9 }));
    expect(tokens).toContain('x:average|.sum');
    expect(tokens.some((t) => t.includes('str:') || t.includes('|older'))).toBe(false);
  });
});

describe('operationTokens', () => {
  it('keeps methods, calls, keyword arguments, operators and small literals', () => {
    expect([...operationTokens("top = s.sort_values(ascending=False).index[0] + round(x['A'] >= 3, 2)")].sort()).toEqual(
      ['+', '.index', '.sort_values', '>=', 'ascending=False', 'lit:0', 'lit:2', 'lit:3', 'round('].sort(),
    );
  });
});

describe('hashing embedding', () => {
  it('embeds a step in its question\'s context when given the pair', () => {
    const step = stepCompletion({ name: 's', code: "s = df['Fare'].sum()", value: 9 });
    const alone = hashingEmbed(step, 'step', 256);
    const a = hashingEmbed(`${episodePrompt({ question: 'total fare?' })}\u0000${step}`, 'step', 256);
    const b = hashingEmbed(`${episodePrompt({ question: 'average fare?' })}\u0000${step}`, 'step', 256);
    expect(Array.from(a)).not.toEqual(Array.from(b));
    expect(Array.from(a)).not.toEqual(Array.from(alone));
    expect(Math.sqrt(dot(a, a))).toBeCloseTo(1, 5);
  });

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

  it('gives a contradicted stated setting a dimension of its own, after the hashed buckets', async () => {
    const { DEDICATED_FEATURES, dedicatedDims } = await import('../../src/prm/embed-hashing.js');
    const step = stepCompletion({ name: 'model', code: 'model = Tree(max_depth=2).fit(X, y)', value: { estimator: 'Tree' }, value_type: 'Tree' });
    const at = (name: string) => 1024 - dedicatedDims(1024) + DEDICATED_FEATURES.indexOf(name as (typeof DEDICATED_FEATURES)[number]);
    const asked = (depth: number) => hashingEmbed(`${episodePrompt({ question: `Fit a tree (max_depth=${depth}).` })}\u0000${step}`, 'step', 1024);
    expect(asked(4)[at('em:kw-stated-conflict')]).toBeGreaterThan(0.1);
    expect(asked(4)[at('em:kw-stated-same')]).toBe(0);
    expect(asked(2)[at('em:kw-stated-conflict')]).toBe(0);
    expect(asked(2)[at('em:kw-stated-same')]).toBeGreaterThan(0.1);
    expect(Math.sqrt(dot(asked(4), asked(4)))).toBeCloseTo(1, 5);
    // a vector too small to spare dimensions has none
    expect(dedicatedDims(128)).toBe(0);
  });

  it('an empty token list is the zero vector, not NaN', () => {
    expect(Array.from(hashTokens([], 8))).toEqual([0, 0, 0, 0, 0, 0, 0, 0]);
  });
});

describe('valueFeatures (hashing v4)', () => {
  it('says what a value is in words that hold on any dataset', () => {
    expect(valueFeatures('37', 'int')).toEqual(['vf:whole', 'vf:percent-size']);
    expect(valueFeatures('0.3838', 'float')).toEqual(['vf:fraction', 'vf:unit']);
    expect(valueFeatures('-2.5', 'float')).toEqual(['vf:fraction', 'vf:negative']);
    expect(valueFeatures('None', 'NoneType')).toEqual(['vf:missing']);
    expect(valueFeatures('"ZeroDivisionError: division by zero"', 'error')).toEqual(['vf:error']);
    expect(valueFeatures('{shape: [0, 3], missing: {}, columns: [a, b, c]}', 'DataFrame')).toEqual(['vf:empty']);
    expect(valueFeatures('{shape: [891, 12], missing: {Age: 177}}', 'DataFrame')).toEqual(['vf:rows', 'vf:has-missing']);
  });

  it('pairs them with the question, so a count question next to a fraction is a feature', () => {
    const step = stepCompletion({ name: 'answer', code: 'answer = x.mean()', value: 0.25, value_type: 'float' });
    const tokens = pairTokens('# question: How many passengers survived?\n', step);
    expect(tokens).toContain('xv:many|vf:fraction');
    expect(tokens.some((t) => t.startsWith('semv:') && t.endsWith('|vf:fraction'))).toBe(true);
  });
});

describe('exact-match features of numbers and listed columns', () => {
  const prompt = (q: string) => `# data: playground-series-s3e5\n# question: ${q}\n`;
  it('tells a number the question states from one it does not, keyword arguments apart', async () => {
    const { exactMatchTokens } = await import('../../src/prm/exact-match.js');
    const q = prompt('Fit a decision tree (max_depth=4, random_state=0) on 25% held out; report the three largest values.');
    // a setting the question states: the same value, or a contradiction
    expect(exactMatchTokens(q, 'm = Tree(max_depth=4, random_state=0)')).toEqual(['em:kw-stated-same', 'em:kw-stated-same']);
    expect(exactMatchTokens(q, 'm = Tree(max_depth=5, random_state=0, n_estimators=100)')).toEqual(['em:kw-stated-conflict', 'em:kw-stated-same', 'em:kw-number-out']);
    expect(exactMatchTokens(q, 'a, b = split(X, test_size=0.25)\nv = s.nlargest(3)\nw = s.nlargest(5)')).toEqual(['em:kw-number-in', 'em:number-in', 'em:number-out']);
    // the data line's digits (s3e5) are not the question's
    expect(exactMatchTokens(prompt('What is the mean?'), 'v = s.head(3)')).toEqual(['em:number-out']);
  });

  it('counts the question columns a list of them leaves out', async () => {
    const { exactMatchTokens } = await import('../../src/prm/exact-match.js');
    const q = prompt('Predict `y` from `a`, `b`, `c`.');
    expect(exactMatchTokens(q, 'features = ["a", "b", "c"]')).toEqual(['em:list-omits:1']);
    expect(exactMatchTokens(q, 'features = ["a", "b"]')).toEqual(['em:list-omits:2']);
    expect(exactMatchTokens(q, "features = ['a', 'z']")).toEqual(['em:list-extra']);
    // a list of one counts; a column lookup is no list
    expect(exactMatchTokens(q, 'X = df[["a"]]\ny = df["y"]')).toEqual(['em:list-omits:3']);
  });
});
