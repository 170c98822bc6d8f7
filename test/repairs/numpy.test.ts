// numpy's removed aliases of builtins.
import { describe, expect, it } from 'vitest';
import { numpyAliases } from '../../extractors/repairs/numpy.js';
import { ABSENT, facts, PRESENT, repair } from './helpers.js';

describe('numpy-builtin-aliases', () => {
  it('np.float / np.int / np.object -> the builtins where the installed numpy removed them', async () => {
    const code = 'import numpy as np\nx = df.astype(np.float)\ny = np.int(3.7)\nz = np.array(a, dtype=np.object)\nw = np.float64(1)\n';
    expect(await repair(code, { rules: [numpyAliases], facts: facts({ 'numpy.float': ABSENT, 'numpy.int': ABSENT, 'numpy.object': ABSENT }) })).toBe(
      'import numpy as np\nx = df.astype(float)\ny = int(3.7)\nz = np.array(a, dtype=object)\nw = np.float64(1)\n',
    );
    expect(await repair('import numpy as np\nx = np.float(1)\n', { rules: [numpyAliases], facts: facts({ 'numpy.float': PRESENT }) })).toBe('import numpy as np\nx = np.float(1)\n');
  });
});
