import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Corpus } from '../../corpus/corpus.js';
import type { Progress } from '../../src/progress.js';
import { memberSeed } from '../../src/prm/ensemble.js';
import { runTraining, type TrainRunOptions } from '../../src/prm/run-train.js';
import { tempDir } from '../helpers/tmp.js';
import { writeFixtureCorpus } from './fixture/corpus.js';
import { tinySettings } from './helpers.js';

/** Counts the batches each progress bar (one per network) saw, by title. */
function recorder(onStart?: (title: string) => void) {
  const ticks = new Map<string, number>();
  const progress = (title: string): Progress => {
    ticks.set(title, 0);
    onStart?.(title);
    return { tick: (_l, n = 1) => ticks.set(title, (ticks.get(title) ?? 0) + n), status: () => {}, setTotal: () => {}, clear: () => {}, done: () => {} };
  };
  return { ticks, progress };
}

describe('an ensemble', () => {
  it("member 0 keeps the run's seed; the others are 1000 apart", () => {
    expect([0, 1, 2].map((i) => memberSeed(7, i))).toEqual([7, 1007, 2007]);
  });

  it('stopped in its second network resumes there, the first not retrained, and ends with the weights of a run never stopped', async () => {
    const dir = tempDir();
    const corpus = await Corpus.open(join(dir, 'c.duckdb'));
    try {
      await writeFixtureCorpus(corpus, { datasets: 9, questionsPerDataset: 2 });
      const base: Omit<TrainRunOptions, 'out'> = { settings: tinySettings({ epochs: 2, ensemble: 2 }), backend: 'auto', embed: 'hashing', embedModel: '', version: 'test' };

      const whole = recorder();
      const straight = await runTraining(corpus, { ...base, out: join(dir, 'straight'), progress: whole.progress });
      expect(straight.status).toBe('ok');

      // Stop at the first update of the second PRM network: an event, not a clock.
      let second = false;
      const first = recorder((title) => (second ||= title === 'train prm 2/2'));
      const stopped = await runTraining(corpus, { ...base, out: join(dir, 'stopped'), progress: first.progress, shouldStop: () => second });
      expect(stopped.status).toBe('interrupted');
      expect(first.ticks.get('train prm 1/2')).toBeGreaterThan(0);
      expect([...first.ticks.keys()]).not.toContain('train outcome-only 1/2');

      const again = recorder();
      const resumed = await runTraining(corpus, { ...base, out: join(dir, 'stopped'), progress: again.progress });
      expect(resumed.status).toBe('ok');
      expect(again.ticks.get('train prm 1/2')).toBe(0);
      // The second network continues from its checkpoint: fewer batches than a whole training.
      expect(again.ticks.get('train prm 2/2')).toBeGreaterThan(0);
      expect(again.ticks.get('train prm 2/2')).toBeLessThan(whole.ticks.get('train prm 2/2') as number);
      for (const file of ['model/weights.bin', 'model/weights-2.bin', 'outcome-model/weights-2.bin']) {
        expect(readFileSync(join(dir, 'stopped', file)).equals(readFileSync(join(dir, 'straight', file))), file).toBe(true);
      }
    } finally {
      corpus.close();
    }
  }, 300_000);
});
