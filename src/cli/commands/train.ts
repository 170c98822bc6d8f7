import { Option, type Command } from 'commander';
import { describeOption } from '../../config.js';
import { flagOf, TRAIN_FIELDS, type TrainFieldKey } from '../../prm/config.js';
import type { TrainSummary } from '../../prm/run-train.js';
import { buildContext, EXIT } from '../context.js';
import type { SetExit } from './index.js';

interface TrainOpts extends Partial<Record<TrainFieldKey, string | boolean>> {
  out: string;
  backend?: string;
  embed?: string;
  embedModel?: string;
  embedDimensions?: string;
  fresh?: boolean;
  keepDuplicates?: boolean;
  evidence?: string[];
}

export function register(program: Command, setExit: SetExit): void {
  const command = program
    .command('train')
    .description('train the step verifier (PRM) on the corpus and evaluate it against baselines on the held-out splits')
    .requiredOption('--out <dir>', 'folder for the model, checkpoints, metrics.json, model card and report')
    .addOption(new Option('--backend <name>', describeOption('tfBackend')).choices(['auto', 'gpu', 'node', 'wasm', 'cpu']))
    .addOption(new Option('--embed <provider>', describeOption('embed')).choices(['hashing', 'openai']))
    .addOption(new Option('--embed-model <name>', describeOption('embedModel')))
    .option('--embed-dimensions <n>', 'ask the openai provider for shortened vectors of this size (text-embedding-3 models)')
    .option('--fresh', 'discard checkpoints in --out and start over (default: resume from them)')
    .option('--keep-duplicates', 'train on every episode of a dedup cluster (default: one per cluster, as the export does)')
    .option('--evidence <tier...>', 'only Kaggle episodes of these evidence tiers: kaggle_reproduced, local_deterministic, prefix (default: all three)');
  for (const [key, spec] of Object.entries(TRAIN_FIELDS)) {
    const flag = flagOf(key);
    if (typeof spec.default === 'boolean') {
      command.option(`${flag} <true|false>`, `${spec.help} (default ${spec.default})`);
    } else {
      command.option(`${flag} <n>`, `${spec.help} (default ${spec.default})`);
    }
  }
  command
    .addHelpText(
      'after',
      `
Reads episodes and steps from the corpus (splits from episodes.split, else computed grouped by
dataset/competition), embeds every prompt and step, trains the PRM and an outcome-only model of the
same shape, calibrates both on the validation split, and evaluates them with the random, length
and majority-vote baselines on the test and heldout splits. Re-running with the same --out resumes
from the last checkpoint (Ctrl-C saves one); a larger --epochs continues training.

Writes <out>/model (config.json + weights, for hookmine score), <out>/outcome-model,
<out>/metrics.json (prm, baselines.<name>, comparison, by_split), <out>/README.md (model card),
<out>/report.html (learning curves, calibration) and <out>/checkpoints/.

Examples:
  hookmine train --out runs/prm
  hookmine train --out runs/prm --epochs 20 --backend wasm
  OPENAI_BASE_URL=http://localhost:8000/v1 hookmine train --out runs/prm-oai --embed openai --embed-model bge-small
  hookmine score --model runs/prm/model export/prm/test.jsonl`,
    )
    .action(async (opts: TrainOpts, cmd: Command) => {
      const ctx = buildContext(cmd, { tfBackend: opts.backend, embed: opts.embed, embedModel: opts.embedModel });
      const { Corpus } = await import('../../../corpus/corpus.js');
      const { startRun, finishRun } = await import('../../../corpus/runs.js');
      const { failRunOnError } = await import('../run-record.js');
      const { resolveTrainSettings } = await import('../../prm/config.js');
      const { runTraining } = await import('../../prm/run-train.js');
      const { packageVersion } = await import('../../paths.js');
      const given: Partial<Record<TrainFieldKey, unknown>> = {};
      for (const key of Object.keys(TRAIN_FIELDS) as TrainFieldKey[]) if (opts[key] !== undefined) given[key] = opts[key];
      const settings = resolveTrainSettings(given);
      const { parseEvidence } = await import('../../hooks/evidence.js');
      const evidence = parseEvidence(opts.evidence);
      const embedDimensions = opts.embedDimensions === undefined ? undefined : Number(opts.embedDimensions);
      if (embedDimensions !== undefined && (!Number.isInteger(embedDimensions) || embedDimensions < 1)) {
        const { UsageError } = await import('../../errors.js');
        throw new UsageError(`--embed-dimensions must be a positive integer, got "${opts.embedDimensions}"`);
      }
      const corpus = await Corpus.open(ctx.config.db);
      let stop = false;
      const onSigint = () => {
        if (stop) process.exit(130);
        stop = true;
        process.stderr.write('\nstopping after this update and saving a checkpoint (Ctrl-C again to quit now)\n');
      };
      process.on('SIGINT', onSigint);
      try {
        const args = { out: opts.out, backend: ctx.config.tfBackend, embed: ctx.config.embed, settings };
        const runId = await startRun(corpus, 'train', args, packageVersion());
        const summary = await failRunOnError(corpus, runId, null, () =>
          runTraining(corpus, {
            out: opts.out,
            settings,
            backend: ctx.config.tfBackend,
            embed: ctx.config.embed,
            embedModel: ctx.config.embedModel,
            embedDimensions,
            openaiApiKey: ctx.config.openaiApiKey,
            openaiBaseUrl: ctx.config.openaiBaseUrl,
            fresh: Boolean(opts.fresh),
            dedup: !opts.keepDuplicates,
            evidence,
            runId,
            version: packageVersion(),
            logger: ctx.logger,
            progress: (title, total) => ctx.progress(title, total),
            shouldStop: () => stop,
          }),
        );
        await finishRun(corpus, runId, summary.status, summary);
        ctx.emitJson({ run_id: runId, db: corpus.path, ...summary });
        printSummary(ctx.print, summary);
        if (summary.status === 'interrupted' || summary.failed.length > 0) setExit(EXIT.itemsFailed);
      } finally {
        process.off('SIGINT', onSigint);
        corpus.close();
      }
    });
}

