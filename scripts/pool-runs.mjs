#!/usr/bin/env node
// Several finished trainings pooled into one ensemble, scored as `hookmine train` scores its own
// (docs/prm.md, seventh measurement): every member of every given model, the mean of their
// calibrated step probabilities, the threshold tuned on validation by the rule in the code, then
// ProcessBench F1 and best-of-N on test, heldout and real. Each network of an ensemble alone and
// each model are printed first, then the pool, then every pool that leaves one model out. Reads the corpus read-only; the embeddings
// come from its cache.
// Usage: node scripts/pool-runs.mjs <corpus.duckdb> <train-out> <train-out> ... [--seed s]   (after npm run build)
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args.splice(seedAt, 2)[1]) : 1;
const [db, ...outs] = args;
if (!db || outs.length === 0) {
  console.error('usage: node scripts/pool-runs.mjs <corpus.duckdb> <train-out> <train-out> ... [--seed s]');
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
const { loadModel } = await load('src/prm/saved-model.js');
const { ensembleProbs } = await load('src/prm/ensemble.js');
const { evaluateScorer } = await load('src/prm/evaluate.js');

const backend = await loadBackend('auto');
const models = outs.map((o) => loadModel(join(resolve(o), 'model'), backend));
const { embed } = models[0].config;
for (const [i, m] of models.entries()) {
  if (m.config.embed.provider !== 'hashing') throw new Error(`${outs[i]}: embedded with ${m.config.embed.provider}; this script reads hashing embeddings only`);
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
// evaluated as train does: sibling pairs and counterfactuals are training data only
const trainOnly = new Set(['counterfactual', 'sibling', 'sibling_mutant']);
const of = (split) => embedded.usable.filter((e) => e.split === split && !trainOnly.has(e.kind));
const validation = of('validation');
const evaluated = Object.fromEntries(['test', 'heldout', 'real'].map((s) => [s, of(s)]).filter(([, l]) => l.length > 0));
const everything = [...validation, ...Object.values(evaluated).flat()];
const f = (x) => (x == null ? '-' : x.toFixed(3));

function report(name, members) {
  const probs = ensembleProbs(members, everything, embedded.vectors);
  const parts = Object.entries(evaluated).map(([s, list]) => {
    const m = evaluateScorer(validation, list, { validation: probs, evaluation: probs });
    return `${s} F1 ${f(m.processbench_f1)} BoN ${['product', 'min', 'mean'].map((a) => f(m.best_of_n[a])).join('/')}`;
  });
  const v = evaluateScorer(validation, validation, { validation: probs, evaluation: probs });
  console.log(`${name} (${members.length} network${members.length === 1 ? "" : "s"}): threshold ${f(v.threshold)}, validation F1 ${f(v.processbench_f1)} | ${parts.join(' | ')}`);
}
models.forEach((m, i) => {
  if (m.members.length > 1) m.members.forEach((x, k) => report(`${outs[i]} network ${k + 1} (seed ${x.seed})`, [x]));
  report(outs[i], m.members);
});
if (models.length > 1) {
  report('pool of all', models.flatMap((m) => m.members));
  if (models.length > 2) models.forEach((_, i) => report(`pool without ${outs[i]}`, models.filter((_, j) => j !== i).flatMap((m) => m.members)));
}
for (const m of models) for (const x of m.members) x.network.dispose();
