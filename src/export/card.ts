// The dataset card (README.md with YAML front matter) that makes the export a Hugging Face dataset:
// one config per kind of row, data files per split, provenance, licence notes and counts.
import type { ExportConfig, ExportFormat, WrittenFile } from '../../corpus/export.js';
import { auditTable, type AuditResult } from '../prm/audit.js';

export interface CardInput {
  configs: ExportConfig[];
  format: ExportFormat;
  files: WrittenFile[];
  splitBy: string;
  seed: number;
  counts: { episodes: Record<string, number>; steps: { right: number; wrong: number }; competitions: string[]; templateFamilies: number; kaggleNotebooks: number; evidence?: Record<string, number> };
  dedup: { clusters: number; dropped: number; keptDuplicates: boolean };
  heldoutVariants: string[];
  /** validation variants present (templates/registry.ts): in validation, never trained on */
  validationVariants?: string[];
  /** the shortcut audit on this export's splits (src/prm/audit.ts) */
  audit?: AuditResult;
  generatedAt: Date;
  hookmineVersion: string;
}

const DESCRIPTIONS: Record<ExportConfig, string> = {
  prm: 'TRL stepwise supervision (`PRMTrainer`): `prompt`, `completions` (one string per step), `labels` (one boolean per step), plus metadata columns.',
  sft: 'TRL conversational rows (`SFTTrainer`): `messages` (system, user, assistant tool calls running each step, tool results, final answer) and `tools` (the `run_python` tool schema). Gold trajectories only.',
  rl: 'Prompt-only rows for GRPO-style trainers: `prompt` (messages), with `answer`, `tolerance` and `expected_intermediates` (JSON strings) as extra columns a reward function receives.',
};

function sizeCategory(n: number): string {
  if (n < 1_000) return 'n<1K';
  if (n < 10_000) return '1K<n<10K';
  if (n < 100_000) return '10K<n<100K';
  if (n < 1_000_000) return '100K<n<1M';
  return '1M<n<10M';
}

export function datasetCard(input: CardInput): string {
  const ext = input.format === 'jsonl' ? 'jsonl' : 'parquet';
  const splits = (config: ExportConfig) => [...new Set(input.files.filter((f) => f.config === config).map((f) => f.split))];
  const yamlConfigs = input.configs
    .map((config, i) => {
      const files = splits(config)
        .map((split) => `  - split: ${split}\n    path: ${config}/${split}/*.${ext}`)
        .join('\n');
      return `- config_name: ${config}\n${i === 0 ? '  default: true\n' : ''}  data_files:\n${files}`;
    })
    .join('\n');
  const rows = (config: ExportConfig, split?: string) => input.files.filter((f) => f.config === config && (!split || f.split === split)).reduce((s, f) => s + f.rows, 0);
  const allSplits = [...new Set(input.files.map((f) => f.split))];
  const table = [
    `| config | ${allSplits.join(' | ')} |`,
    `|---|${allSplits.map(() => '---:').join('|')}|`,
    ...input.configs.map((c) => `| ${c} | ${allSplits.map((s) => rows(c, s)).join(' | ')} |`),
  ].join('\n');
  const total = Math.max(...input.configs.map((c) => rows(c)), 0);
  const episodes = Object.entries(input.counts.episodes)
    .map(([k, n]) => `${k}: ${n}`)
    .join(', ');
  return `---
pretty_name: hookmine step-labelled data-analysis trajectories
license: other
license_name: mixed
license_link: LICENSE-NOTES.md
language:
- en
- code
task_categories:
- token-classification
- text-generation
- table-question-answering
tags:
- process-reward-model
- prm
- trl
- code
- data-analysis
- kaggle
- tabular
annotations_creators:
- machine-generated
size_categories:
- ${sizeCategory(total)}
configs:
${yamlConfigs}
---

# hookmine: execution-verified, step-labelled data-analysis trajectories

Trajectories of Python data analysis over CSV files, each step labelled right or wrong **by
execution**: a step is right when the value it produces matches the gold trace's value at the same
point (same normalised hash, or equal within tolerance). Two sources share one step schema:

- **kaggle**: real notebooks from ${input.counts.competitions.length} Kaggle competitions (${input.counts.kaggleNotebooks} notebooks), re-run in a sandbox laid
  out as Kaggle ran them; the intermediate values leading to each notebook's final output were
  captured with hooks, and kept only when the hooked run still produced the same final output.
  Each Kaggle episode has an \`evidence\` tier: \`kaggle_reproduced\` (the run matches Kaggle's recorded
  outputs), \`local_deterministic\` (the run completed and a second run with the same seeds gave the
  same values; it differs from Kaggle for a stated reason: a random draw, numeric drift, nothing
  recorded) or \`prefix\` (the run stopped in a cell; the episode ends at the last cell that ran).
  Gold Kaggle episodes by tier: ${Object.entries(input.counts.evidence ?? {}).map(([k, v]) => `${k} ${v}`).join(', ') || 'none'}.
- **synthetic**: programs from ${input.counts.templateFamilies} template families over CSV files, with executed gold values at every step.

Wrong steps come from **mutants** of gold programs (a wrong column, a wrong aggregation, a flipped
comparison, an off-by-one, a dropped filter or dropna, a wrong join key, fitting on test data, a
wrong fill value, ...), run with the same hooks: the first step whose value diverges from gold, and
the diverging steps that depend on it, are labelled \`false\`; a step whose value still matches gold
is never \`false\`. **Counterfactuals** (kind \`counterfactual\`) are rewrites of gold programs that
use the constructs the mutants introduce (a flipped comparison with swapped operands, the swapped
aggregation where it gives the gold value, a bumped literal taken back, swapped operands with their
inverse), kept only when every step's value equals gold: all their steps are \`true\`, so a construct
appears on both sides of the labels and only the value decides. **Sibling questions** (kinds
\`sibling\` and \`sibling_mutant\`): where a mutation changes what the question names (a column, an
aggregation, a comparison, a count or rank, a listed column, a stated filter, setting or
operand order), the question is rewritten to the one the
mutant answers; under it the mutant's executed trajectory is right and the gold one is wrong where
the two runs differ. Each such pair is a best-of-N group of its own, in its gold episode's split, so
a mutant's construct is as often right as wrong and only the question and the values decide.

Episodes: ${episodes}. Labelled steps: ${input.counts.steps.right} right, ${input.counts.steps.wrong} wrong.

## Configs

${input.configs.map((c) => `- **${c}**: ${DESCRIPTIONS[c]}`).join('\n')}

Rows per split:

${table}

## Splits

${
  input.splitBy === 'episode'
    ? `Train, validation and test are grouped by **gold episode** (seed ${input.seed}): a gold episode and its mutants are in
one split, but episodes of the same data are spread over the splits, so **the splits are not leak-free by data**
(a corpus of one competition cannot be split any other way). Split by competition or dataset for real evaluations.`
    : `Train, validation and test are grouped by **${input.splitBy}** (seed ${input.seed}): every episode of one
${input.splitBy}, with its mutants, is in exactly one split, so nothing leaks between them.`
} The
\`heldout\` split holds template variants kept out of training entirely, for generalisation tests${input.heldoutVariants.length ? ` (${input.heldoutVariants.join(', ')})` : ''}; it may share
datasets with train by design.${
  input.validationVariants?.length
    ? ` The validation variants (${input.validationVariants.join(', ')}) are never trained on: where their
group is in train, their episodes are in validation instead, so what is tuned on validation (epoch, temperature,
threshold) is tuned on unseen variants too, never on \`heldout\`; they are not the held-out variants.`
    : ''
}

