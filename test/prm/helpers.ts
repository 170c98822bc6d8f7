// Shared setup of the PRM tests: a tiny fixture, its examples and embeddings, tiny settings.
import type { Vectors } from '../../src/prm/collate.js';
import { resolveTrainSettings, type TrainSettings } from '../../src/prm/config.js';
import { buildExamples, type Example } from '../../src/prm/dataset.js';
import { hashingProvider } from '../../src/prm/embeddings.js';
import { embedExamples } from '../../src/prm/vectors.js';
import { fixtureRows } from './fixture/examples.js';

/** A model small enough to train in about a second. */
export function tinySettings(overrides: Partial<TrainSettings> = {}): TrainSettings {
  return resolveTrainSettings({ epochs: 3, batchSize: 8, dModel: 16, heads: 2, layers: 1, ffMult: 2, maxSteps: 8, embedDim: 128, ...overrides });
}

export async function tinyData(options: { datasets?: number; questions?: number; embedDim?: number } = {}): Promise<{
  examples: Example[];
  train: Example[];
  validation: Example[];
  evaluation: Example[];
  vectors: Vectors;
}> {
  const rows = fixtureRows({ datasets: options.datasets ?? 12, questionsPerDataset: options.questions ?? 3 });
  const { examples } = buildExamples(rows.episodes, rows.steps, { split: { seed: 1 } });
  const { vectors } = await embedExamples(hashingProvider(options.embedDim ?? 128), examples);
  return {
    examples,
    train: examples.filter((e) => e.split === 'train'),
    validation: examples.filter((e) => e.split === 'validation'),
    evaluation: examples.filter((e) => e.split === 'test' || e.split === 'heldout'),
    vectors,
  };
}
