import type { Command } from 'commander';
import { wholeNumber } from '../flags.js';
import { buildContext, EXIT } from '../context.js';
import type { SetExit } from './index.js';

export function register(program: Command, setExit: SetExit): void {
  program
    .command('audit')
    .description('shortcut audit: can the code alone, with no values, tell a wrong mutated step from a right one?')
    .option('--seed <n>', 'seed of the probe and of computed splits', '1')
    .option('--keep-duplicates', 'keep every episode of a dedup cluster (as train --keep-duplicates)')
    .option('--fail-over <auroc>', 'exit 1 when the probe AUROC on test, heldout or real is above this (e.g. 0.6)')
    .addHelpText(
      'after',
      `
A probe (logistic regression on hashed code tokens: methods, keywords, operators, literals, names;
no values, no question; the mean of five, fitted with seeds n to n+4, so no lucky seed decides) is
trained on the train split to predict "this step is a mutant's wrong
step" at the places a mutation or a counterfactual rewrite changed the code (the changed step and
its gold step). Its AUROC on test, heldout and real is printed overall, per template family and per
mutation operator, worst first. Near 0.5 the labels cannot be read off the code's style; a high
AUROC means a verifier can learn a construct as a sign of error (a shortcut). The splits are the
ones train uses (hookmine train reports the same audit in metrics.json and uses the probe as a
baseline).

Examples:
  hookmine audit
  hookmine audit --json > audit.json
  hookmine audit --fail-over 0.6`,
    )
    .action(async (opts: { seed: string; keepDuplicates?: boolean; failOver?: string }, command: Command) => {
      const ctx = buildContext(command);
      const seed = wholeNumber('--seed', opts.seed, 0) ?? 1;
      const failOver = opts.failOver === undefined ? undefined : Number(opts.failOver);
      if (failOver !== undefined && !(failOver >= 0 && failOver <= 1)) {
        const { UsageError } = await import('../../errors.js');
        throw new UsageError(`--fail-over must be a number between 0 and 1, got "${opts.failOver}"`);
      }
      const { Corpus } = await import('../../../corpus/corpus.js');
      const { readPrmEpisodes } = await import('../../../corpus/prm.js');
      const { buildExamples } = await import('../../prm/dataset.js');
      const { runAudit, auditTable } = await import('../../prm/audit.js');
      const corpus = await Corpus.open(ctx.config.db, { readOnly: true });
      try {
        const { episodes, steps } = await readPrmEpisodes(corpus);
        const { examples } = buildExamples(episodes, steps, { split: { seed }, dedup: !opts.keepDuplicates });
        const { result } = runAudit(examples, ['test', 'heldout', 'real'], { seed });
        ctx.emitJson(result);
        ctx.print(`shortcut probe (${result.version}, the mean of ${result.probes}), trained on ${result.train.positives} wrong mutated steps and ${result.train.negatives} right steps at the same places`);
        ctx.print(auditTable(result, Number.POSITIVE_INFINITY));
        const over = failOver === undefined ? [] : result.evaluated.filter((s) => (result.by_split[s]?.auroc ?? 0) > failOver);
        if (result.evaluated.length === 0) {
          ctx.logger.warn('no changed steps in test, heldout or real: run the label stage first');
          setExit(EXIT.itemsFailed);
        } else if (over.length > 0) {
          ctx.logger.warn(`probe AUROC above ${failOver} on ${over.join(', ')}`);
          setExit(EXIT.itemsFailed);
        }
      } finally {
        corpus.close();
      }
    });
}
