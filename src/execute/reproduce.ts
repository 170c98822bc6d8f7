// The reproduction check: a run against what Kaggle recorded. Per cell, the stored stdout and the
// stored text/plain results and displays against the run's (numbers with tolerance, whitespace
// normalised, volatile outputs set aside); per output file Kaggle kept, the file against the
// run's (CSV by columns, ids and values). Pure: stored outputs and the run in, checks out.
import { compareCsv } from '../compare/csv.js';
import { compareText } from '../compare/text.js';
import type { Tolerance } from '../compare/tolerance.js';
import type { StoredOutput } from '../../extractors/outputs.js';
import { filterVolatileText, volatileOutput } from './volatile.js';
import type { CellResult, ExecutionResult, FailureReason, OutputFile } from './types.js';

export interface StoredCell {
  cellIndex: number;
  executionCount: number | null;
  outputs: StoredOutput[];
}

export interface KaggleFile {
  fileName: string;
  content: Buffer;
}

export interface OutputCheck {
  /** final_output: a hooked run's check against its base run (verify) */
  targetKind: 'cell_output' | 'output_file' | 'final_output';
  target: string;
  matched: boolean;
  detail: string | null;
}

export interface ComparisonSummary {
  cellsCompared: number;
  cellsMatched: number;
  filesCompared: number;
  filesMatched: number;
  /** outputs set aside, by reason (stderr, figure, timing, object repr, ...) */
  setAside: Record<string, number>;
  /** the stored outputs come from cells run out of order (execution counts not increasing) */
  outOfOrder: boolean;
  /** the run failed in a cell where Kaggle's stored outputs show the same exception */
  sameErrorAsStored: { cell: number; ename: string } | null;
  firstMismatch: string | null;
}

export interface Reproduction {
  outcome: 'reproduced' | 'ran' | 'failed';
  reason: FailureReason | null;
  detail: string | null;
  checks: OutputCheck[];
  summary: ComparisonSummary;
}

function count(into: Record<string, number>, key: string, n = 1): void {
  into[key] = (into[key] ?? 0) + n;
}

interface Comparable {
  stdout: string;
  shown: string[];
}

/** The comparable part of Kaggle's stored outputs of one cell. */
function storedComparable(outputs: StoredOutput[], setAside: Record<string, number>): Comparable | null {
  let stdout = '';
  const shown: string[] = [];
  for (const o of outputs) {
    if (o.truncated) {
      count(setAside, 'truncated by storage');
      return null;
    }
    if (o.output_type === 'stream') {
      if (o.name === 'stdout') stdout += o.text ?? '';
      else count(setAside, 'stderr');
    } else if (o.output_type === 'execute_result' || o.output_type === 'display_data') {
      if (o.text === undefined) {
        count(setAside, 'no text/plain');
        continue;
      }
      const why = volatileOutput(o.text, o.mimes ?? []);
      if (why) count(setAside, why);
      else shown.push(o.text);
    }
  }
  const filtered = filterVolatileText(stdout);
  for (const [k, v] of Object.entries(filtered.dropped)) count(setAside, `${k} line`, v);
  if (filtered.text.trim() === '' && shown.length === 0) return null;
  return { stdout: filtered.text, shown };
}

function runComparable(cell: CellResult): Comparable {
  return {
    stdout: filterVolatileText(cell.stdout).text,
    shown: cell.display.filter((d) => volatileOutput(d.text, d.mimes) === null).map((d) => d.text),
  };
}

function compareCell(expected: Comparable, actual: Comparable, tol: Tolerance): string | null {
  if (expected.stdout.trim() !== '' || actual.stdout.trim() !== '') {
    const r = compareText(expected.stdout, actual.stdout, { tol });
    if (!r.match) {
      // Directory listings (os.walk over /kaggle/input) come in file-system order.
      const unordered = compareText(expected.stdout, actual.stdout, { tol, ignoreLineOrder: true });
      if (!unordered.match) return `stdout ${r.reason}`;
    }
  }
  if (expected.shown.length !== actual.shown.length) {
    return `${expected.shown.length} displayed value(s) recorded, ${actual.shown.length} produced`;
  }
  for (let i = 0; i < expected.shown.length; i++) {
    const r = compareText(expected.shown[i] as string, actual.shown[i] as string, { tol });
    if (!r.match) return `displayed value ${i + 1}: ${r.reason}`;
  }
  return null;
}

function findRunFile(files: OutputFile[], name: string): OutputFile | undefined {
  return files.find((f) => f.path === name) ?? files.find((f) => f.path.split('/').pop() === name);
}

