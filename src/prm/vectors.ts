// Embed every prompt and step text of a set of examples, through the corpus cache when the provider
// is worth caching. Examples whose texts the provider refused are returned separately.
import type { Corpus } from '../../corpus/corpus.js';
import { readEmbeddings, storeEmbeddings } from '../../corpus/prm.js';
import type { Vectors } from './collate.js';
import type { Example } from './dataset.js';
import { embedAll, stepKey, type EmbeddingCache, type EmbeddingProvider } from './embeddings.js';

export function corpusEmbeddingCache(corpus: Corpus): EmbeddingCache {
  return {
    get: (spec, shas) => readEmbeddings(corpus, { provider: spec.provider, model: spec.model }, shas),
    put: (spec, entries) => storeEmbeddings(corpus, { provider: spec.provider, model: spec.model }, entries),
  };
}

export interface EmbeddedExamples {
  vectors: Vectors;
  usable: Example[];
  failed: { episode_id: string; message: string }[];
  cached: number;
  computed: number;
}

export async function embedExamples(
  provider: EmbeddingProvider,
  examples: readonly Example[],
  options: { cache?: EmbeddingCache; onProgress?: (done: number, total: number) => void } = {},
): Promise<EmbeddedExamples> {
  const promptTexts = examples.map((e) => e.prompt);
  const stepTexts = examples.flatMap((e) => e.steps.map((s) => stepKey(provider.pairwise, e.prompt, s.text)));
  const totalPrompts = new Set(promptTexts).size;
  const prompts = await embedAll(provider, promptTexts, 'prompt', {
    cache: options.cache,
    onProgress: (done) => options.onProgress?.(done, totalPrompts + new Set(stepTexts).size),
  });
  const steps = await embedAll(provider, stepTexts, 'step', {
    cache: options.cache,
    onProgress: (done, total) => options.onProgress?.(totalPrompts + done, totalPrompts + total),
  });
  const usable: Example[] = [];
  const failed: EmbeddedExamples['failed'] = [];
  for (const e of examples) {
    const reason = prompts.failed.get(e.prompt) ?? e.steps.map((s) => steps.failed.get(stepKey(provider.pairwise, e.prompt, s.text))).find((r) => r !== undefined);
    if (reason === undefined) usable.push(e);
    else failed.push({ episode_id: e.id, message: reason });
  }
  return {
    vectors: { prompts: prompts.vectors, steps: steps.vectors, pairwise: provider.pairwise },
    usable,
    failed,
    cached: prompts.cached + steps.cached,
    computed: prompts.computed + steps.computed,
  };
}
