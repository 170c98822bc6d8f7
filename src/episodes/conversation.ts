// An episode (Kaggle or synthetic, as its corpus rows) as a TRL conversational example for SFT:
// system, user (the question and a short description of the data), then per step an assistant
// message calling the run_python tool with the step's code and a tool message with the step's
// value (its summary, bounded), then the final answer; plus the tool's JSON-schema spec. Pure:
// the prompt text comes in (prompts/sft-conversation.v1.md, loaded by the caller).

export interface ConversationEpisode {
  episode_id: string;
  source: string;
  dataset?: string | null;
  competition?: string | null;
  question?: string | null;
  /** `{value}` or `{values: [...]}`, as an object or as the corpus's JSON text */
  answer?: unknown;
  is_distractor?: boolean | null;
  code?: string | null;
}

export interface ConversationStep {
  step_index: number;
  name: string;
  code: string;
  variable_name?: string | null;
  /** the captured value (or its summary), as an object or as the corpus's JSON text */
  value?: unknown;
  value_type?: string | null;
}

export interface ToolCall {
  id: string;
  type: 'function';
  function: { name: string; arguments: { code: string } };
}

export interface Message {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string;
  tool_calls?: ToolCall[];
  tool_call_id?: string;
  name?: string;
}

export interface ToolSpec {
  type: 'function';
  function: { name: string; description: string; parameters: Record<string, unknown> };
}

export interface Conversation {
  messages: Message[];
  tools: ToolSpec[];
}

export interface ConversationOptions {
  /** the system text and the user template with {{question}} and {{data}} */
  prompt: { system: string; user: string };
  /** largest tool output, in characters (default 2000) */
  maxToolChars?: number;
}

export const RUN_PYTHON = 'run_python';
export const CONVERSATION_PROMPT = { name: 'sft-conversation', version: 1 } as const;

export const TOOLS: ToolSpec[] = [
  {
    type: 'function',
    function: {
      name: RUN_PYTHON,
      description: 'Run Python code in a persistent sandbox (pandas, numpy, scikit-learn available) and return the value the code computed.',
      parameters: {
        type: 'object',
        properties: { code: { type: 'string', description: 'Python statements to run' } },
        required: ['code'],
      },
    },
  },
];

const SCALAR_TYPES = new Set(['int', 'float', 'str', 'bool', 'NoneType', 'float64', 'float32', 'int64', 'int32', 'bool_', 'str_']);

/** JSON text from the corpus to a value; anything else as it is. */
function fromJson(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

function scalarText(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return v;
  if (typeof v === 'number') return String(v);
  return JSON.stringify(v);
}

function cellText(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'string') return v;
  return scalarText(v);
}

function frameText(v: Record<string, unknown>): string {
  const shape = (v.shape as number[] | undefined) ?? [];
  const columns = (v.columns as string[] | undefined) ?? [];
  const dtypes = (v.dtypes as Record<string, string> | undefined) ?? {};
  const lines = [`DataFrame: ${shape[0] ?? '?'} rows x ${shape[1] ?? columns.length} columns`];
  lines.push(`columns: ${columns.map((c) => (dtypes[c] ? `${c} (${dtypes[c]})` : c)).join(', ')}`);
  const missing = Object.entries((v.missing as Record<string, number> | undefined) ?? {});
  if (missing.length) lines.push(`missing values: ${missing.map(([c, n]) => `${c} ${n}`).join(', ')}`);
  const head = (v.head as unknown[][] | undefined) ?? [];
  if (head.length) {
    lines.push('first rows:', columns.join(' | '));
    for (const row of head) lines.push(row.map(cellText).join(' | '));
  }
  return lines.join('\n');
}

function seriesText(v: Record<string, unknown>): string {
  const name = v.name === null || v.name === undefined ? '' : ` '${String(v.name)}'`;
  const n = (v.shape as number[] | undefined)?.[0];
  const lines = [`Series${name}: ${n ?? '?'} values`];
  const values = v.values as unknown[] | undefined;
  const index = v.index_values as unknown[] | undefined;
  if (values && index) {
    for (let i = 0; i < Math.min(values.length, 30); i++) lines.push(`${cellText(index[i])}: ${cellText(values[i])}`);
    if (values.length > 30) lines.push(`... (${values.length - 30} more)`);
  } else {
    const head = (v.head as unknown[][] | undefined) ?? [];
    const idx = ((v.index as { head?: unknown[] } | undefined)?.head ?? []) as unknown[];
    head.forEach((row, i) => lines.push(`${cellText(idx[i])}: ${row.map(cellText).join(' | ')}`));
    const stats = v.stats as Record<string, Record<string, unknown>> | undefined;
    const first = stats ? Object.values(stats)[0] : undefined;
    if (first) lines.push(`stats: ${Object.entries(first).map(([k, x]) => `${k} ${scalarText(x)}`).join(', ')}`);
  }
  return lines.join('\n');
}

function arrayText(v: Record<string, unknown>): string {
  const shape = (v.shape as number[] | undefined) ?? [];
  const lines = [`ndarray: shape (${shape.join(', ')}), dtype ${String(v.dtype ?? '?')}`];
  if (Array.isArray(v.values)) lines.push(JSON.stringify(v.values));
  else if (Array.isArray(v.head)) lines.push(`first values: ${(v.head as unknown[]).map(cellText).join(', ')}`);
  return lines.join('\n');
}

