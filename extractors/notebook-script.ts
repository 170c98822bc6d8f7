// A stored notebook -> the code cells to run: IPython syntax rewritten to Python, paths moved into
// Kaggle's layout, each runnable line mapped back to (cell, line) of the original, every rewrite
// recorded as a deviation, Python 2 syntax reported. Also the joined script with cell markers
// (stored as executions.script). Pure: later stages (hooks, repairs) start from this output.
import type { Deviation } from './deviations.js';
import { transformMagics, type CaptureSpec } from './magics.js';
import { remapLine, type DataLayout } from './path-remap.js';
import { scanPython } from './python-lines.js';
import { findPython2, type Python2Finding } from './python2.js';

export type { CaptureSpec } from './magics.js';
export type { Deviation, DeviationKind } from './deviations.js';
export type { Python2Finding } from './python2.js';
export type { DataLayout } from './path-remap.js';

/** A stored cell, as the `cells` table holds it. */
export interface SourceCell {
  cellIndex: number;
  cellType: string;
  source: string;
}

export interface LineOrigin {
  cell: number;
  /** 1-based line in the original cell */
  line: number;
}

export interface RunnableCell {
  /** the notebook's cell index */
  cellIndex: number;
  code: string;
  /** origin of each line of `code` (lineMap[i] is line i + 1) */
  lineMap: LineOrigin[];
  /** %%capture: the runner swallows the cell's output */
  capture?: CaptureSpec;
}

export interface NotebookScript {
  cells: RunnableCell[];
  deviations: Deviation[];
  python2: Python2Finding[];
  /** data files are also read through the old flat layout (/kaggle/input/train.csv) */
  flatInput: boolean;
  /** every cell joined, with `# %% [cell N]` markers */
  script: string;
}

export const CELL_MARKER = /^# %% \[cell (\d+)\]$/;

export function cellMarker(cellIndex: number): string {
  return `# %% [cell ${cellIndex}]`;
}

/** The cells joined into one script with markers; `splitScript` reverses it. */
export function joinScript(cells: readonly Pick<RunnableCell, 'cellIndex' | 'code'>[]): string {
  return cells.map((c) => `${cellMarker(c.cellIndex)}\n${c.code}`).join('\n\n') + (cells.length ? '\n' : '');
}

/** A joined script back into cells (trailing blank lines of each cell dropped). */
export function splitScript(script: string): { cellIndex: number; code: string }[] {
  const out: { cellIndex: number; code: string[] }[] = [];
  for (const line of script.split('\n')) {
    const m = CELL_MARKER.exec(line);
    if (m) out.push({ cellIndex: Number(m[1]), code: [] });
    else out[out.length - 1]?.code.push(line);
  }
  return out.map((c) => ({ cellIndex: c.cellIndex, code: c.code.join('\n').replace(/\n+$/, '') }));
}

export function notebookToScript(cells: readonly SourceCell[], layout: DataLayout): NotebookScript {
  const runnable: RunnableCell[] = [];
  const deviations: Deviation[] = [];
  const python2: Python2Finding[] = [];
  let flatInput = false;
  for (const cell of cells) {
    if (cell.cellType !== 'code' || cell.source.trim() === '') continue;
    python2.push(...findPython2(cell.cellIndex, cell.source));
    const magic = transformMagics(cell.cellIndex, cell.source);
    deviations.push(...magic.deviations);
    if (magic.dropped) continue;
    const lines: string[] = [];
    for (const scanned of scanPython(magic.lines.join('\n'))) {
      const remap = remapLine(cell.cellIndex, scanned, layout);
      const origin = magic.lineMap[scanned.line - 1] ?? scanned.line;
      flatInput ||= remap.flat;
      for (const d of remap.deviations) deviations.push({ ...d, line: origin });
      lines.push(remap.text);
    }
    const item: RunnableCell = {
      cellIndex: cell.cellIndex,
      code: lines.join('\n'),
      lineMap: magic.lineMap.map((line) => ({ cell: cell.cellIndex, line })),
    };
    if (magic.capture) item.capture = magic.capture;
    runnable.push(item);
  }
  return { cells: runnable, deviations, python2, flatInput, script: joinScript(runnable) };
}
