// `hookmine score`: TRL stepwise rows (`prompt`, `completions` list of strings, optional `labels`;
// other columns ignored) -> per-step probabilities and the trajectory's aggregated scores. A bad
// line is reported with its number and reason; the other lines are still scored.
import { readFileSync } from 'node:fs';
import { UnusableInputError, UsageError } from '../errors.js';
import { loadBackend, type BackendChoice } from './backend.js';
import type { Example } from './dataset.js';
import { hashingProvider, type EmbeddingProvider } from './embeddings.js';
import { openAiProvider } from './embed-openai.js';
import { aggregate, metricSet, type MetricSet } from './metrics.js';
import { hashUnit } from './rng.js';
import { disposeMembers } from './ensemble.js';
import { loadModel, modelProbs, readModelConfig, stepTextMatches } from './saved-model.js';
import { embedExamples } from './vectors.js';

export interface StepwiseRow {
  line: number;
  id: string;
  prompt: string;
  completions: string[];
  labels: boolean[] | null;
}

export interface RowError {
  line: number;
  reason: 'invalid_json' | 'not_an_object' | 'bad_prompt' | 'bad_completions' | 'bad_labels' | 'embedding_failed';
  message: string;
}

/** Parse JSONL text into rows and per-line errors. */
export function parseStepwiseJsonl(text: string): { rows: StepwiseRow[]; errors: RowError[] } {
  const rows: StepwiseRow[] = [];
  const errors: RowError[] = [];
  text.split('\n').forEach((raw, i) => {
    const line = i + 1;
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch (error) {
      errors.push({ line, reason: 'invalid_json', message: (error as Error).message });
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      errors.push({ line, reason: 'not_an_object', message: 'a row must be a JSON object with prompt and completions' });
      return;
    }
    const row = value as Record<string, unknown>;
    if (typeof row.prompt !== 'string') {
      errors.push({ line, reason: 'bad_prompt', message: '"prompt" must be a string' });
      return;
    }
    const completions = row.completions;
    if (!Array.isArray(completions) || completions.length === 0 || !completions.every((c) => typeof c === 'string')) {
      errors.push({ line, reason: 'bad_completions', message: '"completions" must be a non-empty list of strings' });
      return;
    }
    let labels: boolean[] | null = null;
    if (row.labels !== undefined && row.labels !== null) {
      const l = row.labels;
      if (!Array.isArray(l) || l.length !== completions.length || !l.every((x) => typeof x === 'boolean' || x === 0 || x === 1)) {
        errors.push({ line, reason: 'bad_labels', message: `"labels" must be a list of ${completions.length} booleans (one per completion)` });
        return;
      }
      labels = l.map((x) => x === true || x === 1);
    }
    const id = typeof row.episode_id === 'string' ? row.episode_id : typeof row.id === 'string' ? row.id : `line-${line}`;
    rows.push({ line, id, prompt: row.prompt, completions: completions as string[], labels });
  });
  return { rows, errors };
}

export interface ScoredRow {
  line: number;
  id: string;
  step_scores: number[];
  aggregate: { product: number; min: number; mean: number; last: number };
  predicted_first_error: number;
  labels?: boolean[];
}

export interface ScoreSummary {
  model: string;
  backend: string;
  embed: string;
  rows: number;
  scored: number;
  errors: RowError[];
  results: ScoredRow[];
  /** when every scored row has labels: step metrics on this file (rows carry no groups, so no best-of-N) */
  metrics: MetricSet | null;
  warnings: string[];
}

export interface ScoreOptions {
  modelDir: string;
  file: string;
  backend: BackendChoice;
  openaiApiKey?: string;
  openaiBaseUrl?: string;
}

export async function scoreFile(options: ScoreOptions): Promise<ScoreSummary> {
  const config = readModelConfig(options.modelDir);
  let text: string;
  try {
    text = readFileSync(options.file, 'utf8');
  } catch (error) {
    throw new UnusableInputError(`cannot read ${options.file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { cause: error });
  }
  const { rows, errors } = parseStepwiseJsonl(text);
  const warnings: string[] = [];
  if (!stepTextMatches(config)) warnings.push(`the model was trained on step texts ${config.step_text}; this hookmine writes another version`);
  const backend = await loadBackend(options.backend);
  if (backend.name !== config.backend) warnings.push(`the model was trained on the ${config.backend} backend; scores on ${backend.name} may differ in the last digits`);
  let provider: EmbeddingProvider;
  if (config.embed.provider === 'hashing') provider = hashingProvider(config.embed.dim);
  else {
    const [model, dims] = config.embed.model.split('@') as [string, string | undefined];
    provider = await openAiProvider({ apiKey: options.openaiApiKey, baseUrl: options.openaiBaseUrl, model, dimensions: dims ? Number(dims) : undefined });
    if (provider.spec.dim !== config.embed.dim) {
      throw new UsageError(`the embeddings server returns ${provider.spec.dim}-dimensional vectors for ${model}; the model expects ${config.embed.dim}`);
    }
  }
  const examples: Example[] = rows.map((r) => ({
    id: `${r.line}`,
    group: `${r.line}`,
    kind: 'unknown',
    source: 'file',
    split: 'test',
    prompt: r.prompt,
    steps: r.completions.map((c, i) => ({ index: i, text: c, label: r.labels ? (r.labels[i] as boolean) : null })),
    finalCorrect: null,
    finalKey: '',
    templateFamily: null,
  }));
  const embedded = await embedExamples(provider, examples);
  for (const f of embedded.failed) errors.push({ line: Number(f.episode_id), reason: 'embedding_failed', message: f.message });
  const model = loadModel(options.modelDir, backend);
  const probs = modelProbs(model, embedded.usable, embedded.vectors);
  disposeMembers(model.members);
  const byLine = new Map(rows.map((r) => [`${r.line}`, r]));
  const results: ScoredRow[] = embedded.usable.map((e) => {
    const row = byLine.get(e.id) as StepwiseRow;
    const p = probs.get(e.id) as number[];
    return {
      line: row.line,
      id: row.id,
      step_scores: p,
      aggregate: { product: Math.exp(aggregate(p, 'product')), min: aggregate(p, 'min'), mean: aggregate(p, 'mean'), last: aggregate(p, 'last') },
      predicted_first_error: p.findIndex((x) => x < config.threshold),
      ...(row.labels ? { labels: row.labels } : {}),
    };
  });
  const labelled = results.filter((r) => r.labels);
  const metrics =
    labelled.length > 0 && labelled.length === results.length
      ? metricSet(
          labelled.map((r) => ({ id: `${r.line}`, group: `${r.line}`, probs: r.step_scores, labels: r.labels as boolean[], finalCorrect: null })),
          config.threshold,
          (id) => hashUnit(id),
        )
      : null;
  errors.sort((a, b) => a.line - b.line);
  return {
    model: options.modelDir,
    backend: backend.name,
    embed: `${config.embed.provider}:${config.embed.model}`,
    rows: rows.length + errors.filter((e) => e.reason !== 'embedding_failed').length,
    scored: results.length,
    errors,
    results,
    metrics,
    warnings,
  };
}
