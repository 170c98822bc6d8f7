// A trained verifier on disk: `config.json` (architecture, embedding, step-text version, the
// ensemble's members with their calibration temperatures, ProcessBench threshold, the backend it was
// trained on) and one `weights*.{json,bin}` pair per member. Loading it on the same backend
// reproduces its scores exactly. Version 1 folders (one network, one temperature) still load.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UnusableInputError } from '../errors.js';
import type { LoadedBackend } from './backend.js';
import type { Objective, Vectors } from './collate.js';
import type { Example } from './dataset.js';
import type { EmbedSpec } from './embeddings.js';
import type { ModelConfig } from './model.js';
import { Network } from './network.js';
import { ensembleProbs, type Member } from './ensemble.js';
import { STEP_TEXT_VERSION } from './step-text.js';
import { readWeights, writeWeights } from './weights-io.js';

export const MODEL_FORMAT = 'hookmine-prm-v2';
const V1 = 'hookmine-prm-v1';

export interface SavedMember {
  /** basename of the member's weights files in the model folder */
  weights: string;
  temperature: number;
  /** null for a version 1 model, which did not record it */
  seed: number | null;
}

export interface SavedModelConfig {
  format: typeof MODEL_FORMAT;
  objective: Objective;
  model: ModelConfig;
  embed: EmbedSpec;
  step_text: string;
  /** the networks whose calibrated probabilities are averaged (src/prm/ensemble.ts) */
  members: SavedMember[];
  threshold: number;
  backend: string;
  train_id: string;
  hookmine_version: string;
}

export interface SavedModel {
  config: SavedModelConfig;
  members: Member[];
}

const weightsName = (index: number) => (index === 0 ? 'weights' : `weights-${index + 1}`);

export function saveModel(dir: string, config: Omit<SavedModelConfig, 'members'>, members: readonly Member[]): void {
  mkdirSync(dir, { recursive: true });
  // A larger ensemble saved here before leaves weights no member names: remove them.
  for (const f of readdirSync(dir)) {
    const n = /^weights-(\d+)\.(json|bin)$/.exec(f);
    if (n && Number(n[1]) > members.length) rmSync(join(dir, f), { force: true });
  }
  members.forEach((m, i) => writeWeights(dir, weightsName(i), m.network.toArrays()));
  const saved: SavedModelConfig = { ...config, members: members.map((m, i) => ({ weights: weightsName(i), temperature: m.temperature, seed: m.seed })) };
  writeFileSync(join(dir, 'config.json'), `${JSON.stringify(saved, null, 2)}\n`);
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
  if ((config.format as string) === V1) {
    // One network and its temperature: an ensemble of one.
    const { temperature, ...rest } = config as unknown as Omit<SavedModelConfig, 'members'> & { temperature: number };
    return { ...rest, format: MODEL_FORMAT, members: [{ weights: 'weights', temperature, seed: null }] };
  }
  if (config.format !== MODEL_FORMAT) throw new UnusableInputError(`${file}: unknown model format ${String(config.format)} (expected ${MODEL_FORMAT} or ${V1})`);
  if (!Array.isArray(config.members) || config.members.length === 0) throw new UnusableInputError(`${file}: no members (the networks of the model)`);
  // The folder may come from anyone: a member names a weights file in it, never a path.
  const bad = config.members.find((m) => !/^weights(-\d+)?$/.test(String(m?.weights)) || typeof m.temperature !== 'number');
  if (bad) throw new UnusableInputError(`${file}: a member is not {weights: "weights" or "weights-<n>", temperature: <number>}: ${JSON.stringify(bad)}`);
  return config;
}

export function loadModel(dir: string, backend: LoadedBackend): SavedModel {
  const config = readModelConfig(dir);
  return {
    config,
    members: config.members.map((m) => ({ network: Network.fromArrays(backend, config.model, readWeights(dir, m.weights)), temperature: m.temperature, seed: m.seed })),
  };
}

/** The saved model's calibrated per-step probabilities: the mean over its members. */
export function modelProbs(model: SavedModel, examples: readonly Example[], vectors: Vectors): Map<string, number[]> {
  return ensembleProbs(model.members, examples, vectors);
}

/** Does this model read step texts as this hookmine writes them? */
export function stepTextMatches(config: SavedModelConfig): boolean {
  return config.step_text === STEP_TEXT_VERSION;
}
