#!/usr/bin/env node
// Several finished trainings pooled into one ensemble, scored as `hookmine train` scores its own
// (docs/prm.md, seventh measurement): every member of every given model, the mean of their
// calibrated step probabilities, the threshold tuned on validation by the rule in the code, then
// ProcessBench F1 and best-of-N on test, heldout and real. Each network of an ensemble alone and
// each model are printed first, then the pool, then every pool that leaves one model out. Reads the
// corpus read-only; the embeddings come from its cache.
// Usage: node scripts/pool-runs.mjs <corpus.duckdb> <train-out> <train-out> ... [--seed s]   (after npm run build)
import { load, loadForEvaluation } from './lib/prm-eval.mjs';

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
const seed = seedAt >= 0 ? Number(args.splice(seedAt, 2)[1]) : 1;
const [db, ...outs] = args;
if (!db || outs.length === 0) {
  console.error('usage: node scripts/pool-runs.mjs <corpus.duckdb> <train-out> <train-out> ... [--seed s]');
  process.exit(2);
}
const { ensembleProbs } = await load('src/prm/ensemble.js');
const { evaluateScorer } = await load('src/prm/evaluate.js');
const { models, vectors, of } = await loadForEvaluation(db, outs, seed);
const validation = of('validation');
const evaluated = Object.fromEntries(['test', 'heldout', 'real'].map((s) => [s, of(s)]).filter(([, l]) => l.length > 0));
const everything = [...validation, ...Object.values(evaluated).flat()];
const f = (x) => (x == null ? '-' : x.toFixed(3));

function report(name, members) {
  const probs = ensembleProbs(members, everything, vectors);
  const parts = Object.entries(evaluated).map(([s, list]) => {
    const m = evaluateScorer(validation, list, { validation: probs, evaluation: probs });
    return `${s} F1 ${f(m.processbench_f1)} BoN ${['product', 'min', 'mean'].map((a) => f(m.best_of_n[a])).join('/')}`;
  });
  const v = evaluateScorer(validation, validation, { validation: probs, evaluation: probs });
  console.log(`${name} (${members.length} network${members.length === 1 ? '' : 's'}): threshold ${f(v.threshold)}, validation F1 ${f(v.processbench_f1)} | ${parts.join(' | ')}`);
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
