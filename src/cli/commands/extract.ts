import { Option, type Command } from 'commander';
import { describeOption } from '../../config.js';
import { buildContext, EXIT } from '../context.js';
import type { SetExit } from './index.js';

interface ExtractFlags {
  proposer: 'static' | 'llm';
  model?: string;
  competition?: string;
  notebook?: string[];
  includeRan?: boolean;
  evidence?: string[];
  maxHooks?: string;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('extract')
    .description('propose hooks on the notebooks that ran, all or in part: the intermediate values that lead to the final output')
    .addOption(new Option('--proposer <kind>', 'static (offline, default) or llm (an OpenAI-compatible server)').choices(['static', 'llm']).default('static'))
    .addOption(new Option('--model <name>', describeOption('model')))
    .option('--competition <slug>', 'only this competition')
    .option('--notebook <id...>', 'only these notebooks')
    .option('--evidence <tier...>', 'only these evidence tiers: kaggle_reproduced, local_deterministic, prefix (default: all three)')
    .option('--include-ran', 'kept for older scripts: notebooks that ran are extracted by default now')
    .option('--max-hooks <n>', 'most hooks per notebook (static proposer)', '60')
    .addHelpText(
      'after',
      `
Hooks are placed on exactly the code of the notebook's latest run (repairs included). Its evidence
tier: kaggle_reproduced (it matches Kaggle's recorded outputs), local_deterministic (it completed;
verify checks that a second run gives the same values), prefix (it stopped in cell k: hooks and the
final output come from the cells before k only; a run that computed nothing before k yields nothing).
The static proposer walks the def-use graph back from the final output (the submission file, else
the last printed or displayed result) and hooks the values on that path; the LLM proposer asks the
model (prompts/propose-hooks.v1.md) and keeps only proposals that name a real statement, a variable
it binds, and known dependencies. Proposals are stored unverified: run \`hookmine verify\` next.

Examples:
  hookmine extract
  OPENAI_BASE_URL=http://localhost:8000/v1 hookmine extract --proposer llm --model qwen2.5-coder
  hookmine sql "select name, variable_name, depends_on from hooks where notebook_id = 'nb_...' order by ordinal"`,
    )
    .action(async (opts: ExtractFlags, command: Command) => {
      const ctx = buildContext(command, { model: opts.model });
      const { UsageError } = await import('../../errors.js');
      const { wholeNumber } = await import('../flags.js');
      const maxHooks = wholeNumber('--max-hooks', opts.maxHooks, 1) as number;
      const { parseEvidence } = await import('../../hooks/evidence.js');
      const evidence = parseEvidence(opts.evidence);
      const { Corpus } = await import('../../../corpus/corpus.js');
      const { startRun, finishRun } = await import('../../../corpus/runs.js');
      const { failRunOnError } = await import('../run-record.js');
      const { corpusLlmCache } = await import('../../../corpus/llm-cache.js');
      const { llmFromConfig } = await import('../../llm/client.js');
      const { extractHooks } = await import('../../hooks/extract.js');
      const { packageVersion } = await import('../../paths.js');
      const corpus = await Corpus.open(ctx.config.db);
      try {
        const llm = opts.proposer === 'llm' ? llmFromConfig(ctx.config, corpusLlmCache(corpus)) : null;
        if (opts.proposer === 'llm' && !llm) throw new UsageError('--proposer llm needs an OpenAI-compatible server: set OPENAI_BASE_URL and/or OPENAI_API_KEY');
        const runId = await startRun(corpus, 'extract', { proposer: opts.proposer, model: llm?.model ?? null, competition: opts.competition ?? null, notebooks: opts.notebook ?? null, evidence }, packageVersion());
        const progress = ctx.progress('extract');
        const summary = await failRunOnError(corpus, runId, progress, () =>
          extractHooks(corpus, {
            proposer: opts.proposer,
            llm,
            competition: opts.competition,
            notebookIds: opts.notebook,
            evidence,
            maxHooks,
            runId,
            logger: ctx.logger,
            progress,
          }),
        );
        await finishRun(corpus, runId, summary.failed > 0 ? 'partial' : 'ok', summary);
        ctx.emitJson({ run_id: runId, ...summary });
        ctx.print(`extract (${opts.proposer}): ${summary.notebooks} notebooks: ${summary.proposed} proposed, ${summary.skipped} already proposed, ${summary.failed} without hooks, ${summary.nothing} with nothing to salvage; ${summary.hooks} hooks, ${summary.rejected} proposals refused`);
        if (opts.proposer === 'llm') ctx.print(`  tokens: ${summary.tokensIn} in, ${summary.tokensOut} out`);
        for (const r of summary.results) if (r.status !== 'skipped') ctx.print(`  ${r.status.padEnd(8)} ${String(r.hooks).padStart(3)} hooks  ${(r.evidence ?? '').padEnd(19)} ${r.title ?? r.notebook_id}${r.reason ? `: ${r.reason.slice(0, 140)}` : ''}`);
        if (summary.notebooks === 0) ctx.print('no notebook to propose hooks on: run `hookmine execute` first (hooks go on notebooks that ran, all or in part)');
        if (summary.failed > 0) setExit(EXIT.itemsFailed);
      } finally {
        corpus.close();
      }
    });
}
