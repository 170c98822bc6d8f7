import { describe, expect, it } from 'vitest';
import { checkReproduction, type StoredCell } from '../../src/execute/reproduce.js';
import { filterVolatileText, volatileOutput } from '../../src/execute/volatile.js';
import type { CellResult, ExecutionResult } from '../../src/execute/types.js';
import type { StoredOutput } from '../../extractors/outputs.js';

const tol = { rtol: 1e-5, atol: 1e-8 };

function cell(cellIndex: number, stdout = '', display: string[] = [], status: CellResult['status'] = 'ok', ename: string | null = null): CellResult {
  return { cellIndex, status, durationMs: 1, stdout, stdoutBytes: stdout.length, stderr: '', stderrBytes: 0, display: display.map((text) => ({ kind: 'result', text, mimes: ['text/plain'] })), ename, evalue: null };
}

function run(cells: CellResult[], extra: Partial<ExecutionResult> = {}): ExecutionResult {
  return { status: 'completed', failure: null, cells, files: [], error: null, deviations: [], ...extra } as ExecutionResult;
}

const out = (text: string): StoredOutput => ({ output_type: 'stream', name: 'stdout', text });
const result = (text: string, mimes = ['text/plain']): StoredOutput => ({ output_type: 'execute_result', text, mimes });
const stored = (cellIndex: number, ...outputs: StoredOutput[]): StoredCell => ({ cellIndex, executionCount: cellIndex + 1, outputs });

