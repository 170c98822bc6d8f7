import { Option, type Command } from 'commander';
import { describeOption } from '../../config.js';
import { buildContext, EXIT } from '../context.js';
import type { SetExit } from './index.js';
import { queueOption } from '../queue.js';

interface ExecuteFlags {
  competition?: string;
  notebook?: string[];
  sandbox?: string;
  timeout?: string;
  memoryMb?: string;
  jobs?: string;
  python?: string;
  dockerImage?: string;
  rerun?: boolean;
  limit?: string;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('execute')
    .description('re-run stored notebooks in the sandbox, laid out as Kaggle ran them, and check them against what Kaggle recorded')
    .option('--competition <slug>', 'only notebooks of this competition')
    .option('--notebook <id...>', 'only these notebook ids')
    .addOption(new Option('--sandbox <kind>', describeOption('sandbox')).choices(['local', 'docker']))
    .addOption(new Option('--timeout <seconds>', describeOption('timeoutSeconds')))
    .addOption(new Option('--memory-mb <n>', describeOption('memoryMb')))
    .addOption(new Option('--jobs <n>', describeOption('jobs')))
    .addOption(queueOption())
    .addOption(new Option('--python <path>', describeOption('python')))
    .addOption(new Option('--docker-image <image>', describeOption('dockerImage')))
    .option('--rerun', 'also run notebooks that already have a reference run (a new run is added)')
    .option('--limit <n>', 'run at most n notebooks')
    .addHelpText(
      'after',
      `
Each notebook runs in a sandbox with its competition's data read-only at /kaggle/input/<slug>/
(from <data-root>/<slug>/), /kaggle/working as its working folder, no network, a cleared
environment and limits on time, CPU, memory, output, file size and processes. Magics, shell
escapes and personal paths are rewritten and recorded (executions.deviations); random and numpy
are seeded. Outcomes: reproduced (Kaggle's recorded outputs match), ran (completed, nothing to
compare), failed with a reason: missing_module, missing_file, timeout, memory, python2_syntax,
error, output_mismatch, sandbox_error, sandbox_violation (the notebook put a link or a named
pipe where hookmine reads results back; it is never followed or read). Notebooks already run are
skipped unless --rerun.
Exit code 1 when any notebook failed.

Examples:
  hookmine ingest ../shared/kaggle-notebooks
  hookmine execute --data-root ../shared/kaggle-data --jobs 2
  hookmine execute --competition titanic --timeout 120
  hookmine sql "select notebook_id, outcome, reason, reason_detail from executions"
  hookmine sql "select * from output_checks where not matched"`,
    )
    .action(async (opts: ExecuteFlags, command: Command) => {
      const ctx = buildContext(command, {
        sandbox: opts.sandbox,
        timeoutSeconds: opts.timeout,
        memoryMb: opts.memoryMb,
        jobs: opts.jobs,
        python: opts.python,
        dockerImage: opts.dockerImage,
      });
      const { checkNotebookIds, wholeNumber } = await import('../flags.js');
      const limit = wholeNumber('--limit', opts.limit, 0);
      const { validateCompetition } = await import('../../ingest/ingest.js');
      if (opts.competition !== undefined) validateCompetition(opts.competition);
      const { Corpus } = await import('../../../corpus/corpus.js');
      const { startRun, finishRun } = await import('../../../corpus/runs.js');
      const { failRunOnError } = await import('../run-record.js');
      const { openConfiguredSandbox } = await import('../../sandbox/index.js');
      const { executeNotebooks } = await import('../../execute/execute.js');
      const { packageVersion } = await import('../../paths.js');
      const { config } = ctx;
      const corpus = await Corpus.open(config.db);
      try {
        await checkNotebookIds(corpus, opts.notebook);
        const sandbox = await openConfiguredSandbox(config);
        const args = { competition: opts.competition ?? null, notebooks: opts.notebook ?? null, sandbox: config.sandbox, timeout: config.timeoutSeconds, memory_mb: config.memoryMb, jobs: config.jobs, rerun: Boolean(opts.rerun), limit: limit ?? null };
        const runId = await startRun(corpus, 'execute', args, packageVersion());
        const progress = ctx.progress('execute');
        const summary = await failRunOnError(corpus, runId, progress, () =>
          executeNotebooks(corpus, {
            sandbox,
            dataRoot: config.dataRoot,
            limits: { wallMs: config.timeoutSeconds * 1000, memoryMb: config.memoryMb },
            tolerance: { rtol: config.rtol, atol: config.atol },
            jobs: config.jobs,
            competition: opts.competition,
            notebookIds: opts.notebook,
            rerun: opts.rerun,
            limit,
            runId,
            logger: ctx.logger,
            progress,
          }),
        );
        const failed = summary.byOutcome.failed;
        await finishRun(corpus, runId, failed > 0 ? 'partial' : 'ok', summary);
        ctx.emitJson({ run_id: runId, db: corpus.path, sandbox: config.sandbox, ...summary });
        const o = summary.byOutcome;
        ctx.print(`execute: ${summary.notebooks} notebooks: ${o.reproduced} reproduced, ${o.ran} ran, ${o.failed} failed`);
        for (const [reason, n] of Object.entries(summary.byReason).sort((a, b) => b[1] - a[1])) ctx.print(`  ${reason}: ${n}`);
        if (summary.results.length > 0 && summary.results.length <= 100) {
          ctx.print('');
          for (const r of summary.results) {
            const what = r.reason ? `${r.outcome} (${r.reason})` : r.outcome;
            ctx.print(`  ${what.padEnd(30)} ${(r.wall_ms / 1000).toFixed(1).padStart(6)}s  ${r.competition}/${r.title ?? r.notebook_id}${r.detail && r.outcome !== 'reproduced' ? `: ${r.detail.slice(0, 160)}` : ''}`);
          }
        }
        if (summary.notebooks === 0) ctx.print('nothing to run: every selected notebook already has a reference run (pass --rerun to run them again)');
        ctx.print(`corpus: ${corpus.path}`);
        if (failed > 0) setExit(EXIT.itemsFailed);
      } finally {
        corpus.close();
      }
    });
}
