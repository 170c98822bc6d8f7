// One backend per process (TF.js keeps one global engine), so bench/prm.bench.ts runs this file once
// per backend: `node dist/bench/prm-worker.js <backend> <updates> [steps]` prints one JSON line.
// With `steps`, every trajectory is stretched to that many steps (its steps repeated), the cost of
// long notebook trajectories that fill the whole window.
import { loadBackend, type BackendChoice } from '../src/prm/backend.js';
import { modelConfigOf, resolveTrainSettings } from '../src/prm/config.js';
import { buildExamples } from '../src/prm/dataset.js';
import { hashingProvider } from '../src/prm/embeddings.js';
import { trainNetwork } from '../src/prm/trainer.js';
import { embedExamples } from '../src/prm/vectors.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fixtureRows } from '../test/prm/fixture/examples.js';

const [choice = 'wasm', updatesArg = '40', stepsArg] = process.argv.slice(2);
const updates = Number(updatesArg);
const stretch = stepsArg === undefined ? undefined : Number(stepsArg);
const dir = mkdtempSync(join(tmpdir(), 'hookmine-bench-prm-'));
try {
  const backend = await loadBackend(choice as BackendChoice);
  // The default model (width 64, 2 layers, 1024-d hashing input, batches of 16) on fixture trajectories.
  const settings = resolveTrainSettings({ epochs: 1, checkpointEvery: 1e6 });
  const rows = fixtureRows({ datasets: 36, questionsPerDataset: 6 });
  const built = buildExamples(rows.episodes, rows.steps).examples;
  const examples = stretch
    ? built.map((e) => ({ ...e, steps: Array.from({ length: stretch }, (_, i) => ({ ...(e.steps[i % e.steps.length] as (typeof e.steps)[number]), index: i })) }))
    : built;
  const provider = hashingProvider(settings.embedDim);
  const { vectors } = await embedExamples(provider, examples);
  const train = examples.slice(0, updates * settings.batchSize);
  if (train.length < updates * settings.batchSize) throw new Error(`the fixture has too few trajectories for ${updates} updates`);
  let done = 0;
  const result = await trainNetwork({
    backend,
    modelConfig: modelConfigOf(settings, provider.spec.dim),
    settings: { ...settings, balance: false, truncate: stretch ? 0 : settings.truncate },
    objective: 'step',
    train,
    validation: [],
    vectors,
    checkpointDir: join(dir, 'ckpt'),
    fingerprint: 'bench',
    shouldStop: () => ++done >= updates,
  });
  const scoreStart = process.hrtime.bigint();
  result.network.scoreExamples(examples.slice(0, 256), vectors);
  const scoreSeconds = Number(process.hrtime.bigint() - scoreStart) / 1e9;
  console.log(
    JSON.stringify({
      backend: backend.name,
      updates: result.updates,
      updatesPerSecond: result.updates / result.updateSeconds,
      trajectoriesScoredPerSecond: 256 / scoreSeconds,
      steps: train.reduce((n, e) => n + e.steps.length, 0) / train.length,
    }),
  );
  result.network.dispose();
} catch (error) {
  console.log(JSON.stringify({ backend: choice, unavailable: (error as Error).message }));
} finally {
  rmSync(dir, { recursive: true, force: true });
}
