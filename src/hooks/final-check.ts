// Does a hooked run give the same final output as the reference run? The file the notebook writes
// (same bytes, or the same CSV within tolerance), or the printed/displayed result of the final
// cell (text compared with numbers in tolerance). A run that did not complete never matches.
import { basename } from 'node:path';
import type { FinalTarget } from '../../extractors/hooks/types.js';
import { compareCsv } from '../compare/csv.js';
import { compareText } from '../compare/text.js';
import type { Tolerance } from '../compare/tolerance.js';
import type { ExecutionResult } from '../execute/types.js';
import { filterVolatileText, volatileOutput } from '../execute/volatile.js';

export interface ReferenceOutputs {
  cells: { cell_index: number; status: string; stdout: string; display: string | null }[];
  files: { path: string; sha256: string; content: string | null }[];
}

export interface FinalCheck {
  matches: boolean;
  reason: string | null;
}

function displayTexts(display: unknown): string[] {
  const list = typeof display === 'string' ? (JSON.parse(display) as unknown) : display;
  return Array.isArray(list) ? list.map((d) => String((d as { text?: unknown }).text ?? '')) : [];
}

export function checkFinalOutput(final: FinalTarget, reference: ReferenceOutputs, run: ExecutionResult, tol: Tolerance): FinalCheck {
  if (run.status !== 'completed') {
    const cell = run.error ? ` in cell ${run.error.cellIndex}` : '';
    return { matches: false, reason: `the hooked run failed${cell}: ${run.failure?.reason ?? 'error'}: ${run.failure?.detail ?? ''}`.trim() };
  }
  if (final.kind === 'file') {
    const wanted = final.path ? reference.files.filter((f) => basename(f.path) === basename(final.path as string)) : reference.files;
    if (wanted.length === 0) return { matches: false, reason: `the reference run wrote no ${final.path ?? 'output file'}` };
    for (const ref of wanted) {
      const produced = run.files.find((f) => f.path === ref.path);
      if (!produced) return { matches: false, reason: `${ref.path} was not written` };
      if (produced.sha256 === ref.sha256) continue;
      if (ref.content !== null && produced.content !== undefined && /\.csv$/i.test(ref.path)) {
        const r = compareCsv(Buffer.from(ref.content, 'base64').toString('utf8'), produced.content.toString('utf8'), { tol });
        if (r.match) continue;
        return { matches: false, reason: `${ref.path}: ${r.reason ?? 'differs'}` };
      }
      return { matches: false, reason: `${ref.path} differs (sha256)` };
    }
    return { matches: true, reason: null };
  }
  const ref = reference.cells.find((c) => c.cell_index === final.cellIndex);
  const got = run.cells.find((c) => c.cellIndex === final.cellIndex);
  if (!ref || !got) return { matches: false, reason: `cell ${final.cellIndex} did not run` };
  const out = compareText(ref.stdout, got.stdout, { tol });
  if (!out.match) return { matches: false, reason: `cell ${final.cellIndex} stdout: ${out.reason}` };
  const a = displayTexts(ref.display);
  const b = got.display.map((d) => d.text);
  if (a.length !== b.length) return { matches: false, reason: `cell ${final.cellIndex}: ${a.length} displayed value(s) in the reference, ${b.length} now` };
  for (let i = 0; i < a.length; i++) {
    const r = compareText(a[i] as string, b[i] as string, { tol });
    if (!r.match) return { matches: false, reason: `cell ${final.cellIndex} display ${i + 1}: ${r.reason}` };
  }
  return { matches: true, reason: null };
}

/**
 * A prefix (the cells before the stop cell) run again with hooks: it must run to its end, and every
 * cell must print and display what it did in the reference run (volatile lines and reprs set aside).
 */
export function checkPrefixOutputs(reference: ReferenceOutputs, run: ExecutionResult, stopCell: number, tol: Tolerance): FinalCheck {
  if (run.status !== 'completed') {
    const cell = run.error ? ` in cell ${run.error.cellIndex}` : '';
    return { matches: false, reason: `the hooked prefix failed${cell}: ${run.failure?.reason ?? 'error'}: ${run.failure?.detail ?? ''}`.trim() };
  }
  for (const ref of reference.cells) {
    if (ref.cell_index >= stopCell || ref.status !== 'ok') continue;
    const got = run.cells.find((c) => c.cellIndex === ref.cell_index);
    if (!got || got.status !== 'ok') return { matches: false, reason: `cell ${ref.cell_index} did not run to its end` };
    const out = compareText(filterVolatileText(ref.stdout ?? '').text, filterVolatileText(got.stdout).text, { tol });
    if (!out.match) return { matches: false, reason: `cell ${ref.cell_index} stdout: ${out.reason}` };
    const a = displayTexts(ref.display).filter((t) => volatileOutput(t) === null);
    const b = got.display.filter((d) => volatileOutput(d.text, d.mimes) === null).map((d) => d.text);
    if (a.length !== b.length) return { matches: false, reason: `cell ${ref.cell_index}: ${a.length} displayed value(s) in the reference, ${b.length} now` };
    for (let i = 0; i < a.length; i++) {
      const r = compareText(a[i] as string, b[i] as string, { tol });
      if (!r.match) return { matches: false, reason: `cell ${ref.cell_index} display ${i + 1}: ${r.reason}` };
    }
  }
  return { matches: true, reason: null };
}
