import { Option, type Command } from 'commander';
import { describeOption } from '../../config.js';
import { buildContext, EXIT } from '../context.js';
import type { SetExit } from './index.js';
import { queueOption } from '../queue.js';

interface VerifyFlags {
  competition?: string;
  notebook?: string[];
  jobs?: string;
  timeout?: string;
  reverify?: boolean;
  evidence?: string[];
  maxRuns?: string;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('verify')
    .description('run the hooked notebooks and keep only the hooks whose run gives the same final output; build Kaggle episodes')
    .option('--competition <slug>', 'only this competition')
    .option('--notebook <id...>', 'only these notebooks')
    .addOption(new Option('--jobs <n>', describeOption('jobs')))
    .addOption(queueOption())
    .addOption(new Option('--timeout <seconds>', 'time limit per run (default: the reference run\'s)'))
    .option('--max-runs <n>', 'most sandbox runs to narrow one proposal by bisection', '16')
    .option('--reverify', 'verify proposals again that were already verified or rejected')
    .option('--evidence <tier...>', 'only these evidence tiers: kaggle_reproduced, local_deterministic, prefix (default: all three)')
    .addHelpText(
      'after',
      `
Each proposal runs in the same sandbox and environment as the notebook's reference run. When the
final output (the file written, or the last printed/displayed result) is the same as the reference
run's, and a notebook that reproduced Kaggle's recorded outputs still does, the hooks are verified;
otherwise the proposal is narrowed by bisection to the hooks that broke it, and the rest are kept
only if a run with exactly them matches. A prefix (a run that stopped in cell k) runs the cells
before k only, and each must print and display what it did. A second run with the same fixed seeds
follows: a hook whose value differs between the two runs is rejected (reject_reason
'nondeterministic: ...'), and when the outputs themselves differ no episode is made. The verified
hooks in order become a Kaggle episode (episodes/steps, source = 'kaggle') with its evidence tier.

Examples:
  hookmine verify --jobs 2
  hookmine sql "select name, status, reject_reason, is_stable from hooks order by notebook_id, ordinal"
  hookmine sql "select * from v_steps where source = 'kaggle'"`,
    )
    .action(async (opts: VerifyFlags, command: Command) => {
      const ctx = buildContext(command, { jobs: opts.jobs });
      const { UsageError } = await import('../../errors.js');
      const { wholeNumber } = await import('../flags.js');
      const maxRuns = wholeNumber('--max-runs', opts.maxRuns, 1) as number;
      const { parseEvidence } = await import('../../hooks/evidence.js');
      const evidence = parseEvidence(opts.evidence);
      const timeout = opts.timeout === undefined ? undefined : Number(opts.timeout);
      if (timeout !== undefined && !(timeout > 0)) throw new UsageError(`--timeout must be a number of seconds, got "${opts.timeout}"`);
      const { Corpus } = await import('../../../corpus/corpus.js');
      const { startRun, finishRun } = await import('../../../corpus/runs.js');
      const { failRunOnError } = await import('../run-record.js');
      const { verifyProposals } = await import('../../hooks/verify.js');
      const { packageVersion } = await import('../../paths.js');
      const corpus = await Corpus.open(ctx.config.db);
      try {
        const runId = await startRun(corpus, 'verify', { competition: opts.competition ?? null, notebooks: opts.notebook ?? null, jobs: ctx.config.jobs, reverify: Boolean(opts.reverify), evidence }, packageVersion());
        const progress = ctx.progress('verify');
        const summary = await failRunOnError(corpus, runId, progress, () =>
          verifyProposals(corpus, {
            dataRoot: ctx.config.dataRoot,
            tolerance: { rtol: ctx.config.rtol, atol: ctx.config.atol },
            jobs: ctx.config.jobs,
            limits: timeout ? { wallMs: timeout * 1000 } : undefined,
            competition: opts.competition,
            notebookIds: opts.notebook,
            reverify: opts.reverify,
            evidence,
            maxRuns,
            runId,
            logger: ctx.logger,
            progress,
          }),
        );
        const bad = summary.byStatus.rejected + summary.byStatus.failed;
        await finishRun(corpus, runId, bad > 0 ? 'partial' : 'ok', summary);
        ctx.emitJson({ run_id: runId, ...summary });
        const s = summary.byStatus;
        ctx.print(`verify: ${summary.proposals} proposals: ${s.verified} verified, ${s.partial} partly verified, ${s.rejected} rejected, ${s.failed} failed; ${summary.hooksVerified} hooks verified, ${summary.episodes} episodes; ${summary.results.reduce((n, r) => n + r.unstable, 0)} hooks rejected as nondeterministic`);
        for (const r of summary.results) {
          const overhead = r.overhead === null ? '' : `  run time x${r.overhead.toFixed(2)}`;
          ctx.print(`  ${r.status.padEnd(8)} ${String(r.verified).padStart(3)}/${String(r.proposed).padEnd(3)} hooks ${String(r.runs).padStart(2)} runs${overhead}  ${(r.evidence ?? '').padEnd(19)} ${r.title ?? r.notebook_id}${r.reason ? `: ${r.reason.slice(0, 140)}` : ''}`);
        }
        if (summary.proposals === 0) {
          // after an extract, "nothing to verify" usually means every proposal was verified already
          const { proposalCounts } = await import('../../../corpus/hooks.js');
          const counts = await proposalCounts(corpus);
          ctx.print(
            counts.total === 0
              ? 'no proposal to verify: run `hookmine extract` first'
              : `no proposal left to verify: all ${counts.total} were verified before (${counts.done} with hooks kept); --reverify runs them again`,
          );
        }
        if (bad > 0) setExit(EXIT.itemsFailed);
      } finally {
        corpus.close();
      }
    });
}
