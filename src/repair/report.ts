// The before/after table of a repair run, as Markdown (readable on a terminal, pasteable in a note).
import type { RepairResult } from './repair.js';

function cell(text: string | null | undefined, max = 120): string {
  const t = String(text ?? '').replace(/\|/g, '\\|').replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}

function state(outcome: string | null, reason: string | null): string {
  return reason ? `${outcome ?? '?'} (${reason})` : (outcome ?? '?');
}

export function formatRepairTable(results: readonly RepairResult[]): string {
  const lines = ['| notebook | before | after | rules applied | LLM | detail |', '|---|---|---|---|---:|---|'];
  for (const r of results) {
    const after = r.status === 'skipped' ? 'skipped' : state(r.after.outcome, r.after.reason);
    const detail = r.status === 'reproduced' ? '' : r.after.detail;
    lines.push(`| ${cell(`${r.competition}/${r.title ?? r.notebook_id}`, 80)} | ${state(r.before.outcome, r.before.reason)} | ${after} | ${cell(r.rules.join(', '), 80)} | ${r.llm_attempts} | ${cell(detail)} |`);
  }
  return lines.join('\n');
}
