// The pure parts of evidence tiers: which tier a run gives, --evidence parsing, a prefix's final
// output, and an error detail without the native stack trace a library appended.
import { beforeAll, describe, expect, it } from 'vitest';
import { joinScript } from '../../extractors/notebook-script.js';
import { findFinalOutput } from '../../extractors/python/final-output.js';
import { loadPythonParser, type PythonParser } from '../../extractors/python/parser.js';
import { analyzeProgram } from '../../extractors/python/program.js';
import { errorMessageOnly } from '../../src/execute/classify.js';
import { localDifference, parseEvidence, tierCells, tierOf } from '../../src/hooks/evidence.js';

let parser: PythonParser;
beforeAll(async () => {
  parser = await loadPythonParser();
});

describe('evidence tiers', () => {
  it('gives each run its tier, and nothing for a run that stopped outside any cell', () => {
    expect(tierOf({ status: 'completed', outcome: 'reproduced', reason: null, failed_cell: null })).toBe('kaggle_reproduced');
    expect(tierOf({ status: 'completed', outcome: 'ran', reason: null, failed_cell: null })).toBe('local_deterministic');
    expect(tierOf({ status: 'completed', outcome: 'failed', reason: 'output_mismatch', failed_cell: null })).toBe('local_deterministic');
    expect(tierOf({ status: 'failed', outcome: 'failed', reason: 'missing_module', failed_cell: 5 })).toBe('prefix');
    expect(tierOf({ status: 'failed', outcome: 'failed', reason: 'sandbox_error', failed_cell: null })).toBeNull();
    expect(tierOf({ status: 'failed', outcome: 'failed', reason: 'error', failed_cell: null })).toBeNull();
  });

  it('keeps only the cells before the stop cell of a prefix', () => {
    const script = joinScript([
      { cellIndex: 0, code: 'a = 1' },
      { cellIndex: 2, code: 'b = a + 1' },
      { cellIndex: 3, code: 'c = b * 2' },
      { cellIndex: 4, code: 'd = c' },
    ]);
    expect(tierCells(script, { status: 'failed', outcome: 'failed', reason: 'error', failed_cell: 3 }).map((c) => c.cellIndex)).toEqual([0, 2]);
    expect(tierCells(script, { status: 'completed', outcome: 'ran', reason: null, failed_cell: null }).map((c) => c.cellIndex)).toEqual([0, 2, 3, 4]);
  });

  it('parses --evidence, and refuses an unknown tier by name', () => {
    expect(parseEvidence(undefined)).toEqual(['kaggle_reproduced', 'local_deterministic', 'prefix']);
    expect(parseEvidence(['prefix', 'kaggle_reproduced,prefix'])).toEqual(['prefix', 'kaggle_reproduced']);
    expect(() => parseEvidence(['reproduced'])).toThrow(/--evidence: unknown tier 'reproduced'/);
  });

  it('says why a local run differs from Kaggle', () => {
    expect(localDifference('ran', 'no outputs were recorded to compare with', [])).toMatch(/^nothing recorded to compare/);
    expect(localDifference('failed', 'cell 3: stdout differs', ['cell 3'])).toBe('random draw: cell 3 change with the seed');
    expect(localDifference('failed', 'cell 3: number 0.81 vs 0.82', [])).toMatch(/^numeric drift or library difference: cell 3/);
  });
});

describe('a prefix final output', () => {
  const final = (cells: string[]) => {
    const program = analyzeProgram(parser, cells.map((source, cellIndex) => ({ cellIndex, source })));
    program.prefix = true;
    return findFinalOutput(program);
  };

  it('is the last value computed: a binding, a print, a display; imports, definitions and plots are passed over', () => {
    expect(final(['x = 1\ny = x + 1', 'import numpy as np\ndef f():\n    return 2'])).toMatchObject({ kind: 'value', statement: { cellIndex: 0, text: 'y = x + 1' } });
    expect(final(['x = 1\ny = x + 1', 'print(y)', 'import matplotlib.pyplot as plt\nplt.plot([y])'])).toMatchObject({ kind: 'print', statement: { cellIndex: 1 } });
    expect(final(['df = [1, 2]', 'df'])).toMatchObject({ kind: 'display', statement: { cellIndex: 1 } });
    expect(final(['df = {}', "df.update(a=1)"])?.kind).toBe('value');
    expect(final(['import pandas as pd'])).toBeUndefined();
  });

  it('is not used for a notebook that ran to its end', () => {
    const program = analyzeProgram(parser, [{ cellIndex: 0, source: 'x = 1\ny = x + 1' }]);
    expect(findFinalOutput(program)).toBeUndefined();
  });
});

describe('an error detail', () => {
  it("drops the native stack trace xgboost appends, and keeps a short message whole", () => {
    const xgb = '[10:22:33] ../src/learner.cc:1234: Check failed: labels are not in [0, num_class)\nStack trace:\n  [bt] (0) /usr/lib/libxgboost.so(+0x1234) [0x7f]\n  [bt] (1) /usr/lib/libxgboost.so(+0x5678) [0x7f]\n';
    expect(errorMessageOnly(xgb)).toBe('[10:22:33] ../src/learner.cc:1234: Check failed: labels are not in [0, num_class)');
    expect(errorMessageOnly("name 'x' is not defined")).toBe("name 'x' is not defined");
  });
});
