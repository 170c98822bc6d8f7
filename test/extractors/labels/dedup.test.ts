import { beforeAll, describe, expect, it } from 'vitest';
import { codeTokens, estimatedJaccard, exactKey, minhash, nearDuplicateClusters } from '../../../extractors/labels/dedup.js';
import { loadPythonParser, type PythonParser } from '../../../extractors/python/parser.js';

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

const BASE = `import pandas as pd
train = pd.read_csv('../input/train.csv')
train['Age'] = train['Age'].fillna(train['Age'].median())
features = ['Pclass', 'Sex', 'Age', 'Fare']
X = pd.get_dummies(train[features])
y = train['Survived']
from sklearn.ensemble import RandomForestClassifier
model = RandomForestClassifier(n_estimators=100, max_depth=5, random_state=1)
model.fit(X, y)
print(model.score(X, y))
`;

describe('exact key', () => {
  it('ignores comments, blank lines, spacing and quote style', () => {
    const variant = `# my fork\n\n${BASE.replace("'../input/train.csv'", '"../input/train.csv"').replace('n_estimators=100', 'n_estimators = 100')}`;
    expect(exactKey(codeTokens(parser, variant))).toBe(exactKey(codeTokens(parser, BASE)));
    expect(exactKey(codeTokens(parser, BASE.replace('median', 'mean')))).not.toBe(exactKey(codeTokens(parser, BASE)));
  });
});

describe('near-duplicate clusters', () => {
  it('puts a lightly edited fork with its original and keeps a different notebook apart', () => {
    const fork = BASE.replace('max_depth=5', 'max_depth=6') + "print('done')\n";
    const other = `import numpy as np\nvalues = np.arange(100)\nsquares = values ** 2\nprint(squares.sum(), squares.mean())\n`;
    const items = [
      { id: 'a', signature: minhash(codeTokens(parser, BASE)) },
      { id: 'b', signature: minhash(codeTokens(parser, fork)) },
      { id: 'c', signature: minhash(codeTokens(parser, other)) },
    ];
    expect(estimatedJaccard(items[0]!.signature, items[1]!.signature)).toBeGreaterThan(0.7);
    const clusters = nearDuplicateClusters(items, 0.7);
    expect(clusters.get('b')).toBe('a');
    expect(clusters.get('c')).toBe('c');
  });

  it('is deterministic', () => {
    expect(minhash(codeTokens(parser, BASE))).toEqual(minhash(codeTokens(parser, BASE)));
  });
});