function printSummary(print: (s: string) => void, s: TrainSummary): void {
  const f = (x: unknown) => (typeof x === 'number' ? x.toFixed(3) : '–');
  print(`train: backend ${s.backend}, embedding ${s.embed}, ${Math.round(s.seconds)} s`);
  print(`  episodes: ${Object.entries(s.episodes).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (Object.keys(s.skipped).length) print(`  skipped: ${Object.entries(s.skipped).map(([k, v]) => `${k} ${v}`).join(', ')}`);
  if (s.resumed_from_epoch.prm > 0 || s.resumed_from_epoch.outcome_only > 0) {
    print(`  resumed: PRM from epoch ${s.resumed_from_epoch.prm}, outcome-only from epoch ${s.resumed_from_epoch.outcome_only}`);
  }
  if (s.status === 'interrupted') {
    print(`  interrupted: checkpoint saved in ${s.out}/checkpoints; run the same command again to resume`);
    return;
  }
  const h = s.headline as {
    best_of_n: Record<string, { prm: number | null; beats_every_baseline: boolean }> & { best_baseline: { name: string; value: number } | null };
    processbench_f1: { prm: number | null; best_baseline: { name: string; value: number } | null; beats_every_baseline: boolean };
    step_auroc: { prm: number | null };
  };
  print(`  updates/s: ${s.updates_per_second?.toFixed(2) ?? '–'}`);
  print(
    `  PRM best-of-N: product ${f(h.best_of_n.product?.prm)}, min ${f(h.best_of_n.min?.prm)}, mean ${f(h.best_of_n.mean?.prm)}` +
      ` (best baseline: ${h.best_of_n.best_baseline ? `${h.best_of_n.best_baseline.name} ${f(h.best_of_n.best_baseline.value)}` : '–'})`,
  );
  print(
    `  PRM ProcessBench F1: ${f(h.processbench_f1.prm)} (best baseline: ${h.processbench_f1.best_baseline ? `${h.processbench_f1.best_baseline.name} ${f(h.processbench_f1.best_baseline.value)}` : '–'}); step AUROC ${f(h.step_auroc.prm)}`,
  );
  for (const f of s.failed.slice(0, 10)) print(`  failed: ${f.episode_id}: ${f.reason}: ${f.message}`);
  print(`  model: ${s.model_dir}`);
  print(`  metrics: ${s.metrics_file}`);
}
