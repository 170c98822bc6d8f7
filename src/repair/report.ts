// The before/after table of a repair run, as Markdown (readable on a terminal, pasteable in a note).
import type { RepairResult } from './repair.js';

function cell(text: string | null | undefined, max = 140): string {
  const t = String(text ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function state(outcome: string | null, reason: string | null): string {
  return reason ? `${outcome ?? '?'} (${reason})` : (outcome ?? '?');
}

/** Whether a state's run completed (a mismatch is a completed run whose outputs differ). */
export function ranToTheEnd(outcome: string | null, reason: string | null): boolean {
  return outcome === 'reproduced' || outcome === 'ran' || reason === 'output_mismatch';
}

export function formatRepairTable(results: readonly RepairResult[]): string {
  const lines = ['| notebook | before | after | ran | reproduced | rules applied | LLM | why not reproduced |', '|---|---|---|---|---|---|---:|---|'];
  for (const r of results) {
    const after = r.status === 'skipped' ? 'skipped' : state(r.after.outcome, r.after.reason);
    const ran = ranToTheEnd(r.after.outcome, r.after.reason) ? 'yes' : 'no';
    const reproduced = r.after.outcome === 'reproduced' ? 'yes' : 'no';
    const why = r.after.outcome === 'reproduced' ? '' : r.after.detail;
    lines.push(`| ${cell(`${r.competition}/${r.title ?? r.notebook_id}`, 90)} | ${state(r.before.outcome, r.before.reason)} | ${after} | ${ran} | ${reproduced} | ${cell(r.rules.join(', '), 300)} | ${r.llm_attempts} | ${cell(why)} |`);
  }
  return lines.join('\n');
}