function compareFile(kaggle: KaggleFile, produced: OutputFile | undefined, tol: Tolerance): string | null {
  if (!produced) return 'not produced by the run';
  if (produced.content === undefined) return `too large to compare (${produced.sizeBytes} bytes)`;
  if (/\.csv$/i.test(kaggle.fileName)) {
    const r = compareCsv(kaggle.content.toString('utf8'), produced.content.toString('utf8'), { tol });
    return r.match ? null : (r.reason ?? 'differs');
  }
  return Buffer.compare(kaggle.content, produced.content) === 0 ? null : 'bytes differ';
}

export function checkReproduction(run: ExecutionResult, stored: StoredCell[], kaggleFiles: KaggleFile[], tol: Tolerance): Reproduction {
  const setAside: Record<string, number> = {};
  const checks: OutputCheck[] = [];
  const byCell = new Map(run.cells.map((c) => [c.cellIndex, c]));
  const counts = stored.map((s) => s.executionCount).filter((n): n is number => n !== null);
  const outOfOrder = counts.some((n, i) => i > 0 && n <= (counts[i - 1] as number));
  let sameErrorAsStored: ComparisonSummary['sameErrorAsStored'] = null;

  // Output of a command that was not run here (pip install, a %%html cell) cannot be reproduced.
  const notRunHere = new Set(run.deviations.filter((d) => d.kind === 'shell_dropped' || d.kind === 'cell_dropped').map((d) => d.cell));
  for (const s of stored) {
    if (notRunHere.has(s.cellIndex) && s.outputs.length > 0) {
      count(setAside, 'output of a dropped command');
      continue;
    }
    const cell = byCell.get(s.cellIndex);
    const storedError = s.outputs.find((o) => o.output_type === 'error');
    if (cell?.status === 'error' && storedError && storedError.ename === cell.ename) sameErrorAsStored = { cell: s.cellIndex, ename: cell.ename ?? '' };
    if (!cell || cell.status !== 'ok') continue; // only cells that ran to their end are compared
    if (storedError) {
      checks.push({ targetKind: 'cell_output', target: String(s.cellIndex), matched: false, detail: `Kaggle's run raised ${storedError.ename} here; this run did not` });
      continue;
    }
    const expected = storedComparable(s.outputs, setAside);
    if (!expected) continue;
    const diff = compareCell(expected, runComparable(cell), tol);
    checks.push({ targetKind: 'cell_output', target: String(s.cellIndex), matched: diff === null, detail: diff });
  }
  if (run.status === 'completed') {
    for (const file of kaggleFiles) {
      const diff = compareFile(file, findRunFile(run.files, file.fileName), tol);
      checks.push({ targetKind: 'output_file', target: file.fileName, matched: diff === null, detail: diff });
    }
  }
  const cellChecks = checks.filter((c) => c.targetKind === 'cell_output');
  const fileChecks = checks.filter((c) => c.targetKind === 'output_file');
  const mismatches = checks.filter((c) => !c.matched);
  const first = mismatches[0];
  const firstMismatch = first ? `${first.targetKind === 'output_file' ? `file ${first.target}` : `cell ${first.target}`}: ${first.detail}` : null;
  const summary: ComparisonSummary = {
    cellsCompared: cellChecks.length,
    cellsMatched: cellChecks.filter((c) => c.matched).length,
    filesCompared: fileChecks.length,
    filesMatched: fileChecks.filter((c) => c.matched).length,
    setAside,
    outOfOrder,
    sameErrorAsStored,
    firstMismatch,
  };
  if (run.status !== 'completed' || run.failure) {
    const failure = run.failure ?? { reason: 'error' as const, detail: 'the run did not complete' };
    const same = sameErrorAsStored ? ` (Kaggle's stored outputs show the same ${sameErrorAsStored.ename} in this cell)` : '';
    return { outcome: 'failed', reason: failure.reason, detail: failure.detail + same, checks, summary };
  }
  if (mismatches.length > 0) {
    const detail = `${firstMismatch}${mismatches.length > 1 ? ` (${mismatches.length} of ${checks.length} compared outputs differ)` : ''}`;
    return { outcome: 'failed', reason: 'output_mismatch', detail: detail.slice(0, 1000), checks, summary };
  }
  if (checks.length === 0) {
    const why = Object.keys(setAside).length > 0 ? `only volatile outputs were recorded (${Object.entries(setAside).map(([k, v]) => `${k}: ${v}`).join(', ')})` : 'no outputs were recorded to compare with';
    return { outcome: 'ran', reason: null, detail: why, checks, summary };
  }
  return { outcome: 'reproduced', reason: null, detail: `${checks.length} recorded output(s) match${outOfOrder ? ' (stored outputs come from an out-of-order run)' : ''}`, checks, summary };
}
