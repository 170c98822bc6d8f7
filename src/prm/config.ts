// Model and training hyperparameters of `hookmine train`, one row each (flag, default, check, help),
// in the manner of TRL's PRMConfig. Deployment settings (backend, embedding provider and model) are
// rows of src/config.ts instead, because they also come from the environment.
import { z } from 'zod';
import { UsageError } from '../errors.js';
import type { ModelConfig } from './model.js';

interface Row<T> {
  schema: z.ZodType<T>;
  default: T;
  help: string;
}

function row<T>(schema: z.ZodType<T>, defaultValue: T, help: string): Row<T> {
  return { schema, default: defaultValue, help };
}

const int = (min: number) => z.coerce.number().int().min(min);
const num = (min: number, max: number) => z.coerce.number().min(min).max(max);
const bool = z.union([z.boolean(), z.enum(['true', 'false']).transform((v) => v === 'true')]);

export const TRAIN_FIELDS = {
  epochs: row(int(1), 16, 'passes over the training split'),
  batchSize: row(int(1), 16, 'trajectories per update'),
  learningRate: row(num(1e-6, 1), 2e-3, 'peak learning rate (AdamW, linear warm-up, cosine decay)'),
  weightDecay: row(num(0, 1), 0.01, 'decoupled weight decay on weight matrices'),
  warmup: row(num(0, 0.5), 0.05, 'share of the updates spent warming up the learning rate'),
  clipNorm: row(num(0, 1e6), 1, 'global gradient-norm clip (0: off)'),
  labelSmoothing: row(num(0, 0.5), 0.05, 'label smoothing of the step targets'),
  focalGamma: row(num(0, 5), 0, 'focal-loss exponent (0: plain cross-entropy)'),
  balance: row(bool, true, 'sample trajectories with and without a wrong step equally often'),
  truncate: row(num(0, 1), 0.3, 'probability of training on a random window of a trajectory (truncation augmentation)'),
  rankWeight: row(num(0, 10), 1, "weight of a pairwise term that ranks each best-of-N group's trajectories with a right final answer above those with a wrong one (sum of step log-probabilities; batches then hold whole groups; 0: off)"),
  dModel: row(int(8), 64, 'width of the transformer'),
  heads: row(int(1), 4, 'attention heads'),
  layers: row(int(1), 2, 'transformer layers'),
  ffMult: row(int(1), 2, 'feed-forward width as a multiple of --d-model'),
  maxSteps: row(int(2), 32, 'steps per window; longer trajectories are scored with a sliding window'),
  dropout: row(num(0, 0.9), 0.25, 'dropout rate (inputs, attention, residual branches)'),
  interaction: row(bool, true, 'add a question x step product to each step input'),
  embedDim: row(int(8), 1024, 'vector size of the hashing embedding (openai: the --embed-model size, or its shortened size when given)'),
  seed: row(int(0), 1, 'seed of initialisation, sampling, dropout and the computed splits'),
  ensemble: row(int(1).max(16), 3, 'networks per model, trained from seeds --seed, --seed + 1000, ...; the verifier scores with the mean of their calibrated step probabilities (a deep ensemble), and the outcome-only baseline gets as many'),
  checkpointEvery: row(int(1), 300, 'seconds between checkpoints inside an epoch (one is always written at the end of each epoch)'),
} as const;

export type TrainFieldKey = keyof typeof TRAIN_FIELDS;
export type TrainSettings = { [K in TrainFieldKey]: (typeof TRAIN_FIELDS)[K]['default'] };

/** "batchSize" -> "--batch-size". */
export function flagOf(key: string): string {
  return `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
}

export function resolveTrainSettings(given: Partial<Record<TrainFieldKey, unknown>>): TrainSettings {
  const out: Record<string, unknown> = {};
  for (const [key, spec] of Object.entries(TRAIN_FIELDS) as [TrainFieldKey, Row<unknown>][]) {
    const raw = given[key];
    if (raw === undefined) {
      out[key] = spec.default;
      continue;
    }
    const parsed = spec.schema.safeParse(raw);
    if (!parsed.success) {
      throw new UsageError(`invalid ${flagOf(key)} ${JSON.stringify(raw)}: ${parsed.error.issues[0]?.message ?? 'invalid value'} (${spec.help})`);
    }
    out[key] = parsed.data;
  }
  const settings = out as TrainSettings;
  if (settings.dModel % settings.heads !== 0) throw new UsageError(`--d-model (${settings.dModel}) must be a multiple of --heads (${settings.heads})`);
  return settings;
}

export function modelConfigOf(settings: TrainSettings, inputDim: number): ModelConfig {
  return {
    inputDim,
    dModel: settings.dModel,
    heads: settings.heads,
    layers: settings.layers,
    ffMult: settings.ffMult,
    maxSteps: settings.maxSteps,
    dropout: settings.dropout,
    interaction: settings.interaction,
  };
}