/** A step's captured value as the tool would show it (unbounded; the caller truncates). */
export function describeValue(valueType: string | null | undefined, raw: unknown): string {
  const value = fromJson(raw);
  if (value === null || value === undefined) return 'None';
  if (typeof value !== 'object') return valueType === 'str' ? `'${String(value)}'` : scalarText(value);
  if (Array.isArray(value)) return JSON.stringify(value);
  const v = value as Record<string, unknown>;
  if (valueType === 'DataFrame' && 'shape' in v) return frameText(v);
  if (valueType === 'Series' && 'shape' in v) return seriesText(v);
  if (valueType === 'ndarray' && 'shape' in v) return arrayText(v);
  if (typeof v.estimator === 'string') {
    const params = Object.entries((v.params as Record<string, unknown> | undefined) ?? {}).map(([k, x]) => `${k}=${scalarText(x)}`);
    const fitted = Object.entries(v)
      .filter(([k]) => k.endsWith('_'))
      .map(([k, x]) => `${k}: ${typeof x === 'object' && x && 'shape' in (x as object) ? arrayText(x as Record<string, unknown>) : scalarText(x)}`);
    return [`${v.estimator}(${params.join(', ')})`, ...fitted].join('\n');
  }
  if (valueType && SCALAR_TYPES.has(valueType)) return scalarText(value);
  return JSON.stringify(value);
}

/** Cut text to `max` characters, saying how much was left out. */
export function bound(text: string, max: number): string {
  if (text.length <= max) return text;
  const note = (n: number) => `\n... [truncated: ${n} more characters]`;
  const keep = Math.max(0, max - note(text.length).length);
  return `${text.slice(0, keep)}${note(text.length - keep)}`;
}

const READS = /(?:read_csv|read_parquet|read_json|read_excel|read_table)\(\s*(?:r|f)?["']([^"']+)["']/g;

/** A short description of the data: where it comes from, the files read, the first table's shape. */
export function describeData(episode: ConversationEpisode, steps: readonly ConversationStep[]): string {
  const lines: string[] = [];
  const dataset = episode.dataset ?? episode.competition ?? '';
  if (dataset.startsWith('sklearn:')) lines.push(`Data: scikit-learn's bundled ${dataset.slice(8)} dataset (sklearn.datasets.load_${dataset.slice(8)}).`);
  else if (dataset.startsWith('statsmodels:')) lines.push(`Data: statsmodels' bundled ${dataset.slice(12)} dataset (statsmodels.datasets.${dataset.slice(12)}).`);
  else if (dataset.startsWith('csv:')) lines.push(`Data: the CSV file ${dataset.slice(4).split('/').pop()}.`);
  else if (dataset) lines.push(`Data: the Kaggle competition "${dataset}", files under /kaggle/input/${dataset}/.`);
  const code = episode.code ?? steps.map((s) => s.code).join('\n');
  const files = [...new Set([...code.matchAll(READS)].map((m) => m[1] as string))].slice(0, 6);
  if (files.length) lines.push(`Files: ${files.join(', ')}`);
  const first = steps[0];
  const value = fromJson(first?.value);
  if (first?.value_type === 'DataFrame' && value && typeof value === 'object' && 'shape' in value) {
    const v = value as { shape?: number[]; columns?: string[] };
    const cols = v.columns ?? [];
    lines.push(`The first table has ${v.shape?.[0] ?? '?'} rows and ${v.shape?.[1] ?? cols.length} columns: ${cols.slice(0, 40).join(', ')}${cols.length > 40 ? ', ...' : ''}.`);
  }
  return lines.join('\n');
}

function answerText(episode: ConversationEpisode, steps: readonly ConversationStep[], max: number): string {
  const answer = fromJson(episode.answer) as { value?: unknown; values?: unknown[] } | null | undefined;
  if (answer && typeof answer === 'object' && Array.isArray(answer.values) && answer.values.length) {
    const [first, ...rest] = answer.values;
    return `Answer: ${scalarText(first)}${rest.length ? ` (equally valid: ${rest.map(scalarText).join(', ')})` : ''}`;
  }
  if (answer && typeof answer === 'object' && 'value' in answer) {
    if (answer.value === null) return 'Answer: None (no row qualifies, so there is no such value).';
    return `Answer: ${Array.isArray(answer.value) ? answer.value.map(scalarText).join(', ') : scalarText(answer.value)}`;
  }
  const last = steps.at(-1);
  return bound(`Final result:\n${last ? describeValue(last.value_type, last.value) : 'None'}`, max);
}

function fill(template: string, values: Record<string, string>): string {
  return template.replace(/\{\{(\w+)\}\}/g, (_, k: string) => values[k] ?? '').trim();
}

export function buildConversation(episode: ConversationEpisode, steps: readonly ConversationStep[], options: ConversationOptions): Conversation {
  const max = options.maxToolChars ?? 2000;
  const ordered = [...steps].sort((a, b) => a.step_index - b.step_index);
  const question = episode.question?.trim() || 'Reproduce the analysis of this Kaggle notebook and compute its final result.';
  const messages: Message[] = [
    { role: 'system', content: options.prompt.system.trim() },
    { role: 'user', content: fill(options.prompt.user, { question, data: describeData(episode, ordered) }) },
  ];
  ordered.forEach((s, i) => {
    const id = `call_${i}`;
    messages.push({ role: 'assistant', content: '', tool_calls: [{ id, type: 'function', function: { name: RUN_PYTHON, arguments: { code: s.code } } }] });
    const label = s.variable_name ?? s.name;
    const shown = describeValue(s.value_type, s.value);
    messages.push({ role: 'tool', tool_call_id: id, name: RUN_PYTHON, content: bound(shown.includes('\n') ? `${label}:\n${shown}` : `${label} = ${shown}`, max) });
  });
  messages.push({ role: 'assistant', content: answerText(episode, ordered, max) });
  return { messages, tools: TOOLS };
}
