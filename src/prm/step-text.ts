// The text a verifier sees: one prompt per episode and one completion per step. The export stage
// writes exactly these strings as TRL's stepwise `prompt` and `completions`, and the PRM embeds the
// same strings, so a model trained here scores exported rows (and `hookmine score` input) as it saw
// them in training. Pure functions: no I/O, no clock, no randomness.
import { leftOut, leftOutLine, tableColumns, type LeftOut, type TableColumns } from './column-coverage.js';

/** Bumped whenever the rendering changes; stored with every model so a mismatch is visible. */
export const STEP_TEXT_VERSION = 'step-text-v4';

export interface PromptInput {
  question?: string | null;
  competition?: string | null;
  dataset?: string | null;
}

export interface StepInput {
  name: string;
  code: string;
  /** the observed value: parsed JSON, or the JSON text as stored in the corpus */
  value?: unknown;
  value_type?: string | null;
  /** an earlier step of the trajectory whose value this step's equals (stepCompletions sets it) */
  unchangedFrom?: string;
  /** the numeric columns this table leaves out of an earlier one (stepCompletions sets it, v4) */
  leftOut?: LeftOut;
}

/** Bounds that keep a step short enough for an embedding and a tokenizer window. */
export const VALUE_MAX_CHARS = 600;
const STRING_MAX_CHARS = 80;
const ARRAY_MAX_ITEMS = 8;
const OBJECT_MAX_KEYS = 16;
const CODE_MAX_CHARS = 1500;

/**
 * The episode's question and where its data comes from. The hint is left out on purpose: it tells a
 * solver how to proceed, and the verifier should judge steps against the question alone. Ends with a
 * newline because TRL's PRMTrainer appends no separator after the prompt.
 */
export function episodePrompt(episode: PromptInput): string {
  const lines: string[] = [];
  const data = episode.dataset ?? episode.competition;
  if (data) lines.push(`# data: ${oneLine(data)}`);
  lines.push(`# question: ${oneLine(episode.question ?? '').trim() || '(none)'}`);
  return `${lines.join('\n')}\n`;
}

/**
 * One step as text: its name, the code since the previous step, and a bounded summary of the value
 * it produced. Python comment syntax keeps the whole string readable as code for text-model PRMs.
 */
export function stepCompletion(step: StepInput): string {
  const code = clip(step.code.replace(/\s+$/, ''), CODE_MAX_CHARS);
  const type = step.value_type ? ` (${oneLine(step.value_type)})` : '';
  const unchanged = step.unchangedFrom === undefined ? '' : `\n${UNCHANGED_MARKER}${oneLine(step.unchangedFrom)}`;
  const left = step.leftOut === undefined ? '' : `\n${leftOutLine({ ...step.leftOut, from: oneLine(step.leftOut.from) })}`;
  return `# step: ${oneLine(step.name)}\n${code}\n# value${type}: ${valueSummary(step.value)}${unchanged}${left}`;
}

/** The line that says a step's value equals an earlier step's (step-text-v3). */
export const UNCHANGED_MARKER = '# unchanged: same value as step ';

/**
 * A trajectory's completions, each saying when its table or list equals an earlier step's: a step
 * that changed nothing (a filter that kept every row, a dropna with nothing to drop) is worth a
 * verifier's look, and only the values tell it. Scalars are left out: equal numbers are mostly chance.
 * A table also says which numeric columns it leaves out of the table it was taken from (v4,
 * column-coverage.ts).
 */
export function stepCompletions(steps: readonly StepInput[]): string[] {
  const first = new Map<string, string>();
  const tables: { name: string; columns: TableColumns }[] = [];
  return steps.map((s) => {
    const value = typeof s.value === 'string' ? parseJsonText(s.value) : s.value;
    const container = value !== null && typeof value === 'object' && s.value_type !== 'error' && !('text' in (value as object) && Object.keys(value as object).length === 1);
    const key = container ? `${s.value_type ?? ''}\u0000${JSON.stringify(value)}` : undefined;
    const unchangedFrom = key === undefined ? undefined : first.get(key);
    if (key !== undefined && unchangedFrom === undefined) first.set(key, s.name);
    const columns = s.value_type === 'error' ? undefined : tableColumns(value);
    const left = columns ? leftOut(columns, tables) : undefined;
    if (columns) tables.push({ name: s.name, columns });
    return stepCompletion({ ...s, unchangedFrom, leftOut: left });
  });
}

/**
 * A compact one-line rendering of a JSON value: scalars in full, containers bounded. A string
 * argument is JSON text (what the corpus's JSON column returns); text that is not JSON is shown as is.
 */
export function valueSummary(value: unknown, maxChars = VALUE_MAX_CHARS): string {
  const parsed = typeof value === 'string' ? parseJsonText(value) : value;
  return clip(render(summaryFirst(parsed)), maxChars);
}

// What a verifier can check without gold goes first in a table's summary (step-text-v2): its shape,
// missing values, per-column statistics and a Series' values; the column lists and head rows,
// which can fill the whole budget, come after (v1 showed them first, and the statistics were clipped).
const SUMMARY_FIRST = ['shape', 'missing', 'stats', 'name', 'values', 'index_values'];

function summaryFirst(value: unknown): unknown {
  if (!value || typeof value !== 'object' || Array.isArray(value) || !('shape' in value)) return value;
  const entries = Object.entries(value as Record<string, unknown>);
  const rank = (k: string) => (SUMMARY_FIRST.includes(k) ? SUMMARY_FIRST.indexOf(k) : SUMMARY_FIRST.length);
  return Object.fromEntries(entries.map((e, i) => [e, i] as const).sort(([a, i], [b, j]) => rank(a[0]) - rank(b[0]) || i - j).map(([e]) => e));
}

function parseJsonText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    // Not JSON (a repr or plain text): show it as it is.
    return { text };
  }
}

function render(value: unknown): string {
  if (value === undefined || value === null) return 'None';
  if (typeof value === 'number') return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  if (typeof value === 'string') return JSON.stringify(clip(oneLine(value), STRING_MAX_CHARS));
  if (Array.isArray(value)) {
    const shown = value.slice(0, ARRAY_MAX_ITEMS).map(render);
    if (value.length > ARRAY_MAX_ITEMS) shown.push(`...+${value.length - ARRAY_MAX_ITEMS}`);
    return `[${shown.join(', ')}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    // A wrapper like {"text": "..."} from a non-JSON value reads best as the bare text.
    if (entries.length === 1 && entries[0]?.[0] === 'text' && typeof entries[0][1] === 'string') return oneLine(entries[0][1]);
    const shown = entries.slice(0, OBJECT_MAX_KEYS).map(([k, v]) => `${k}: ${render(v)}`);
    if (entries.length > OBJECT_MAX_KEYS) shown.push(`...+${entries.length - OBJECT_MAX_KEYS} keys`);
    return `{${shown.join(', ')}}`;
  }
  return String(value);
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ');
}

function clip(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 3)}...` : text;
}
