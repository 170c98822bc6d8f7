import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UnusableInputError } from '../../src/errors.js';
import { loadBackend } from '../../src/prm/backend.js';
import { modelConfigOf } from '../../src/prm/config.js';
import { disposeMembers, ensembleProbs, memberSeed, predictProbs, type Member } from '../../src/prm/ensemble.js';
import { loadModel, MODEL_FORMAT, modelProbs, saveModel, type SavedModelConfig } from '../../src/prm/saved-model.js';
import { STEP_TEXT_VERSION } from '../../src/prm/step-text.js';
import { trainNetwork } from '../../src/prm/trainer.js';
import { tempDir } from '../helpers/tmp.js';
import { tinyData, tinySettings } from './helpers.js';

describe('a saved model', async () => {
  const backend = await loadBackend('auto');
  const data = await tinyData();
  const settings = tinySettings();
  const modelConfig = modelConfigOf(settings, 128);
  const config: Omit<SavedModelConfig, 'members'> = { format: MODEL_FORMAT, objective: 'step', model: modelConfig, embed: { provider: 'hashing', model: 'hashing-v1', dim: 128 }, step_text: STEP_TEXT_VERSION, threshold: 0.5, backend: backend.name, train_id: 't', hookmine_version: '0' };
  const train = async (index: number, temperature: number): Promise<Member> => {
    const seed = memberSeed(settings.seed, index);
    const trained = await trainNetwork({
      backend,
      modelConfig,
      settings: { ...settings, seed },
      objective: 'step',
      train: data.train,
      validation: data.validation,
      vectors: data.vectors,
      checkpointDir: join(tempDir(), 'ckpt'),
      fingerprint: `reload-${index}`,
    });
    return { network: trained.network, temperature, seed };
  };

  it('an ensemble reloaded on the same backend reproduces its scores exactly: the mean of its networks', async () => {
    const members = [await train(0, 1.7), await train(1, 0.9)];
    const dir = join(tempDir(), 'model');
    saveModel(dir, config, members);
    const before = ensembleProbs(members, data.evaluation, data.vectors);
    const single = members.map((m) => predictProbs(m.network, m.temperature, data.evaluation, data.vectors));
    disposeMembers(members);

    const reloaded = loadModel(dir, backend);
    expect(reloaded.config.members.map((m) => [m.weights, m.temperature, m.seed])).toEqual([
      ['weights', 1.7, 1],
      ['weights-2', 0.9, 1001],
    ]);
    const after = modelProbs(reloaded, data.evaluation, data.vectors);
    expect(after.size).toBe(data.evaluation.length);
    for (const [id, probs] of before) {
      expect(after.get(id)).toEqual(probs);
      const mean = (single[0]?.get(id) as number[]).map((p, i) => (p + (single[1]?.get(id) as number[])[i]!) / 2);
      (after.get(id) as number[]).forEach((p, i) => expect(p).toBeCloseTo(mean[i] as number, 6));
    }
    // Not trivially equal: the scores differ between steps and trajectories, and the two networks differ.
    expect(new Set([...before.values()].flat()).size).toBeGreaterThan(10);
    expect([...single[0]!].some(([id, p]) => p.some((x, i) => Math.abs(x - (single[1]?.get(id) as number[])[i]!) > 1e-3))).toBe(true);
    // Saved again with one member, the second member's weights go.
    saveModel(dir, config, reloaded.members.slice(0, 1));
    expect(readdirSync(dir).sort()).toEqual(['config.json', 'weights.bin', 'weights.json']);
    disposeMembers(reloaded.members);
  });

  it('a version 1 folder (one network, one temperature) loads as an ensemble of one', async () => {
    const member = await train(0, 1.3);
    const dir = join(tempDir(), 'v1');
    saveModel(dir, config, [member]);
    const { members: _members, ...rest } = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...rest, format: 'hookmine-prm-v1', temperature: 1.3 }));
    const expected = predictProbs(member.network, 1.3, data.evaluation, data.vectors);
    member.network.dispose();
    const reloaded = loadModel(dir, backend);
    expect(reloaded.config.members).toEqual([{ weights: 'weights', temperature: 1.3, seed: null }]);
    expect(modelProbs(reloaded, data.evaluation, data.vectors)).toEqual(expected);
    disposeMembers(reloaded.members);
  });

  it('a member that names a path instead of a weights file is refused', async () => {
    const member = await train(0, 1);
    const dir = join(tempDir(), 'bad');
    saveModel(dir, config, [member]);
    member.network.dispose();
    const saved = JSON.parse(readFileSync(join(dir, 'config.json'), 'utf8'));
    writeFileSync(join(dir, 'config.json'), JSON.stringify({ ...saved, members: [{ weights: '../../etc/weights', temperature: 1, seed: 1 }] }));
    expect(() => loadModel(dir, backend)).toThrow(/a member is not \{weights: "weights" or "weights-<n>"/);
  });

  it('a folder that is not a model is unusable input naming the missing file', () => {
    const dir = tempDir();
    expect(() => loadModel(dir, backend)).toThrow(UnusableInputError);
    expect(() => loadModel(dir, backend)).toThrow(/config\.json is missing/);
  });
});
