// Synthetic (template) episodes as runnable programs for the label stage. Until the template
// library's runner is wired in, synthetic episodes are reported as not labelled, with the reason.
import type { GoldEpisode, StoredStep } from '../../corpus/labels.js';
import type { EpisodeProgram } from './episode-program.js';

export interface SyntheticBuilder {
  build: (gold: GoldEpisode, steps: readonly StoredStep[]) => Promise<EpisodeProgram | string>;
  close(): Promise<void>;
}

export async function syntheticProgramBuilder(_options: { dataRoot: string }): Promise<SyntheticBuilder> {
  return {
    build: async () => 'synthetic episodes are labelled once the template runner is available',
    close: async () => undefined,
  };
}
