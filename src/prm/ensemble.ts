// A deep ensemble (Lakshminarayanan et al. 2017): networks that differ only in the seed of their
// initialisation, sampling and dropout, each calibrated on validation, scored by the mean of their
// calibrated step probabilities. One network's first-error threshold moves with its seed (the
// sixth measurement's four seeds ranged 0.685 to 0.708 in heldout F1); the mean of several does not.
import type { Vectors } from './collate.js';
import type { Example } from './dataset.js';
import type { Network } from './network.js';
import { applyTemperature } from './calibration.js';

export interface Member {
  network: Network;
  /** calibration temperature of this network alone */
  temperature: number;
  /** null for a version 1 model folder, which did not record it */
  seed: number | null;
}

/** Member 0 keeps the run's seed, so a one-network ensemble is exactly the single model of before. */
export function memberSeed(seed: number, index: number): number {
  return seed + 1000 * index;
}

/** One network's calibrated per-step probabilities of being right. */
export function predictProbs(network: Network, temperature: number, examples: readonly Example[], vectors: Vectors): Map<string, number[]> {
  const logits = network.scoreExamples(examples, vectors);
  return new Map([...logits].map(([id, z]) => [id, applyTemperature(z, temperature)]));
}

/** Logits a network gave, by example id, and the temperature that calibrates them. */
export interface Scored {
  logits: Map<string, Float32Array>;
  temperature: number;
}

/** Mean over networks of each step's calibrated probability, from logits already computed. */
export function meanCalibrated(scored: readonly Scored[]): Map<string, number[]> {
  if (scored.length === 0) throw new Error('an ensemble needs at least one network');
  const sums = new Map<string, number[]>();
  for (const { logits, temperature } of scored) {
    for (const [id, z] of logits) {
      const p = applyTemperature(z, temperature);
      const acc = sums.get(id);
      if (!acc) sums.set(id, p);
      else p.forEach((x, i) => (acc[i] = (acc[i] as number) + x));
    }
  }
  return new Map([...sums].map(([id, s]) => [id, s.map((x) => x / scored.length)]));
}

/** Mean over members of each step's calibrated probability of being right. */
export function ensembleProbs(members: readonly Pick<Member, 'network' | 'temperature'>[], examples: readonly Example[], vectors: Vectors): Map<string, number[]> {
  return meanCalibrated(members.map((m) => ({ logits: m.network.scoreExamples(examples, vectors), temperature: m.temperature })));
}

export function disposeMembers(members: readonly Pick<Member, 'network'>[]): void {
  for (const m of members) m.network.dispose();
}
