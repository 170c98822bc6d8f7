// One LLM repair attempt: the failing cell (numbered), the exception and traceback, the installed
// library versions and the notebook's imports go to the model with the versioned prompt; the
// answer must be a minimal patch of that cell, validated before anything runs.
import { numberedCell, parseRepairAnswer, REPAIR_ANSWER_SCHEMA, validateCellPatch } from '../../extractors/repairs/llm-patch.js';
import type { RowPatch } from '../../extractors/repairs/patch.js';
import type { PythonParser } from '../../extractors/python/parser.js';
import type { LlmClient } from '../llm/client.js';
import { loadPrompt } from '../llm/prompts.js';

export const REPAIR_PROMPT = { name: 'repair-cell', version: 1 } as const;
const MAX_TRACEBACK_CHARS = 6_000;
const MAX_CELL_CHARS = 20_000;

export interface PreviousAttempt {
  patch: RowPatch | null;
  /** what happened: the run's failure, or why the patch was refused */
  result: string;
}

export interface LlmAttemptInput {
  cellIndex: number;
  source: string;
  ename: string | null;
  evalue: string | null;
  traceback: string | null;
  libraries: Record<string, string | null>;
  imports: string[];
  previous: PreviousAttempt[];
}

export type LlmAttempt =
  | { ok: true; patch: RowPatch; explanation: string; tokensIn: number; tokensOut: number; cached: boolean }
  | { ok: false; reason: string; answer: string; tokensIn: number; tokensOut: number; cached: boolean };

function librariesText(libraries: Record<string, string | null>): string {
  const lines = Object.entries(libraries)
    .filter(([, v]) => v !== null)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([k, v]) => `- ${k} ${v}`);
  return lines.length ? lines.join('\n') : '(unknown)';
}

function previousText(previous: readonly PreviousAttempt[]): string {
  if (previous.length === 0) return '';
  const parts = previous.map((p, i) => {
    const what = p.patch ? `replaced lines ${p.patch.line}-${p.patch.line + p.patch.before.split('\n').length - 1} with:\n${p.patch.after}` : 'gave no usable patch';
    return `Attempt ${i + 1} ${what}\nResult: ${p.result}`;
  });
  return `Earlier attempts on this cell did not work; do something different:\n\n${parts.join('\n\n')}`;
}

export async function askForPatch(client: LlmClient, parser: PythonParser, input: LlmAttemptInput): Promise<LlmAttempt> {
  const prompt = loadPrompt(REPAIR_PROMPT.name, REPAIR_PROMPT.version);
  const answer = await client.complete({
    purpose: 'repair',
    prompt,
    variables: {
      cell_index: String(input.cellIndex),
      cell: numberedCell(input.source).slice(0, MAX_CELL_CHARS),
      error: `${input.ename ?? 'Error'}: ${input.evalue ?? ''}`.slice(0, 2_000),
      traceback: (input.traceback ?? '(none)').slice(-MAX_TRACEBACK_CHARS),
      libraries: librariesText(input.libraries),
      imports: input.imports.length ? input.imports.join('\n') : '(none)',
      previous: previousText(input.previous),
    },
    jsonSchema: { name: 'cell_patch', schema: REPAIR_ANSWER_SCHEMA as unknown as Record<string, unknown> },
    accept: (text) => parseRepairAnswer(text).ok,
    attempts: 2,
  });
  const stats = { tokensIn: answer.tokensIn, tokensOut: answer.tokensOut, cached: answer.cached };
  const parsed = parseRepairAnswer(answer.text);
  if (!parsed.ok) return { ok: false, reason: parsed.reason, answer: answer.text.slice(0, 500), ...stats };
  const valid = validateCellPatch(parser, input.cellIndex, input.source, parsed.value);
  if (!valid.ok) return { ok: false, reason: valid.reason, answer: answer.text.slice(0, 500), ...stats };
  return { ok: true, patch: valid.value, explanation: parsed.value.explanation, ...stats };
}
