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

/** Mean over members of each step's calibrated probability of being right. */
export function ensembleProbs(members: readonly Pick<Member, 'network' | 'temperature'>[], examples: readonly Example[], vectors: Vectors): Map<string, number[]> {
  if (members.length === 0) throw new Error('an ensemble needs at least one network');
  const sums = new Map<string, number[]>();
  for (const m of members) {
    for (const [id, z] of m.network.scoreExamples(examples, vectors)) {
      const p = applyTemperature(z, m.temperature);
      const acc = sums.get(id);
      if (!acc) sums.set(id, p);
      else p.forEach((x, i) => (acc[i] = (acc[i] as number) + x));
    }
  }
  return new Map([...sums].map(([id, s]) => [id, s.map((x) => x / members.length)]));
}

export function disposeMembers(members: readonly Pick<Member, 'network'>[]): void {
  for (const m of members) m.network.dispose();
}
