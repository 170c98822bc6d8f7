import { Option, type Command } from 'commander';
import { describeOption } from '../../config.js';
import { buildContext, EXIT } from '../context.js';
import type { SetExit } from './index.js';
import { queueOption } from '../queue.js';

interface LabelFlags {
  mutants: string;
  counterfactuals: string;
  seed: string;
  source?: 'kaggle' | 'synthetic';
  competition?: string;
  jobs?: string;
  relabel?: boolean;
  limit?: string;
  evidence?: string[];
  siblings: boolean;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('label')
    .description('contrast trajectories by mutation, every step labelled by execution against the gold trace, and step consensus')
    .option('--mutants <n>', 'mutants per gold episode (different kinds)', '3')
    .option('--counterfactuals <n>', 'counterfactual positives per gold episode: rewrites that use the mutants\' constructs (a flipped comparison with swapped operands, a swapped aggregation where it equals gold, ...) and are kept only when every step equals gold; 0 (the default) for none: on a fifth of the shared corpus they did not lower the shortcut probe and cost the PRM best-of-N (docs/prm.md)', '0')
    .option('--no-siblings', 'do not store sibling questions: for a mutant whose change the question names (a column, an aggregation, a comparison, a number or rank, a listed column, a stated filter, setting or operand order), the rewritten question under which the mutant is right and gold is wrong')
    .option('--seed <n>', 'seed of the choice of mutations', '0')
    .addOption(new Option('--source <source>', 'only Kaggle or only synthetic episodes').choices(['kaggle', 'synthetic']))
    .option('--competition <slug>', 'only this competition')
    .addOption(new Option('--jobs <n>', describeOption('jobs')))
    .addOption(queueOption())
    .option('--relabel', 'also episodes that already have mutants: their mutants are run again and replace the stored ones')
    .option('--limit <n>', 'at most this many gold episodes')
    .option('--evidence <tier...>', 'only Kaggle episodes of these evidence tiers: kaggle_reproduced, local_deterministic, prefix (default: all three)')
    .addHelpText(
      'after',
      `
Each gold episode's program gets mutations on the statements that lead to its final output (wrong
column, wrong aggregation, flipped comparison, off-by-one, dropped filter or dropna, wrong join
key, fitting on test data, wrong fill value, swapped operands), chosen by the seed. Each mutant runs
with the same hooks; a step whose value matches gold (same hash, or equal within tolerance) is
right; the first diverging step and the diverging steps that depend on it are wrong. Mutants are
stored as episodes (kind = 'mutant', linked by gold_episode_id, with the mutation), and
step_confidence / is_consensus_correct are set across all traces of each episode.
Counterfactual positives (kind = 'counterfactual') are rewrites of the same statements that use the
constructs the mutants introduce but keep the value (\`a > b\` as \`b < a\`, \`x.max()\` as
\`-(-x).min()\`, \`head(3)\` as \`head(4 - 1)\`, \`.median()\` where it equals the mean): run with the
same hooks and stored only when every step equals gold, so a construct is not a sign of error by
itself (see hookmine audit).
Sibling questions (kind = 'sibling' and 'sibling_mutant', no new run): where a mutation changes
what the question names, the question is rewritten to the one the mutant answers (\`Age\` ->
\`Fare\`, "average" -> "median", "greater than" -> "less than", "top 5" -> "top 6", a column
dropped from a listed set). Under it the mutant's trajectory is stored as right and the gold one as
wrong (labelled where the two runs differ), so every construct a mutant brings is right as often as
wrong and only the question and the values decide. A rewrite is made only where the changed text
occurs once in the program and once in the question. Mutants labelled earlier get theirs too.

Examples:
  hookmine label --mutants 4
  hookmine sql "select mutation->>'kind' as kind, count(*), count(*) filter (where not final_correct) as wrong_final from episodes where kind = 'mutant' group by 1"`,
    )
    .action(async (opts: LabelFlags, command: Command) => {
      const ctx = buildContext(command, { jobs: opts.jobs });
      const { wholeNumber } = await import('../flags.js');
      const mutants = wholeNumber('--mutants', opts.mutants, 1) as number;
      const counterfactuals = wholeNumber('--counterfactuals', opts.counterfactuals, 0) as number;
      const seed = wholeNumber('--seed', opts.seed) as number;
      const limit = wholeNumber('--limit', opts.limit, 1);
      const { parseEvidence } = await import('../../hooks/evidence.js');
      const evidence = parseEvidence(opts.evidence);

      const { Corpus } = await import('../../../corpus/corpus.js');
      const { startRun, finishRun } = await import('../../../corpus/runs.js');
      const { failRunOnError } = await import('../run-record.js');
      const { labelEpisodes } = await import('../../labels/label.js');
      const { syntheticProgramBuilder } = await import('../../labels/synthetic-program.js');
      const { packageVersion } = await import('../../paths.js');
      const corpus = await Corpus.open(ctx.config.db);
      const synthetic = await syntheticProgramBuilder({ dataRoot: ctx.config.dataRoot, corpus, jobs: ctx.config.jobs });
      try {
        const runId = await startRun(corpus, 'label', { mutants, counterfactuals, siblings: opts.siblings, seed, source: opts.source ?? null, competition: opts.competition ?? null, relabel: Boolean(opts.relabel), limit: limit ?? null, evidence }, packageVersion());
        const progress = ctx.progress('label');
        const summary = await failRunOnError(corpus, runId, progress, () =>
          labelEpisodes(corpus, {
            dataRoot: ctx.config.dataRoot,
            tolerance: { rtol: ctx.config.rtol, atol: ctx.config.atol },
            mutants,
            counterfactuals,
            siblings: opts.siblings,
            seed,
            jobs: ctx.config.jobs,
            source: opts.source,
            competition: opts.competition,
            relabel: opts.relabel,
            limit,
            evidence,
            synthetic: synthetic.build,
            runId,
            logger: ctx.logger,
            progress,
          }),
        );
        await finishRun(corpus, runId, summary.skipped.length > 0 ? 'partial' : 'ok', summary);
        ctx.emitJson({ run_id: runId, ...summary });
        ctx.print(`label: ${summary.episodes} gold episodes, ${summary.labelled} labelled, ${summary.skipped.length} skipped; ${summary.mutants} mutants run, ${summary.stored} stored (${summary.equivalent} equivalent), ${summary.crashed} crashed`);
        ctx.print(`  mutant steps: ${summary.labels.right} right, ${summary.labels.wrong} wrong, ${summary.labels.unlabelled} unlabelled`);
        for (const [kind, k] of Object.entries(summary.byKind).sort()) ctx.print(`  ${kind.padEnd(20)} ${k.run} run, ${k.stored} stored, ${k.withNegative} with a wrong step`);
        ctx.print(`  counterfactuals: ${summary.counterfactuals.run} run, ${summary.counterfactuals.stored} equal to gold and stored`);
        for (const [kind, k] of Object.entries(summary.counterfactuals.byKind).sort()) ctx.print(`    ${kind.padEnd(18)} ${k.run} run, ${k.stored} stored`);
        if (summary.siblings) {
          const sb = summary.siblings;
          ctx.print(`  sibling questions: ${sb.stored} of ${sb.mutants} mutants without one got a sibling pair (${2 * sb.stored} episodes)`);
          for (const [kind, k] of Object.entries(sb.byKind).sort()) ctx.print(`    ${kind.padEnd(18)} ${k.stored} of ${k.mutants}`);
          const reasons = Object.entries(sb.reasons).sort((a, b) => b[1] - a[1]);
          for (const [reason, n] of reasons.slice(0, 6)) ctx.print(`    no sibling: ${reason} (${n})`);
        }
        for (const s of summary.skipped.slice(0, 20)) ctx.print(`  skipped ${s.episode_id}: ${s.reason}`);
        if (summary.skipped.length > 0) setExit(EXIT.itemsFailed);
      } finally {
        await synthetic.close();
        corpus.close();
      }
    });
}
