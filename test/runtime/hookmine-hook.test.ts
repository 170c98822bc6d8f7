// The hook runtime, run by Debian's Python exactly as the sandbox runs it.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.js';

const RUNTIME = fileURLToPath(new URL('../../src/runtime', import.meta.url));

function runPython(code: string, env: Record<string, string> = {}) {
  const r = spawnSync('/usr/bin/python3', ['-c', `import sys; sys.path.insert(0, ${JSON.stringify(RUNTIME)})\n${code}`], {
    encoding: 'utf8',
    env: { PATH: '/usr/bin:/bin', OPENBLAS_NUM_THREADS: '1', ...env },
    timeout: 60_000,
  });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

function capture(code: string): Record<string, unknown>[] {
  const out = join(tempDir(), 'hooks.jsonl');
  runPython(code, { HOOKMINE_HOOK_OUT: out });
  return readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
}

describe('hookmine_hook.hook', () => {
  it('records name, variable, code line, dependencies, place and value for scalars', () => {
    const [r] = capture(`from hookmine_hook import hook\nx = 0.1 + 0.2\nprint(hook(x, "x = 0.1 + 0.2", "compute:x", ["load:a"], variable="x", cell=3, line=2))`);
    expect(r).toMatchObject({
      seq: 0, name: 'compute:x', variable_name: 'x', code_line: 'x = 0.1 + 0.2', depends_on: ['load:a'],
      cell_index: 3, line: 2, value_type: 'float', value: 0.30000000000000004,
    });
    expect(r?.value_hash).toMatch(/^[0-9a-f]{64}$/);
    expect(typeof r?.elapsed_us).toBe('number');
  });

  it('returns None into the program', () => {
    expect(runPython('from hookmine_hook import hook\nprint(hook(1, "", "n", []))')).toBe('None\n');
  });

  it('hashes floats rounded and ints like floats, and DataFrames by content', () => {
    const out = runPython(`
import numpy as np, pandas as pd
from hookmine_hook import value_hash as h
df = pd.DataFrame({'a': [1.0, 2.0], 'b': ['x', 'y']})
print(h(0.1 + 0.2) == h(0.3), h(1) == h(1.0) == h(np.int64(1)), h(df) == h(df.copy()), h(df) == h(df.iloc[::-1]), h(df) == h(df.assign(a=[1.0, 2.5])))
`);
    expect(out.trim()).toBe('True True True False False');
  });

  it('hashes and summarises frames with a MultiIndex (a group-by on two keys)', () => {
    const out = runPython(`
import pandas as pd
from hookmine_hook import hook, records, value_hash as h
df = pd.DataFrame({'a': ['x', 'x', 'y'], 'b': [1, 2, 1], 'v': [1.0, 2.0, 3.0]})
g = df.groupby(['a', 'b'])['v'].sum()
hook(g, "g = ...", "aggregate:g", [])
print(h(g) == h(g.copy()), h(g) != h(g * 2), records()[0]["value_type"], records()[0].get("error"))`);
    expect(out.trim()).toBe('True True Series None');
  });

  it('summarises a DataFrame: shape, dtypes, head, numeric stats, missing values', () => {
    const [r] = capture(`
import numpy as np, pandas as pd
from hookmine_hook import hook
df = pd.DataFrame({'a': [1.0, np.nan, 3.0], 'b': ['x', 'y', 'z']})
hook(df, "df = ...", "load:df", [])`);
    expect(r?.value_type).toBe('DataFrame');
    expect(r?.value).toMatchObject({
      shape: [3, 2],
      columns: ['a', 'b'],
      dtypes: { a: 'float64', b: 'object' },
      head: [[1, 'x'], ['NaN', 'y'], [3, 'z']],
      missing: { a: 1 },
      stats: { a: { mean: 2, min: 1, max: 3, sum: 4 } },
    });
  });

  it('never consumes an iterator, never raises into the program', () => {
    const out = runPython(`
from hookmine_hook import hook, records
it = iter([1, 2, 3])
hook(it, "it", "iter", [])
class Evil:
    def __repr__(self): raise RuntimeError("no repr")
    def __len__(self): raise RuntimeError("no len")
hook(Evil(), "e", "evil", [])
print(list(it), len(records()), records()[1]["value_type"])`);
    expect(out.trim()).toBe('[1, 2, 3] 2 Evil');
  });

  it('caps captures per name so a hook inside a loop stays cheap', () => {
    const out = runPython(`
from hookmine_hook import hook, records
for i in range(500):
    hook(i, "i", "loop", [])
print(len(records()))`);
    expect(out.trim()).toBe('50');
  });

  it('summarises fitted estimators by parameters and learned coefficients', () => {
    const [r] = capture(`
import numpy as np
from sklearn.linear_model import LinearRegression
from hookmine_hook import hook
m = LinearRegression().fit(np.array([[1.0], [2.0], [3.0]]), np.array([2.0, 4.0, 6.0]))
hook(m, "m.fit(X, y)", "fit:m", [])`);
    expect(r?.value).toMatchObject({ estimator: 'LinearRegression', params: { fit_intercept: true } });
    expect((r?.value as { coef_: { values: number[] } }).coef_.values[0]).toBeCloseTo(2, 10);
  });
});
