// A repair as a patch of the notebook's text: whole rows of one cell replaced (`before` ->
// `after`, starting at `line`). Records apply in order, each to the cell as the earlier ones left
// it, so the stored repairs of a run rebuild exactly the code that ran from the notebook's own
// source, and fail loudly when they do not fit it. Pure.
import { rowStarts } from './cell-view.js';

export interface RowPatch {
  cellIndex: number;
  /** 1-based first row replaced */
  line: number;
  /** the rows replaced, joined with \n */
  before: string;
  /** what replaces them */
  after: string;
}

export class PatchMismatchError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PatchMismatchError';
  }
}

/** Apply one patch to a cell's source; throws PatchMismatchError when `before` is not at `line`. */
export function applyRowPatch(source: string, patch: RowPatch): string {
  const rows = source.split('\n');
  const count = patch.before.split('\n').length;
  const at = rows.slice(patch.line - 1, patch.line - 1 + count).join('\n');
  if (patch.line < 1 || patch.line - 1 + count > rows.length || at !== patch.before) {
    throw new PatchMismatchError(`cell ${patch.cellIndex}, line ${patch.line}: expected ${JSON.stringify(patch.before.slice(0, 120))}, found ${JSON.stringify(at.slice(0, 120))}`);
  }
  return [...rows.slice(0, patch.line - 1), ...patch.after.split('\n'), ...rows.slice(patch.line - 1 + count)].join('\n');
}

/** Apply patches in order to a notebook's cells (cellIndex -> source); returns the new sources. */
export function applyPatches(cells: ReadonlyMap<number, string>, patches: readonly RowPatch[]): Map<number, string> {
  const out = new Map(cells);
  for (const p of patches) {
    const source = out.get(p.cellIndex);
    if (source === undefined) throw new PatchMismatchError(`cell ${p.cellIndex} is not a cell of the notebook`);
    out.set(p.cellIndex, applyRowPatch(source, p));
  }
  return out;
}

/** Replace character ranges of `source` (non-overlapping), returning the new text. */
export function spliceAll(source: string, edits: readonly { start: number; end: number; text: string }[]): string {
  let out = source;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
  return out;
}

/** The row patch that turns rows [firstRow, lastRow] of `source` into what `edits` make of them. */
export function rowPatchOf(cellIndex: number, source: string, edits: readonly { start: number; end: number; text: string }[], firstRow: number, lastRow: number): RowPatch {
  const starts = rowStarts(source);
  const from = starts[firstRow] as number;
  const to = lastRow + 1 < starts.length ? (starts[lastRow + 1] as number) - 1 : source.length;
  const region = source.slice(from, to);
  const local = edits.map((e) => ({ start: e.start - from, end: e.end - from, text: e.text }));
  return { cellIndex, line: firstRow + 1, before: region, after: spliceAll(region, local) };
}
