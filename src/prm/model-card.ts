// The model card (<out>/README.md, Hugging Face style): what the model is, what it was trained on,
// how it compares with the baselines, how to use it, and what it cannot do.
import { errorAnalysisTables } from './error-analysis.js';
import type { TrainReport } from './artifacts.js';
import { auditTable } from './audit.js';
import { countParams } from './model.js';
import { AGGREGATIONS, type MetricSet } from './metrics.js';

const fmt = (x: number | null | undefined, digits = 3) => (x === null || x === undefined || Number.isNaN(x) ? '–' : x.toFixed(digits));

export function metricsTable(prm: MetricSet, baselines: Record<string, MetricSet>): string {
  const rows = [['PRM (this model)', prm] as const, ...Object.entries(baselines).map(([n, m]) => [n.replace(/_/g, ' '), m] as const)];
  const header = `| scorer | ProcessBench F1 | acc. erroneous | acc. correct | step AUROC | ECE | ${AGGREGATIONS.map((a) => `BoN ${a}`).join(' | ')} |`;
  const rule = `|${'---|'.repeat(6 + AGGREGATIONS.length)}`;
  const body = rows.map(
    ([name, m]) =>
      `| ${name} | ${fmt(m.processbench_f1)} | ${fmt(m.processbench_acc_erroneous)} | ${fmt(m.processbench_acc_correct)} | ${fmt(m.step_auroc)} | ${fmt(m.ece)} | ${AGGREGATIONS.map((a) => fmt(m.best_of_n[a])).join(' | ')} |`,
  );
  return [header, rule, ...body].join('\n');
}

export function renderModelCard(r: TrainReport, metrics: Record<string, unknown>): string {
  const m = r.overall.prm;
  const counts = Object.entries(r.data.episodes)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const sources = Object.entries(r.data.bySource)
    .map(([k, v]) => `${k} ${v}`)
    .join(', ');
  const cmp = metrics.comparison as { best_of_n: Record<string, { beats_every_baseline?: boolean }>; processbench_f1: { beats_every_baseline: boolean } };
  return `---
library_name: hookmine
tags: [process-reward-model, verifier, tabular, data-analysis, tensorflowjs]
pipeline_tag: token-classification
---

# hookmine step verifier (${r.trainId})

A process reward model for data-analysis trajectories: given a question about a CSV and the steps
of a pandas solution (each step's code and the value it produced), it gives every step the
probability that it is right. A step's score depends on the question and the steps up to it (a
causal transformer), so a partial trajectory can be scored while it is being written.

## Model

- ${r.modelConfig.layers} transformer layers, width ${r.modelConfig.dModel}, ${r.modelConfig.heads} heads, ${countParams(r.modelConfig).toLocaleString('en-US')} parameters; windows of ${r.modelConfig.maxSteps} steps (longer trajectories are scored with a sliding window).
- Input: ${r.embed.provider} embeddings (\`${r.embed.model}\`, ${r.embed.dim} dimensions) of the texts made by \`episodePrompt\` and \`stepCompletion\` (\`src/prm/step-text.ts\`), the same strings the export writes as TRL \`prompt\` and \`completions\`.
- What it reads, per step: the step's name, its code since the previous step, and a summary of the value the code produced when it ran (${r.embed.provider === 'hashing' ? 'with the question, as hashed tokens' : 'as text'}): the value's type; a scalar in full; for a table or Series its shape, missing values per column, per-column statistics (mean, std, min, max, sum), then its columns and first rows, within 600 characters. From the question: its words (the hint is not read). ${r.embed.provider === 'hashing' ? 'The hashing embedding also reads what the value is (a whole number or a fraction, a share, negative, zero, missing, an empty table, a crash) paired with the question\'s words and concepts, so "how many" next to a fraction is a feature, whether each number in the code is one the question states, whether a subtraction or division takes its operands in the order the question names them, and whether a subscript is at the rank the question says. ' : ''}Where a step's table or list equals an earlier step's, the step says so (a filter that kept every row); where a selected table leaves out numeric columns of the table it was taken from, it says how many. A verifier of a CSV agent has these values at hand: they are the agent's tool outputs. It never reads the gold value.
- ${r.members.length > 1 ? `A deep ensemble of ${r.members.length} networks of this shape, trained from seeds ${r.members.map((x) => x.seed).join(', ')}: a step's probability is the mean of the ${r.members.length} networks' calibrated probabilities. The outcome-only baseline is an ensemble of as many, from the same seeds.` : 'One network.'}
- Output calibrated by temperature scaling on the validation split, each network alone (T = ${r.members.map((x) => fmt(x.temperature)).join(', ')}; ECE on the evaluation steps ${fmt(r.calibration.eceBefore)} before, ${fmt(r.calibration.eceAfter)} after). First-error threshold ${fmt(m.threshold, 2)} (tuned on validation: the best mean F1 over its episodes of variants training saw and of variants it never saw).
- Trained with TensorFlow.js on the \`${r.backend}\` backend in ${Math.round(r.seconds)} s (${fmt(r.updatesPerSecond, 2)} updates/s); best epoch${r.members.length > 1 ? 's' : ''} ${r.members.map((x) => x.bestEpoch.prm ?? '–').join(', ')} of ${r.settings.epochs} by validation loss.

## Data

Episodes by split: ${counts}. By source and kind: ${sources}. Step labels come from execution
(a step is wrong when its value differs from the gold trajectory's; gold steps are right). Splits
are grouped by source dataset or competition, so no dataset is in two splits; \`heldout\` holds
template variants never seen in training.

## Evaluation (${r.data.evaluated.join(' + ')} splits)

${metricsTable(m, r.overall.baselines)}

ProcessBench F1: harmonic mean of the accuracy of the predicted earliest wrong step on flawed
trajectories and of predicting "no error" on clean ones. BoN: best-of-N accuracy, the share of
groups (a gold trajectory with its mutants and consistency traces) where the highest-scored
trajectory has a correct final answer; \`product\`/\`min\`/\`mean\`/\`last\` aggregate the step scores.
Baselines: random scores; a logistic regression on step text lengths; majority vote over final
answers; the same network trained on final-answer labels only (outcome-only, dense vs sparse).

PRM beats every baseline on best-of-N: ${Object.entries(cmp.best_of_n)
    .filter(([k]) => k !== 'best_baseline')
    .map(([k, v]) => `${k} ${v.beats_every_baseline ? 'yes' : 'no'}`)
    .join(', ')}; on ProcessBench F1: ${cmp.processbench_f1.beats_every_baseline ? 'yes' : 'no'}.
Full numbers, per split: \`metrics.json\`; learning curves and calibration: \`report.html\`.

${realSection(r)}${errorSection(r)}${auditSection(r)}## Use

\`\`\`sh
hookmine score --model ${'<out>'}/model trajectories.jsonl   # TRL stepwise rows: prompt, completions[, labels]
\`\`\`

## Limitations

- Trained on pandas analyses of tabular data with execution-derived labels; other domains are out of scope.
- The hashing embedding sees tokens, not meaning: a wrong step whose code and value look like a right one is invisible to it.
- Scores are comparable only between trajectories embedded with the same provider and step-text version (${'`'}${r.embed.provider}${'`'}).
`;
}

