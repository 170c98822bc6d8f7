import { Option, type Command } from 'commander';
import { describeOption } from '../../config.js';
import { buildContext, EXIT } from '../context.js';
import type { SetExit } from './index.js';
import { queueOption } from '../queue.js';

interface RepairFlags {
  competition?: string;
  notebook?: string[];
  sandbox?: string;
  timeout?: string;
  budget?: string;
  memoryMb?: string;
  jobs?: string;
  python?: string;
  dockerImage?: string;
  llmAttempts?: string;
  llm?: boolean;
  rerun?: boolean;
  limit?: string;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('repair')
    .description("make notebooks that did not reproduce run on today's libraries (rules, then an LLM), and keep a repair only when the repaired run reproduces Kaggle's recorded outputs")
    .option('--competition <slug>', 'only notebooks of this competition')
    .option('--notebook <id...>', 'only these notebook ids')
    .addOption(new Option('--sandbox <kind>', describeOption('sandbox')).choices(['local', 'docker']))
    .addOption(new Option('--timeout <seconds>', `limit of each repaired run: ${describeOption('timeoutSeconds')}`))
    .addOption(new Option('--budget <seconds>', describeOption('repairBudgetSeconds')))
    .addOption(new Option('--memory-mb <n>', describeOption('memoryMb')))
    .addOption(new Option('--jobs <n>', describeOption('jobs')))
    .addOption(queueOption())
    .addOption(new Option('--python <path>', describeOption('python')))
    .addOption(new Option('--docker-image <image>', describeOption('dockerImage')))
    .addOption(new Option('--llm-attempts <n>', describeOption('repairLlmAttempts')))
    .option('--no-llm', 'rules only, even when an LLM server is configured')
    .option('--rerun', 'also repair notebooks already repaired from their latest reference run')
    .option('--limit <n>', 'repair at most n notebooks')
    .addHelpText(
      'after',
      `
Takes every selected notebook whose latest run did not reproduce (run hookmine execute first) and:
  1. applies the rule-based repairs to its source: Python 2 syntax and names, scikit-learn and
     pandas APIs that moved or were removed, positional arguments that became keyword-only (read
     from the installed library's signatures), relative data folders; each rewrite is recorded;
  2. runs the repaired code in the sandbox and checks it against what Kaggle recorded;
  3. with an OpenAI-compatible server (OPENAI_BASE_URL / OPENAI_API_KEY), asks for a minimal
     patch of the failing cell, runs it, at most --llm-attempts times; a patch is kept when its
     run gets further.
A repair counts only when the repaired run reproduces Kaggle's recorded outputs: otherwise the
notebook is "ran" (completed) or "failed", not "reproduced". Runs are stored as executions with
purpose 'repair' (kept) or 'repair_attempt' (discarded); every rewrite is a row of repairs; each
notebook's session, with its state before and after, is a row of repair_sessions. A notebook's
whole session stays within --budget; each run within --timeout. Exit code 1 when a notebook
still fails after repair.

Examples:
  hookmine execute --data-root ../shared/kaggle-data
  hookmine repair --data-root ../shared/kaggle-data --jobs 2
  hookmine repair --notebook nb_92c3f987aa73c438 --no-llm
  OPENAI_BASE_URL=http://localhost:8000/v1 hookmine repair --llm-attempts 5 --budget 3600
  hookmine sql "select notebook_id, before_outcome, after_outcome, status, rules from repair_sessions"
  hookmine sql "select cell_index, line, rule, before, after from repairs where execution_id = 'ex_...' order by seq"`,
    )
    .action(async (opts: RepairFlags, command: Command) => {
      const ctx = buildContext(command, {
        sandbox: opts.sandbox,
        timeoutSeconds: opts.timeout,
        repairBudgetSeconds: opts.budget,
        memoryMb: opts.memoryMb,
        jobs: opts.jobs,
        python: opts.python,
        dockerImage: opts.dockerImage,
        repairLlmAttempts: opts.llmAttempts,
      });
      const { checkNotebookIds, wholeNumber } = await import('../flags.js');
      const limit = wholeNumber('--limit', opts.limit, 0);
      const { validateCompetition } = await import('../../ingest/ingest.js');
      if (opts.competition !== undefined) validateCompetition(opts.competition);
      const { Corpus } = await import('../../../corpus/corpus.js');
      const { startRun, finishRun } = await import('../../../corpus/runs.js');
      const { failRunOnError } = await import('../run-record.js');
      const { corpusLlmCache } = await import('../../../corpus/llm-cache.js');
      const { openConfiguredSandbox } = await import('../../sandbox/index.js');
      const { llmFromConfig } = await import('../../llm/client.js');
      const { repairNotebooks } = await import('../../repair/repair.js');
      const { formatRepairTable } = await import('../../repair/report.js');
      const { packageVersion } = await import('../../paths.js');
      const { config } = ctx;
      const corpus = await Corpus.open(config.db);
      try {
        await checkNotebookIds(corpus, opts.notebook);
        const sandbox = await openConfiguredSandbox(config);
        const llm = opts.llm === false || config.repairLlmAttempts === 0 ? null : llmFromConfig(config, corpusLlmCache(corpus));
        const args = { competition: opts.competition ?? null, notebooks: opts.notebook ?? null, sandbox: config.sandbox, timeout: config.timeoutSeconds, budget: config.repairBudgetSeconds, memory_mb: config.memoryMb, jobs: config.jobs, llm: llm ? config.model : null, llm_attempts: llm ? config.repairLlmAttempts : 0, rerun: Boolean(opts.rerun), limit: limit ?? null };
        const runId = await startRun(corpus, 'repair', args, packageVersion());
        const progress = ctx.progress('repair');
        const summary = await failRunOnError(corpus, runId, progress, () =>
          repairNotebooks(corpus, {
            sandbox,
            dataRoot: config.dataRoot,
            limits: { wallMs: config.timeoutSeconds * 1000, memoryMb: config.memoryMb },
            budgetMs: config.repairBudgetSeconds * 1000,
            tolerance: { rtol: config.rtol, atol: config.atol },
            jobs: config.jobs,
            llm,
            llmAttempts: config.repairLlmAttempts,
            competition: opts.competition,
            notebookIds: opts.notebook,
            rerun: opts.rerun,
            limit,
            runId,
            logger: ctx.logger,
            progress,
          }),
        );
        const failed = summary.byStatus.failed;
        await finishRun(corpus, runId, failed > 0 ? 'partial' : 'ok', summary);
        ctx.emitJson({ run_id: runId, db: corpus.path, sandbox: config.sandbox, ...summary });
        const s = summary.byStatus;
        // counted as the table's "ran" column counts: a run that completes with other outputs ran too
        const { ranToTheEnd } = await import('../../repair/report.js');
        const ranOnly = summary.results.filter((r) => r.status !== 'skipped' && r.after.outcome !== 'reproduced' && ranToTheEnd(r.after.outcome, r.after.reason)).length;
        const stopped = summary.results.filter((r) => r.status !== 'skipped' && !ranToTheEnd(r.after.outcome, r.after.reason)).length;
        ctx.print(`repair: ${summary.notebooks} notebooks: ${s.reproduced} reproduced (${summary.newlyReproduced} newly), ${ranOnly} ran to the end without reproducing, ${stopped} still stop before the end, ${s.skipped} skipped (nothing to try)`);
        if (summary.onlyRandomDifferences > 0) ctx.print(`  ${summary.onlyRandomDifferences} of the failed complete and differ from Kaggle's record only in outputs that change with the random seed (not reproduced: Kaggle's values are one unseeded draw)`);
        if (summary.oldDefaults.tried > 0) ctx.print(`  old scikit-learn defaults pinned on ${summary.oldDefaults.tried} notebook(s) whose run completed without reproducing; kept on ${summary.oldDefaults.kept} (kept only when the run then reproduces)`);
        const rules = Object.entries(summary.rules).sort((a, b) => b[1] - a[1]);
        if (rules.length) ctx.print(`  rules applied: ${rules.map(([r, n]) => `${r} (${n})`).join(', ')}`);
        if (summary.llm) ctx.print(`  LLM (${config.model}): ${summary.llm.attempts} attempts, ${summary.llm.tokensIn} tokens in, ${summary.llm.tokensOut} out`);
        else ctx.print('  LLM repair off (no OPENAI_BASE_URL/OPENAI_API_KEY, or --no-llm)');
        if (summary.results.length > 0 && summary.results.length <= 200) {
          ctx.print('');
          ctx.print(formatRepairTable(summary.results));
        }
        if (summary.notExecuted.length > 0) ctx.print(`${summary.notExecuted.length} selected notebook(s) have no reference run yet: run hookmine execute first`);
        if (summary.notebooks === 0) ctx.print('nothing to repair: every selected notebook reproduced, was already repaired from its latest reference run (pass --rerun), or was never executed');
        ctx.print(`corpus: ${corpus.path}`);
        if (failed > 0) setExit(EXIT.itemsFailed);
      } finally {
        corpus.close();
      }
    });
}
