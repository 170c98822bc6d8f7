#!/usr/bin/env node
// The ProcessBench F1 a finished training would have with other first-error threshold rules
// (docs/prm.md, fifth measurement): the same saved model and scores, the threshold chosen on the
// validation split by the rule in the code (the mean F1 of its seen- and unseen-variant parts), by
// the pooled split, by each part alone, or fixed at 0.5; F1 on test and heldout at each. Reads the
// corpus read-only; the embeddings come from its cache.
// Usage: node scripts/threshold-rules.mjs <corpus.duckdb> <train-out> [<seed>]   (after npm run build)
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const [db, out, seedArg] = process.argv.slice(2);
if (!db || !out) {
  console.error('usage: node scripts/threshold-rules.mjs <corpus.duckdb> <train-out> [<seed>]');
  process.exit(2);
}
const root = resolve(new URL('..', import.meta.url).pathname);
const load = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
const { Corpus } = await load('corpus/corpus.js');
const { readPrmEpisodes } = await load('corpus/prm.js');
const { buildExamples } = await load('src/prm/dataset.js');
const { hashingProvider } = await load('src/prm/embeddings.js');
const { corpusEmbeddingCache, embedExamples } = await load('src/prm/vectors.js');
const { loadBackend } = await load('src/prm/backend.js');
const { loadModel, modelProbs } = await load('src/prm/saved-model.js');
const { trajectories } = await load('src/prm/evaluate.js');
const { tuneThreshold, processBench } = await load('src/prm/metrics.js');

const corpus = await Corpus.open(resolve(db), { readOnly: true });
let embedded;
let model;
try {
  const { episodes, steps } = await readPrmEpisodes(corpus);
  const { examples } = buildExamples(episodes, steps, { split: { seed: Number(seedArg ?? 1) } });
  model = loadModel(join(resolve(out), 'model'), await loadBackend('auto'));
  if (model.config.embed.provider !== 'hashing') throw new Error(`${out}: embedded with ${model.config.embed.provider}; this script reads hashing embeddings only`);
  embedded = await embedExamples(hashingProvider(model.config.embed.dim), examples, { cache: corpusEmbeddingCache(corpus) });
} finally {
  corpus.close();
}
// evaluated as train does: sibling pairs and counterfactuals are training data only
const trainOnly = new Set(['counterfactual', 'sibling', 'sibling_mutant']);
const scored = (split) => {
  const list = embedded.usable.filter((e) => e.split === split && !trainOnly.has(e.kind));
  return trajectories(list, modelProbs(model, list, embedded.vectors));
};
const validation = scored('validation');
const test = scored('test');
const heldout = scored('heldout');
const rules = [
  ['seen and unseen parts', tuneThreshold(validation)],
  ['pooled validation', tuneThreshold(validation.map(({ part: _part, ...t }) => t))],
  ['seen variants only', tuneThreshold(validation.filter((t) => t.part === 'seen'))],
  ['unseen variants only', tuneThreshold(validation.filter((t) => t.part === 'unseen'))],
  ['fixed 0.5', 0.5],
];
const f1 = (ts, th) => processBench(ts, th).f1?.toFixed(3) ?? '-';
console.log(`${out}: saved threshold ${model.config.threshold}; validation ${validation.length} trajectories (${validation.filter((t) => t.part === 'unseen').length} of unseen variants)`);
for (const [name, th] of rules) console.log(`${name.padEnd(22)} threshold ${th.toFixed(2)}  test F1 ${f1(test, th)}  heldout F1 ${f1(heldout, th)}`);
