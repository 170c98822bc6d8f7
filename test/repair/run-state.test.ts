// How far a run got decides whether a repair is kept: reproduced > completed > failed later > failed earlier.
import { describe, expect, it } from 'vitest';
import { compareProgress, stateFromStored, type RunState } from '../../src/repair/run-state.js';

function state(partial: Partial<RunState>): RunState {
  return { executionId: 'ex', outcome: 'failed', reason: 'error', detail: null, completed: false, failedAt: null, sourceCell: null, ename: null, evalue: null, traceback: null, matched: 0, wallLimitMs: null, ...partial };
}

describe('compareProgress', () => {
  it('orders reproduced, completed, and failures by where they stopped', () => {
    const reproduced = state({ outcome: 'reproduced', reason: null, completed: true, matched: 3 });
    const ran = state({ outcome: 'ran', reason: null, completed: true });
    const mismatch = state({ reason: 'output_mismatch', completed: true, matched: 2 });
    const late = state({ failedAt: { cell: 9, line: 1 } });
    const sameCellLater = state({ failedAt: { cell: 4, line: 7 } });
    const early = state({ failedAt: { cell: 4, line: 2 } });
    const ordered = [reproduced, ran, mismatch, late, sameCellLater, early];
    for (let i = 0; i < ordered.length - 1; i++) expect(compareProgress(ordered[i] as RunState, ordered[i + 1] as RunState)).toBe(1);
    expect(compareProgress(early, state({ failedAt: { cell: 4, line: 2 } }))).toBe(0);
    expect(compareProgress(state({ reason: 'output_mismatch', completed: true, matched: 5 }), mismatch)).toBe(1);
  });
});

describe('stateFromStored', () => {
  it('reads where a stored run stopped from its traceback, and its limit from its environment', () => {
    const s = stateFromStored({
      status: 'failed', outcome: 'failed', reason: 'error', reason_detail: 'cell 3: KeyError', failed_cell: 3, ename: 'KeyError', evalue: "'x'",
      traceback: 'Traceback (most recent call last):\n  File "<cell 3>", line 5, in <module>\n    f()\n  File "<cell 1>", line 2, in f\nKeyError: \'x\'',
      environment: JSON.stringify({ limits: { wallMs: 420000 } }),
    });
    expect(s).toMatchObject({ executionId: null, failedAt: { cell: 3, line: 5 }, sourceCell: 1, wallLimitMs: 420000, completed: false });
  });
});
