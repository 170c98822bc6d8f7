import { Option, type Command } from 'commander';
import { buildContext } from '../context.js';
import type { SetExit } from './index.js';

interface ExportFlags {
  out: string;
  format: 'jsonl' | 'parquet';
  configs: string;
  splitBy: 'competition' | 'dataset' | 'episode';
  seed: string;
  validation: string;
  test: string;
  keepDuplicates?: boolean;
  shardMb: string;
  evidence?: string[];
}

const CONFIGS = ['prm', 'sft', 'rl'] as const;

export function register(program: Command, _setExit: SetExit): void {
  program
    .command('export')
    .description('write the corpus as Hugging Face-ready files (TRL PRM, SFT and RL rows) with a dataset card and leak-free splits')
    .requiredOption('--out <dir>', 'folder to write (its prm/, sft/, rl/ are replaced)')
    .addOption(new Option('--format <format>', 'file format').choices(['jsonl', 'parquet']).default('jsonl'))
    .option('--configs <list>', 'which configs: prm (stepwise supervision), sft (conversations), rl (prompt-only)', 'prm,sft,rl')
    .addOption(new Option('--split-by <key>', 'what splits are grouped by').choices(['competition', 'dataset', 'episode']).default('competition'))
    .option('--seed <n>', 'seed of the split assignment', '0')
    .option('--validation <share>', 'share of episodes in validation', '0.1')
    .option('--test <share>', 'share of episodes in test', '0.1')
    .option('--evidence <tier...>', 'only Kaggle episodes of these evidence tiers: kaggle_reproduced, local_deterministic, prefix (default: all three)')
    .option('--keep-duplicates', 'keep every near-duplicate notebook (default: one per cluster)')
    .option('--shard-mb <n>', 'largest file size before a new shard starts, in MB', '256')
    .addHelpText(
      'after',
      `
Configs (README.md in --out declares them for the Hugging Face Hub):
  prm  TRL stepwise supervision: prompt, completions (one per step), labels (one boolean per step),
       plus episode_id, source, kind, competition, dataset, template, mutation kind, step names,
       step_confidence, final_correct, first_error_step
  sft  TRL conversational rows: messages (tool calls running each step, tool results) and tools
  rl   prompt-only rows for GRPO: prompt (messages) with answer, tolerance, expected_intermediates
Splits: train/validation/test grouped by competition (or source dataset), so none appears in two;
held-out template variants in heldout. Deterministic for a seed; the split is also stored in
episodes.split. Files: <out>/<config>/<split>/<split>-<i>.jsonl (or .parquet), written by DuckDB.

Examples:
  hookmine export --out hf-dataset
  hookmine export --out hf-parquet --format parquet --configs prm,sft
  /usr/bin/python3 -c "import pandas as pd; print(pd.read_json('hf-dataset/prm/train/train-0.jsonl', lines=True).head())"`,
    )
    .action(async (opts: ExportFlags, command: Command) => {
      const ctx = buildContext(command);
      const { UsageError } = await import('../../errors.js');
      const configs = opts.configs.split(',').map((c) => c.trim()).filter(Boolean);
      const unknown = configs.filter((c) => !(CONFIGS as readonly string[]).includes(c));
      if (configs.length === 0 || unknown.length) throw new UsageError(`--configs takes ${CONFIGS.join(', ')}; got "${opts.configs}"`);
      const { wholeNumber } = await import('../flags.js');
      const numbers = { seed: wholeNumber('--seed', opts.seed) as number, validation: Number(opts.validation), test: Number(opts.test), shardMb: Number(opts.shardMb) };
      for (const key of ['validation', 'test'] as const) if (!(numbers[key] >= 0 && numbers[key] < 0.5)) throw new UsageError(`--${key} must be a share from 0 to 0.5, got "${opts[key]}"`);
      if (!(numbers.shardMb >= 1)) throw new UsageError(`--shard-mb must be at least 1, got "${opts.shardMb}"`);
      const { parseEvidence } = await import('../../hooks/evidence.js');
      const evidence = parseEvidence(opts.evidence);
      const { Corpus } = await import('../../../corpus/corpus.js');
      const { startRun, finishRun } = await import('../../../corpus/runs.js');
      const { failRunOnError } = await import('../run-record.js');
      const { exportCorpus } = await import('../../export/export.js');
      const { packageVersion } = await import('../../paths.js');
      const corpus = await Corpus.open(ctx.config.db);
      try {
        const runId = await startRun(corpus, 'export', { ...opts, configs }, packageVersion());
        const [{ n } = { n: 0 }] = await corpus.query<{ n: number }>('SELECT count(*)::INT AS n FROM episodes');
        const progress = ctx.progress('export', n);
        const summary = await failRunOnError(corpus, runId, progress, () =>
          exportCorpus(corpus, {
            out: opts.out,
            format: opts.format,
            configs: configs as (typeof CONFIGS)[number][],
            splitBy: opts.splitBy,
            seed: numbers.seed,
            validation: numbers.validation,
            test: numbers.test,
            keepDuplicates: Boolean(opts.keepDuplicates),
            shardBytes: Math.round(numbers.shardMb * 1024 * 1024),
            evidence,
            logger: ctx.logger,
            progress,
          }),
        );
        progress.done();
        const stored = { ...summary, files: summary.files.map((f) => ({ ...f })) };
        await finishRun(corpus, runId, 'ok', stored);
        ctx.emitJson({ run_id: runId, ...stored });
        ctx.print(`export: ${summary.episodes.exported} episodes (${summary.episodes.leftOutAsDuplicates} left out as near-duplicates, ${summary.episodes.leftOutByEvidence} by --evidence) -> ${summary.out}`);
        for (const [config, splits] of Object.entries(summary.rows)) ctx.print(`  ${config.padEnd(4)} ${Object.entries(splits).map(([s, k]) => `${s} ${k}`).join(', ')}`);
        ctx.print(`  ${summary.files.length} files, ${(summary.bytes / 1e6).toFixed(2)} MB in ${summary.seconds.toFixed(1)} s; dataset card: ${summary.out}/README.md`);
        if (summary.files.length === 0) ctx.print('nothing to export: the corpus has no episodes yet (hookmine verify, hookmine synth)');
      } finally {
        corpus.close();
      }
    });
}
