// The LLM repair's answer: a minimal patch of the failing cell (rows start..end replaced). Parsed
// from the model's text, then validated against the cell: inside it, not touching IPython rows,
// small, changing something, and leaving the patched rows valid Python. Notebook text in the
// prompt is untrusted: the answer is only ever used as this validated patch. Pure.
import { syntaxErrors, type PythonParser } from '../python/parser.js';
import { cellView } from './cell-view.js';
import type { RowPatch } from './patch.js';

export interface CellPatchAnswer {
  start_line: number;
  end_line: number;
  replacement: string;
  explanation: string;
}

export const REPAIR_ANSWER_SCHEMA = {
  type: 'object',
  properties: {
    start_line: { type: 'integer', description: 'first line of the failing cell to replace (1-based)' },
    end_line: { type: 'integer', description: 'last line to replace (inclusive)' },
    replacement: { type: 'string', description: 'the new text of those lines, with their indentation' },
    explanation: { type: 'string', description: 'why this fixes the error, in one sentence' },
  },
  required: ['start_line', 'end_line', 'replacement', 'explanation'],
  additionalProperties: false,
} as const;

/** Rows a patch may replace, and rows it may add beyond those (a minimal fix, not a rewrite). */
export const MAX_PATCH_ROWS = 30;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

export function parseRepairAnswer(text: string): Parsed<CellPatchAnswer> {
  const fenced = /```(?:json)?\s*\n([\s\S]*?)\n```/.exec(text);
  const body = (fenced ? fenced[1] : text)?.trim() ?? '';
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, reason: `the answer is not valid JSON: ${text.slice(0, 120)}` };
  }
  const v = value as Partial<CellPatchAnswer> | null;
  if (!v || typeof v !== 'object') return { ok: false, reason: 'the answer is not a JSON object' };
  if (!Number.isInteger(v.start_line) || !Number.isInteger(v.end_line)) return { ok: false, reason: 'start_line and end_line must be integers' };
  if (typeof v.replacement !== 'string') return { ok: false, reason: 'replacement must be a string' };
  return { ok: true, value: { start_line: v.start_line as number, end_line: v.end_line as number, replacement: v.replacement, explanation: typeof v.explanation === 'string' ? v.explanation : '' } };
}

/** Check a patch against the failing cell's source; the row patch to apply, or why it is refused. */
export function validateCellPatch(parser: PythonParser, cellIndex: number, source: string, answer: CellPatchAnswer): Parsed<RowPatch> {
  const rows = source.split('\n');
  const { start_line: start, end_line: end } = answer;
  if (start < 1 || end < start || end > rows.length) return { ok: false, reason: `lines ${start}-${end} are outside the failing cell (cell ${cellIndex} has ${rows.length} lines)` };
  const replacement = answer.replacement.replace(/\n$/, '');
  const before = rows.slice(start - 1, end).join('\n');
  if (replacement === before) return { ok: false, reason: 'the patch changes nothing' };
  const added = replacement.split('\n').length;
  if (end - start + 1 > MAX_PATCH_ROWS || added > MAX_PATCH_ROWS) return { ok: false, reason: `the patch is not minimal: ${end - start + 1} lines replaced by ${added} (at most ${MAX_PATCH_ROWS})` };
  const view = cellView(cellIndex, source);
  for (let r = start - 1; r < end; r++) if (view.foreign.has(r)) return { ok: false, reason: `line ${r + 1} is IPython syntax (a magic or shell command): not patched` };
  const patched = [...rows.slice(0, start - 1), ...replacement.split('\n'), ...rows.slice(end)].join('\n');
  const patchedView = cellView(cellIndex, patched);
  const treeBefore = parser.parse(view.view);
  const treeAfter = parser.parse(patchedView.view);
  try {
    const errorsBefore = syntaxErrors(treeBefore.rootNode).length;
    const errorsAfter = syntaxErrors(treeAfter.rootNode);
    const inPatch = errorsAfter.filter((e) => e.startPosition.row >= start - 1 && e.startPosition.row < start - 1 + added);
    if (inPatch.length > 0 || errorsAfter.length > errorsBefore) {
      const row = (inPatch[0] ?? errorsAfter[0])?.startPosition.row ?? 0;
      return { ok: false, reason: `the patched lines are not valid Python (line ${row + 1})` };
    }
  } finally {
    treeBefore.delete();
    treeAfter.delete();
  }
  return { ok: true, value: { cellIndex, line: start, before, after: replacement } };
}

/** The cell with line numbers, as the prompt shows it. */
export function numberedCell(source: string): string {
  const rows = source.split('\n');
  const width = String(rows.length).length;
  return rows.map((r, i) => `${String(i + 1).padStart(width)} | ${r}`).join('\n');
}

/** The line of the first frame of `cell` in a traceback (where the running cell was when it failed). */
export function lineInCell(traceback: string | null, cell: number): number | null {
  const m = traceback ? new RegExp(`File "<cell ${cell}>", line (\\d+)`).exec(traceback) : null;
  return m ? Number(m[1]) : null;
}

/** The innermost notebook frame of a traceback (`File "<cell 12>", line 4`): where the exception came from. */
export function failingLocation(traceback: string | null): { cell: number; line: number } | null {
  if (!traceback) return null;
  let found: { cell: number; line: number } | null = null;
  for (const m of traceback.matchAll(/File "<cell (\d+)>", line (\d+)/g)) found = { cell: Number(m[1]), line: Number(m[2]) };
  return found;
}
