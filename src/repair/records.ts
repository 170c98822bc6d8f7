// The corpus rows of a repair session that are not runs: one row per repair a run rests on, one
// per LLM attempt that never ran, and a stored run's outputs in the shape the seed check reads.
import { randomBytes } from 'node:crypto';
import type { RepairRow, runOutputs } from '../../corpus/repairs.js';
import type { StoredOutput } from '../../extractors/outputs.js';
import type { RowPatch } from '../../extractors/repairs/patch.js';
import type { seedCheck } from './seed-check.js';

export interface Applied {
  method: 'rule' | 'llm';
  rule: string;
  attempt: number | null;
  detail: string | null;
  patch: RowPatch;
}

export const newId = (prefix: string) => `${prefix}_${randomBytes(8).toString('hex')}`;

/** A stored run's outputs (corpus rows) in the shape seedCheck compares. */
export function storedRunOutputs(rows: Awaited<ReturnType<typeof runOutputs>>): Parameters<typeof seedCheck>[0] {
  const cells = rows.cells.map((c) => {
    const outputs: StoredOutput[] = [];
    if (c.stdout) outputs.push({ output_type: 'stream', name: 'stdout', text: c.stdout });
    const display = c.display ? (JSON.parse(c.display) as { kind: string; text: string; mimes: string[] }[]) : [];
    for (const d of display) outputs.push({ output_type: d.kind === 'result' ? 'execute_result' : 'display_data', text: d.text, mimes: d.mimes });
    return { cellIndex: c.cell_index, executionCount: null, outputs };
  });
  const files = rows.files.filter((f) => f.content !== null).map((f) => ({ fileName: f.path, content: Buffer.from(f.content as string, 'base64') }));
  return { cells, files };
}

export function repairRow(notebookId: string, executionId: string, a: Applied, seq: number, accepted: boolean, reason: string | null, runId: string | null): RepairRow {
  return {
    repair_id: newId('rp'),
    notebook_id: notebookId,
    execution_id: executionId,
    method: a.method,
    rule: a.rule,
    attempt: a.attempt,
    cell_index: a.patch.cellIndex,
    line: a.patch.line,
    before: a.patch.before,
    after: a.patch.after,
    accepted,
    reason,
    created_at: new Date(),
    seq,
    detail: a.detail,
    run_id: runId,
  };
}

/** An LLM attempt that produced no run (refused patch, failed request). */
export function llmRow(notebookId: string, model: string, attempt: number, cell: number, seq: number, runId: string | null): RepairRow {
  return { repair_id: newId('rp'), notebook_id: notebookId, execution_id: null, method: 'llm', rule: model, attempt, cell_index: cell, line: null, before: null, after: null, accepted: false, reason: null, created_at: new Date(), seq, detail: null, run_id: runId };
}
