// A notebook cell as the repair rules see it: IPython lines (magics, shell escapes) replaced by the
// Python they become, row for row, so tree-sitter parses the cell while every untouched row keeps
// its text and columns. Rules edit only untouched rows; their edits are then applied to the
// cell's own source, so a repair is always a change of the notebook's text. Pure.
import { transformMagics } from '../magics.js';

export interface CellView {
  /** the cell's source */
  original: string;
  /** what the parser reads: rows in the same place, IPython rows replaced */
  view: string;
  /** 0-based rows whose view differs from the source: never edited */
  foreign: ReadonlySet<number>;
  /** the whole cell does not run as Python here (an unknown cell magic): rules leave it alone */
  skip: boolean;
}

export function cellView(cellIndex: number, source: string): CellView {
  const rows = source.split('\n');
  const magic = transformMagics(cellIndex, source);
  if (magic.dropped) return { original: source, view: source, foreign: new Set(rows.map((_r, i) => i)), skip: true };
  const view: (string | undefined)[] = new Array<string | undefined>(rows.length).fill(undefined);
  const foreign = new Set<number>();
  magic.lines.forEach((line, i) => {
    const row = (magic.lineMap[i] ?? 0) - 1;
    if (row < 0 || row >= rows.length) return;
    if (view[row] !== undefined) {
      foreign.add(row); // two Python lines from one source row: keep the first, touch neither
      return;
    }
    view[row] = line;
    if (line !== rows[row]) foreign.add(row);
  });
  const out = rows.map((r, i) => {
    const v = view[i];
    if (v === undefined) {
      foreign.add(i);
      return '';
    }
    return v;
  });
  return { original: source, view: out.join('\n'), foreign, skip: false };
}

/** 0-based start offset of every row. */
export function rowStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1);
  return starts;
}

/** (row, column) of an offset. */
export function positionOf(starts: readonly number[], offset: number): { row: number; col: number } {
  let lo = 0;
  let hi = starts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((starts[mid] as number) <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { row: lo, col: offset - (starts[lo] as number) };
}
