// What the PRM scripts share: load saved models and the corpus's examples with their cached hashing
// embeddings, split as `hookmine train` evaluates (sibling pairs and counterfactuals are training
// data only). Reads the corpus read-only. Needs `npm run build` first.
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const root = resolve(new URL('../..', import.meta.url).pathname);
export const load = (p) => import(pathToFileURL(join(root, 'dist', p)).href);

const TRAIN_ONLY = new Set(['counterfactual', 'sibling', 'sibling_mutant']);

/** The models of the given `hookmine train --out` folders and the corpus's examples, embedded. */
export async function loadForEvaluation(db, outs, seed = 1) {
  const { Corpus } = await load('corpus/corpus.js');
  const { readPrmEpisodes } = await load('corpus/prm.js');
  const { buildExamples } = await load('src/prm/dataset.js');
  const { hashingProvider } = await load('src/prm/embeddings.js');
  const { corpusEmbeddingCache, embedExamples } = await load('src/prm/vectors.js');
  const { loadBackend } = await load('src/prm/backend.js');
  const { loadModel } = await load('src/prm/saved-model.js');

  const backend = await loadBackend('auto');
  const models = outs.map((o) => loadModel(join(resolve(o), 'model'), backend));
  const { embed } = models[0].config;
  for (const [i, m] of models.entries()) {
    if (m.config.embed.provider !== 'hashing') throw new Error(`${outs[i]}: embedded with ${m.config.embed.provider}; these scripts read hashing embeddings only`);
    if (m.config.embed.model !== embed.model || m.config.embed.dim !== embed.dim) throw new Error(`${outs[i]}: another embedding than ${outs[0]}'s`);
  }
  const corpus = await Corpus.open(resolve(db), { readOnly: true });
  let embedded;
  try {
    const { episodes, steps } = await readPrmEpisodes(corpus);
    const { examples } = buildExamples(episodes, steps, { split: { seed }, dedup: true });
    embedded = await embedExamples(hashingProvider(embed.dim), examples, { cache: corpusEmbeddingCache(corpus) });
  } finally {
    corpus.close();
  }
  /** the split's examples as train evaluates them */
  const of = (split) => embedded.usable.filter((e) => e.split === split && !TRAIN_ONLY.has(e.kind));
  return { models, vectors: embedded.vectors, of };
}