function realSection(r: TrainReport): string {
  const real = r.bySplit.real;
  if (!real || !r.data.real) return '';
  return `## Real notebooks (\`real\` split)

Episodes of real Kaggle notebooks (every evidence tier), held out by competition and never trained
on: ${r.data.real.competitions} competitions, ${r.data.real.episodes} trajectories, ${real.prm.groups} best-of-N groups.

${metricsTable(real.prm, real.baselines)}

`;
}

function errorSection(r: TrainReport): string {
  const split = r.bySplit.heldout?.errors ? 'heldout' : r.bySplit.test?.errors ? 'test' : undefined;
  const errors = split ? r.bySplit[split]?.errors : undefined;
  if (!split || !errors) return '';
  return `## Where it goes wrong (${split} split)

At the ProcessBench threshold (${errors.threshold}): for trajectories with a wrong step, by mutation
operator, whether the first step the PRM flags is the first wrong one; for right trajectories, the
families where it flags a right step. \`metrics.json\` has every split (\`by_split.<split>.error_analysis\`).

${errorAnalysisTables(errors)}

`;
}

function auditSection(r: TrainReport): string {
  if (!r.audit) return '';
  return `## Shortcut audit

A probe on code tokens alone (no values; the mean of ${r.audit.probes ?? 1} logistic regressions with consecutive seeds)
trained on the train split to tell a mutant's wrong step from a right step at the same place; near 0.5 the labels cannot be read off the code's style. It is
also the \`shortcut_probe\` baseline above. Target: at most ${r.audit.target} on every evaluated split (${r.audit.pass === null ? 'nothing to evaluate' : r.audit.pass ? 'met' : 'not met'}).

${auditTable(r.audit)}

`;
}
