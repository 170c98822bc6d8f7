import { Option, type Command } from 'commander';
import { describeOption } from '../../config.js';
import { UsageError } from '../../errors.js';
import { buildContext, EXIT } from '../context.js';
import type { SetExit } from './index.js';
import { queueOption } from '../queue.js';

interface RunFlags {
  competition?: string[];
  stages?: string;
  skip?: string;
  out: string;
  jobs?: string;
  kaggleApi?: string;
  evidence?: string[];
}

const ALL = ['crawl', 'execute', 'repair', 'extract', 'verify', 'synth', 'label', 'export', 'train'];

export function parseStages(stages: string | undefined, skip: string | undefined): string[] {
  const split = (v: string) =>
    v
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean);
  const chosen = stages ? split(stages) : [...ALL];
  const skipped = skip ? split(skip) : [];
  for (const s of [...chosen, ...skipped]) if (!ALL.includes(s)) throw new UsageError(`unknown stage "${s}" (stages: ${ALL.join(', ')})`);
  const out = chosen.filter((s) => !skipped.includes(s));
  if (!out.length) throw new UsageError('no stage left to run');
  return out;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('run')
    .description('run the pipeline: crawl, execute, repair, extract, verify, synth, label, export, train')
    .option('--competition <slug...>', 'only these competitions (export and train always take the whole corpus)')
    .option('--stages <list>', `comma-separated stages to run, in pipeline order (default: all of ${ALL.join(',')})`)
    .option('--skip <list>', 'comma-separated stages to leave out (e.g. crawl when the notebooks were ingested)')
    .option('--out <dir>', 'where export (dataset/) and train (prm/) write', './hookmine-out')
    .addOption(new Option('--jobs <n>', describeOption('jobs')))
    .addOption(queueOption())
    .addOption(new Option('--kaggle-api <url>', describeOption('kaggleApi')))
    .option('--evidence <tier...>', 'evidence tiers extract, verify, label, export and train take: kaggle_reproduced, local_deterministic, prefix (default: all three)')
    .addHelpText(
      'after',
      `
Each stage reads its input from the corpus and writes its output there, and skips the work that is
already done: a run that was interrupted (Ctrl-C, a crash, a reboot) goes on where it stopped when
started again with the same arguments. Ctrl-C stops the run at the end of the current stage (the
crawl at its next request, training at its next checkpoint); a second Ctrl-C quits at once, and
the next run redoes only what was in flight. Without --competition the crawl takes every tabular
competition Kaggle lists (within the crawl limits) and the other stages everything in the corpus.
A stage that fails for some items goes on with the rest and the run exits 1; a stage that cannot
run at all (no credentials, no sandbox) stops the run, exit 2.
Every stage's settings come from the environment (see the README's configuration table); the
commands of the single stages (hookmine crawl, execute, ...) take more flags. Within run, synth
asks up to 100 questions per CSV (as hookmine synth does), label makes 3 mutants per gold episode, export writes JSON lines split
by competition, and extract uses the LLM proposer when OPENAI_BASE_URL or OPENAI_API_KEY is set.

Examples:
  hookmine run --competition titanic spaceship-titanic
  hookmine run --skip crawl                         # notebooks ingested with hookmine ingest
  hookmine run --stages export,train --out ./out
  hookmine sql "select command, status, started_at, finished_at from pipeline_runs order by started_at"`,
    )
    .action(async (flags: RunFlags, command: Command) => {
      const ctx = buildContext(command, { jobs: flags.jobs, kaggleApi: flags.kaggleApi });
      const stages = parseStages(flags.stages, flags.skip);
      const { parseEvidence } = await import('../../hooks/evidence.js');
      const evidence = parseEvidence(flags.evidence);
      const { runPipeline } = await import('../../pipeline/stages.js');
      const { abortOnSignals } = await import('../../crawl/signals.js');
      const stop = abortOnSignals(ctx.logger);
      try {
        const results = await runPipeline(stages as Parameters<typeof runPipeline>[0], {
          config: ctx.config,
          out: flags.out,
          competitions: flags.competition ?? [],
          evidence,
          logger: ctx.logger,
          progress: ctx.progress,
          signal: stop.signal,
        });
        ctx.emitJson({ stages: results, interrupted: stop.signal.aborted });
        for (const r of results) ctx.print(`${r.stage.padEnd(8)} ${r.status.padEnd(8)} ${r.seconds.toFixed(1).padStart(7)} s  ${r.headline}`);
        if (stop.signal.aborted) ctx.print('interrupted: run the same command again to go on');
        if (stop.signal.aborted || results.some((r) => r.status !== 'ok')) setExit(EXIT.itemsFailed);
      } finally {
        stop.dispose();
      }
    });
}
