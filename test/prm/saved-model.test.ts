import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnusableInputError } from '../../src/errors.js';
import { loadBackend } from '../../src/prm/backend.js';
import { modelConfigOf } from '../../src/prm/config.js';
import { loadModel, MODEL_FORMAT, predictProbs, saveModel } from '../../src/prm/saved-model.js';
import { STEP_TEXT_VERSION } from '../../src/prm/step-text.js';
import { trainNetwork } from '../../src/prm/trainer.js';
import { tempDir } from '../helpers/tmp.js';
import { tinyData, tinySettings } from './helpers.js';

describe('a saved model', async () => {
  const backend = await loadBackend('auto');

  it('reloaded on the same backend reproduces its scores exactly', async () => {
    const data = await tinyData();
    const settings = tinySettings();
    const modelConfig = modelConfigOf(settings, 128);
    const trained = await trainNetwork({
      backend,
      modelConfig,
      settings,
      objective: 'step',
      train: data.train,
      validation: data.validation,
      vectors: data.vectors,
      checkpointDir: join(tempDir(), 'ckpt'),
      fingerprint: 'reload',
    });
    const dir = join(tempDir(), 'model');
    saveModel(
      dir,
      { format: MODEL_FORMAT, objective: 'step', model: modelConfig, embed: { provider: 'hashing', model: 'hashing-v1', dim: 128 }, step_text: STEP_TEXT_VERSION, temperature: 1.7, threshold: 0.5, backend: backend.name, train_id: 't', hookmine_version: '0' },
      trained.network,
    );
    const before = predictProbs(trained.network, 1.7, data.evaluation, data.vectors);
    trained.network.dispose();

    const reloaded = loadModel(dir, backend);
    expect(reloaded.config.temperature).toBe(1.7);
    const after = predictProbs(reloaded.network, reloaded.config.temperature, data.evaluation, data.vectors);
    expect(after.size).toBe(data.evaluation.length);
    for (const [id, probs] of before) expect(after.get(id)).toEqual(probs);
    // Not trivially equal: the scores differ between steps and trajectories.
    expect(new Set([...before.values()].flat()).size).toBeGreaterThan(10);
    reloaded.network.dispose();
  });

  it('a folder that is not a model is unusable input naming the missing file', () => {
    const dir = tempDir();
    expect(() => loadModel(dir, backend)).toThrow(UnusableInputError);
    expect(() => loadModel(dir, backend)).toThrow(/config\.json is missing/);
  });
});