Near-duplicate notebooks (Kaggle forks) are clustered (MinHash over code tokens, Jaccard >= 0.8) and
${input.dedup.keptDuplicates ? 'all kept (the export was asked to keep duplicates)' : `one per cluster is kept (${input.dedup.clusters} clusters, ${input.dedup.dropped} duplicate gold episodes left out)`}.

${input.audit ? `## Shortcut audit

A probe (logistic regression on hashed code tokens, no values, the mean of ${input.audit.probes ?? 1} with consecutive seeds; \`hookmine audit\`) trained on the
train split to tell a mutant's wrong step from a right step at the same place (its gold step, an
equivalent mutant's or a counterfactual's; in a sibling pair the gold code is the wrong one). "Mutants
alone" is the same probe on the original mutants' places only. Near 0.5 the labels cannot be read off the code's style;
a high AUROC is a shortcut a verifier trained on this data can learn (target at most ${input.audit.target}).
Worst template families and operators first:

${auditTable(input.audit)}

` : ''}## Labels

\`labels[i]\` is the label of \`completions[i]\`. \`true\`: the step's value matches gold. \`false\`: it is the
first divergence or depends on it. Steps without a label (a divergence independent of the first,
or a step the mutant never reached) end the row: a row holds the labelled prefix of its trajectory.
Labels are booleans (TRL casts labels with \`int()\`). \`step_confidence\` is the share of all traces of
the episode that match gold at that step.

## Provenance and licences

- Kaggle notebooks: public notebooks, shared on Kaggle under the Apache 2.0 licence per Kaggle's terms
  of service; each row names its competition. Step values include small excerpts of competition data
  (the first rows of a DataFrame): competition data is subject to each competition's rules.
  Review those rules before publishing this dataset.
- Synthetic episodes: generated by hookmine's templates over CSVs (competition data, or datasets
  bundled with scikit-learn and statsmodels under their own licences).
- Built with hookmine ${input.hookmineVersion} on ${input.generatedAt.toISOString().slice(0, 10)}; every value was produced by running code
  in a sandbox (Debian's Python data stack), not by a model.
`;
}
