// A trained verifier on disk: `config.json` (architecture, embedding, step-text version, calibration
// temperature, ProcessBench threshold, the backend it was trained on) and `weights.{json,bin}`.
// Loading it on the same backend reproduces its scores exactly.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnusableInputError } from '../errors.js';
import type { LoadedBackend } from './backend.js';
import type { Objective, Vectors } from './collate.js';
import type { Example } from './dataset.js';
import type { EmbedSpec } from './embeddings.js';
import type { ModelConfig } from './model.js';
import { Network } from './network.js';
import { applyTemperature } from './calibration.js';
import { STEP_TEXT_VERSION } from './step-text.js';
import { readWeights, writeWeights } from './weights-io.js';

export const MODEL_FORMAT = 'hookmine-prm-v1';

export interface SavedModelConfig {
  format: typeof MODEL_FORMAT;
  objective: Objective;
  model: ModelConfig;
  embed: EmbedSpec;
  step_text: string;
  temperature: number;
  threshold: number;
  backend: string;
  train_id: string;
  hookmine_version: string;
}

export interface SavedModel {
  config: SavedModelConfig;
  network: Network;
}

export function saveModel(dir: string, config: SavedModelConfig, network: Network): void {
  mkdirSync(dir, { recursive: true });
  writeWeights(dir, 'weights', network.toArrays());
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(config, null, 2)}\n`);
}

export function readModelConfig(dir: string): SavedModelConfig {
  const file = join(dir, 'config.json');
  if (!existsSync(file)) throw new UnusableInputError(`${dir} is not a hookmine model: ${file} is missing (pass the model folder that hookmine train wrote, e.g. <out>/model)`);
  let config: SavedModelConfig;
  try {
    config = JSON.parse(readFileSync(file, 'utf8')) as SavedModelConfig;
  } catch (error) {
    throw new UnusableInputError(`${file} is not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  if (config.format !== MODEL_FORMAT) throw new UnusableInputError(`${file}: unknown model format ${String(config.format)} (expected ${MODEL_FORMAT})`);
  return config;
}

export function loadModel(dir: string, backend: LoadedBackend): SavedModel {
  const config = readModelConfig(dir);
  return { config, network: Network.fromArrays(backend, config.model, readWeights(dir, 'weights')) };
}

/** Does this model read step texts as this hookmine writes them? */
export function stepTextMatches(config: SavedModelConfig): boolean {
  return config.step_text === STEP_TEXT_VERSION;
}

/** Calibrated per-step probabilities of being right. */
export function predictProbs(network: Network, temperature: number, examples: readonly Example[], vectors: Vectors): Map<string, number[]> {
  const logits = network.scoreExamples(examples, vectors);
  return new Map([...logits].map(([id, z]) => [id, applyTemperature(z, temperature)]));
}
