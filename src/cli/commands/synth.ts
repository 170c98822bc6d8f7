import { Option, type Command } from 'commander';
import { describeOption } from '../../config.js';
import { buildContext, EXIT } from '../context.js';
import type { SetExit } from './index.js';
import { queueOption } from '../queue.js';

interface SynthFlags {
  csv?: string[];
  templates?: string[];
  perCsv?: string;
  seed?: string;
  jobs?: string;
  timeout?: string;
  memoryMb?: string;
  python?: string;
  paraphrase?: boolean;
  list?: boolean;
}

export function register(program: Command, setExit: SetExit): void {
  program
    .command('synth')
    .description('synthetic template episodes: analysis programs over CSVs, run twice in the sandbox for gold values, stored as episodes and steps')
    .option('--csv <path...>', 'CSV files or folders (searched recursively), sklearn:<name>, statsmodels:<name> (sklearn:* and statsmodels:* for all); default: the data root')
    .option('--templates <name...>', 'families, categories or globs (e.g. groupby join-* quantile); default: all')
    .option('--per-csv <n>', 'episodes per table at most', '100')
    .option('--seed <n>', 'first template seed (each family tries seed, seed+1, ...)', '0')
    .addOption(new Option('--jobs <n>', describeOption('synthJobs')))
    .addOption(queueOption())
    .addOption(new Option('--timeout <seconds>', describeOption('synthTimeoutSeconds')))
    .addOption(new Option('--memory-mb <n>', describeOption('memoryMb')))
    .addOption(new Option('--python <path>', describeOption('python')))
    .option('--paraphrase', 'rephrase each question with the LLM (OPENAI_BASE_URL / OPENAI_API_KEY); rewrites that drop a name or contain the answer are not used')
    .option('--list', 'print the template library (families, categories, variants, held-out variants) and exit')
    .addHelpText(
      'after',
      `
Each table is profiled in the sandbox (types, cardinality, missing values); each template family
picks its columns from the profile with a seeded generator, writes a program of steps with a
hook() after each, and phrases the question (several phrasings; the answer never appears in the
question). Every program runs twice in the warm pool under different global seeds; only answers
both runs agree on are stored: episodes (source = 'synthetic', template family, variant, seed,
question, hint, answer or answer set, tolerance, difficulty, is_distractor, heldout) and steps
(code, captured expression, gold value, DAG). Tables of one folder sharing a column are joined by
the join families. CSVs under <data-root>/<slug>/ get dataset = <slug>; others csv:<path>; bundled
datasets sklearn:<name> / statsmodels:<name>. Episode ids hash (family, variant, seed, table and
content), so a re-run adds nothing new. Exit code 1 when a table or program failed, 2 for usage
errors or inputs that do not exist.

Examples:
  hookmine synth --data-root ../shared/kaggle-data
  hookmine synth --csv ../shared/kaggle-data/titanic --templates groupby probability --per-csv 20
  hookmine synth --csv sklearn:iris statsmodels:macrodata --seed 7
  hookmine synth --list
  hookmine sql "select template_family, count(*) from episodes where source = 'synthetic' group by 1 order by 2 desc"
  hookmine sql "select question, answer from episodes where heldout"`,
    )
    .action(async (opts: SynthFlags, command: Command) => {
      const ctx = buildContext(command, { synthJobs: opts.jobs, synthTimeoutSeconds: opts.timeout, memoryMb: opts.memoryMb, python: opts.python });
      const { UsageError } = await import('../../errors.js');
      if (opts.list) {
        const { listLibrary } = await import('../../synth/library-text.js');
        ctx.emitJson(listLibrary('json'));
        ctx.print(listLibrary('text') as string);
        return;
      }
      const { wholeNumber } = await import('../flags.js');
      const perCsv = wholeNumber('--per-csv', opts.perCsv, 0) ?? 100;
      const seed = wholeNumber('--seed', opts.seed, 0) ?? 0;
      const { Corpus } = await import('../../../corpus/corpus.js');
      const { corpusLlmCache } = await import('../../../corpus/llm-cache.js');
      const { startRun, finishRun } = await import('../../../corpus/runs.js');
      const { failRunOnError } = await import('../run-record.js');
      const { runSynth } = await import('../../synth/stage.js');
      const { llmFromConfig } = await import('../../llm/client.js');
      const { Paraphraser } = await import('../../synth/paraphrase.js');
      const { packageVersion } = await import('../../paths.js');
      const inputs = opts.csv?.length ? opts.csv : [ctx.config.dataRoot];
      const templates = (opts.templates ?? []).flatMap((t) => t.split(',')).filter(Boolean);
      const corpus = await Corpus.open(ctx.config.db);
      try {
        let paraphraser = null;
        if (opts.paraphrase) {
          const client = llmFromConfig(ctx.config, corpusLlmCache(corpus));
          if (!client) throw new UsageError('--paraphrase needs an OpenAI-compatible server: set OPENAI_BASE_URL (and OPENAI_API_KEY if it wants one)');
          paraphraser = new Paraphraser(client);
        }
        const args = { inputs, templates, perCsv, seed, jobs: ctx.config.synthJobs, timeoutSeconds: ctx.config.synthTimeoutSeconds, paraphrase: Boolean(opts.paraphrase) };
        const runId = await startRun(corpus, 'synth', args, packageVersion());
        const progress = ctx.progress('synth');
        const summary = await failRunOnError(corpus, runId, progress, () =>
          runSynth(corpus, {
            inputs,
            dataRoot: ctx.config.dataRoot,
            templates,
            perCsv,
            seed,
            jobs: ctx.config.synthJobs,
            timeoutMs: ctx.config.synthTimeoutSeconds * 1000,
            memoryMb: ctx.config.memoryMb,
            python: ctx.config.python,
            runId,
            logger: ctx.logger,
            progress,
            paraphraser,
          }),
        );
        progress.done();
        const failed = summary.failed > 0 || summary.missing.length > 0;
        await finishRun(corpus, runId, failed ? 'partial' : 'ok', summary);
        ctx.emitJson({ run_id: runId, db: corpus.path, ...summary });
        const dropped = Object.values(summary.dropped).reduce((a, b) => a + b, 0);
        ctx.print(
          `synth: ${summary.tables} tables (${summary.tablesFailed} unreadable, ${summary.tablePairs} joinable pairs), ${summary.planned} programs planned, ` +
            `${summary.stored} episodes stored, ${summary.alreadyStored} already stored, ${summary.failed} failed, ${dropped} dropped`,
        );
        const cats = Object.entries(summary.byCategory).sort((a, b) => b[1] - a[1]);
        if (cats.length) ctx.print(`  by category: ${cats.map(([c, n]) => `${c} ${n}`).join(', ')}`);
        ctx.print(`  families with episodes: ${Object.keys(summary.byFamily).length}; held-out variants: ${summary.heldout}; distractors: ${summary.distractors}; answer sets: ${summary.answerSets}`);
        if (dropped) ctx.print(`  dropped: ${Object.entries(summary.dropped).map(([r, n]) => `${r} ${n}`).join(', ')}`);
        for (const [reason, n] of Object.entries(summary.byReason).sort()) ctx.print(`  failed (${reason}): ${n}`);
        if (opts.paraphrase) ctx.print(`  paraphrased: ${summary.paraphrased}, kept the template phrasing: ${summary.paraphraseRejected} (${summary.llmTokensIn} tokens in, ${summary.llmTokensOut} out)`);
        ctx.print(`  time: ${summary.seconds} s, ${summary.episodesPerSecond} episodes/s with a pool of ${summary.poolSize}`);
        ctx.print(`corpus: ${corpus.path}`);
        if (summary.missing.length > 0) setExit(EXIT.usage);
        else if (summary.failed > 0) setExit(EXIT.itemsFailed);
      } finally {
        corpus.close();
      }
    });
}
