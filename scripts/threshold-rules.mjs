#!/usr/bin/env node
// The ProcessBench F1 a finished training would have with other first-error threshold rules
// (docs/prm.md, fifth measurement): the same saved model and scores, the threshold chosen on the
// validation split by the rule in the code (the mean F1 of its seen- and unseen-variant parts), by
// the pooled split, by each part alone, or fixed at 0.5; F1 on test and heldout at each. Reads the
// corpus read-only; the embeddings come from its cache.
// Usage: node scripts/threshold-rules.mjs <corpus.duckdb> <train-out> [<seed>]   (after npm run build)
import { load, loadForEvaluation } from './lib/prm-eval.mjs';

const [db, out, seedArg] = process.argv.slice(2);
if (!db || !out) {
  console.error('usage: node scripts/threshold-rules.mjs <corpus.duckdb> <train-out> [<seed>]');
  process.exit(2);
}
const { modelProbs } = await load('src/prm/saved-model.js');
const { trajectories } = await load('src/prm/evaluate.js');
const { tuneThreshold, processBench } = await load('src/prm/metrics.js');
const {
  models: [model],
  vectors,
  of,
} = await loadForEvaluation(db, [out], Number(seedArg ?? 1));
const scored = (split) => {
  const list = of(split);
  return trajectories(list, modelProbs(model, list, vectors));
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