describe('checkReproduction', () => {
  it('is reproduced when every comparable stored output matches (numbers within tolerance)', () => {
    const r = checkReproduction(run([cell(0, 'rows 891\n'), cell(1, '', ['0.8123456'])]), [stored(0, out('rows 891\n')), stored(1, result('0.8123457'))], [], tol);
    expect(r).toMatchObject({ outcome: 'reproduced', reason: null, detail: '2 recorded output(s) match' });
    expect(r.checks).toEqual([
      { targetKind: 'cell_output', target: '0', matched: true, detail: null },
      { targetKind: 'cell_output', target: '1', matched: true, detail: null },
    ]);
  });

  it('is an output_mismatch that says what differed, and counts the differing outputs', () => {
    const r = checkReproduction(run([cell(0, 'accuracy 0.81\n'), cell(1, '', ['418'])]), [stored(0, out('accuracy 0.79\n')), stored(1, result('417'))], [], tol);
    expect(r.outcome).toBe('failed');
    expect(r.reason).toBe('output_mismatch');
    expect(r.detail).toBe("cell 0: stdout line 1 after 'accuracy': '0.79' vs '0.81' (produced line 1) (2 of 2 compared outputs differ)");
  });

  it('sets aside stderr, figures, object and estimator reprs, timings and progress bars', () => {
    const storedCells = [
      stored(0, { output_type: 'stream', name: 'stderr', text: 'FutureWarning: something\n' }, result('<Figure size 640x480 with 1 Axes>'), result('<matplotlib.axes._subplots.AxesSubplot at 0x7f3a2c1d>')),
      stored(1, result('RandomForestClassifier(max_depth=5, n_estimators=100, random_state=1)')),
      stored(2, out('Wall time: 1.2 s\n100%|██████████| 10/10 [00:01<00:00]\n')),
    ];
    const r = checkReproduction(run([cell(0, '', ['<Figure size 640x480 with 1 Axes>']), cell(1, '', ['RandomForestClassifier(max_depth=5, random_state=1)']), cell(2, 'Wall time: 3.4 s\n')]), storedCells, [], tol);
    expect(r.outcome).toBe('ran');
    expect(r.detail).toMatch(/^only volatile outputs were recorded/);
    expect(r.summary.setAside).toEqual({ stderr: 1, figure: 1, 'object repr': 1, 'estimator repr (depends on the library version)': 1, 'timing line': 1, 'progress line': 1 });
  });

  it('sets aside the output of a shell command that did not run here (pip install)', () => {
    const deviations = [{ kind: 'shell_dropped' as const, cell: 0, line: 1, before: '!pip install plotly', after: 'pass' }];
    const r = checkReproduction(run([cell(0, ''), cell(1, 'ok\n')], { deviations }), [stored(0, out('Requirement already satisfied: plotly\n')), stored(1, out('ok\n'))], [], tol);
    expect(r.outcome).toBe('reproduced');
    expect(r.summary.setAside).toEqual({ 'output of a dropped command': 1 });
  });

  it('is ran when nothing was recorded to compare with', () => {
    expect(checkReproduction(run([cell(0, 'hello\n')]), [stored(0)], [], tol)).toMatchObject({ outcome: 'ran', detail: 'no outputs were recorded to compare with' });
  });

  it('accepts a directory listing in another order', () => {
    const r = checkReproduction(run([cell(0, '/kaggle/input/t/test.csv\n/kaggle/input/t/train.csv\n')]), [stored(0, out('/kaggle/input/t/train.csv\n/kaggle/input/t/test.csv\n'))], [], tol);
    expect(r.outcome).toBe('reproduced');
  });

  it('keeps the run failure as the reason and notes when Kaggle recorded the same exception', () => {
    const failedRun = run([cell(0, 'x\n'), cell(1, '', [], 'error', 'KeyError')], { status: 'failed', failure: { reason: 'error', detail: "cell 1: KeyError: 'SalePrice'" } });
    const r = checkReproduction(failedRun, [stored(0, out('x\n')), stored(1, { output_type: 'error', ename: 'KeyError', evalue: "'SalePrice'", traceback: [] })], [], tol);
    expect(r).toMatchObject({ outcome: 'failed', reason: 'error' });
    expect(r.detail).toBe("cell 1: KeyError: 'SalePrice' (Kaggle's stored outputs show the same KeyError in this cell)");
    expect(r.checks).toEqual([{ targetKind: 'cell_output', target: '0', matched: true, detail: null }]);
  });

  it("compares Kaggle's output files with the run's files, CSVs by id and value", () => {
    const files = [{ path: 'submission.csv', sizeBytes: 20, sha256: 'x', preview: '', content: Buffer.from('Id,y\n1,0.5\n2,0.25\n') }];
    const same = checkReproduction(run([], { files }), [], [{ fileName: 'submission.csv', content: Buffer.from('Id,y\n2,0.25\n1,0.5000001\n') }], tol);
    expect(same.outcome).toBe('reproduced');
    expect(same.checks).toEqual([{ targetKind: 'output_file', target: 'submission.csv', matched: true, detail: null }]);
    const missing = checkReproduction(run([], { files: [] }), [], [{ fileName: 'submission.csv', content: Buffer.from('Id,y\n') }], tol);
    expect(missing).toMatchObject({ outcome: 'failed', reason: 'output_mismatch', detail: 'file submission.csv: not produced by the run' });
  });

  it('flags stored outputs that come from an out-of-order run', () => {
    const cells = [{ ...stored(0, out('a\n')), executionCount: 5 }, { ...stored(1, out('b\n')), executionCount: 2 }];
    const r = checkReproduction(run([cell(0, 'a\n'), cell(1, 'b\n')]), cells, [], tol);
    expect(r.summary.outOfOrder).toBe(true);
    expect(r.detail).toMatch(/out-of-order run/);
  });
});

describe('volatile outputs', () => {
  it('recognises reprs that depend on memory, time or library versions, and keeps data', () => {
    expect(volatileOutput('<seaborn.axisgrid.FacetGrid at 0x7f0>')).toBe('object repr');
    expect(volatileOutput('[<matplotlib.lines.Line2D at 0x7f1>]')).toBe('object repr');
    expect(volatileOutput("Text(0.5, 1.0, 'Age')")).toBe('plot artist');
    expect(volatileOutput('GridSearchCV(cv=5, estimator=SVC())')).toMatch(/estimator repr/);
    expect(volatileOutput('{}', ['application/vnd.plotly.v1+json'])).toBe('interactive figure');
    expect(volatileOutput("Index(['Age', 'Fare'], dtype='object')")).toBeNull();
    expect(volatileOutput('   a  b\n0  1  2')).toBeNull();
    expect(volatileOutput('0.8123')).toBeNull();
  });

  it('drops timing and progress lines and masks memory addresses', () => {
    const f = filterVolatileText('epoch 1\nCPU times: user 1.2 s\nloss 0.5\r loss 0.4\nobj at 0x7f3a2c1d9e\nscore 0.81\n');
    expect(f.text).toBe('epoch 1\nobj at 0x…\nscore 0.81\n');
    expect(f.dropped).toEqual({ timing: 1, progress: 1 });
  });
});
