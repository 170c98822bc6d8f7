import { Option, type Command } from 'commander';
import { describeOption } from '../../config.js';
import { buildContext, EXIT } from '../context.js';
import type { SetExit } from './index.js';

export function register(program: Command, setExit: SetExit): void {
  program
    .command('ingest')
    .description('store notebooks (.ipynb, nbformat 3 and 4) and Python kernel scripts (.py) from files or folders')
    .argument('<path...>', 'notebook files or folders (searched recursively)')
    .option('--competition <slug>', "competition of every file (default: each file's parent folder name)")
    .addOption(new Option('--max-notebook-bytes <n>', describeOption('maxNotebookBytes')))
    .addHelpText(
      'after',
      `
Ingesting the same file again adds nothing. A file that cannot be ingested (invalid JSON, not a
notebook, R/Julia kernel, empty, binary, not UTF-8, too large) is stored in ingest_failures with
its reason, the others are still ingested, and the exit code is 1.

Examples:
  hookmine ingest ../shared/kaggle-notebooks
  hookmine ingest --competition titanic my-notebook.ipynb
  hookmine sql "select competition, count(*) from notebooks group by 1"`,
    )
    .action(async (paths: string[], opts: { competition?: string; maxNotebookBytes?: string }, command: Command) => {
      const ctx = buildContext(command, { maxNotebookBytes: opts.maxNotebookBytes });
      const { Corpus } = await import('../../../corpus/corpus.js');
      const { startRun, finishRun } = await import('../../../corpus/runs.js');
      const { failRunOnError } = await import('../run-record.js');
      const { ingestPaths, validateCompetition } = await import('../../ingest/ingest.js');
      const { packageVersion } = await import('../../paths.js');
      if (opts.competition !== undefined) validateCompetition(opts.competition);
      const corpus = await Corpus.open(ctx.config.db);
      try {
        const runId = await startRun(corpus, 'ingest', { paths, competition: opts.competition ?? null }, packageVersion());
        const progress = ctx.progress('ingest');
        const summary = await failRunOnError(corpus, runId, null, () =>
          ingestPaths(corpus, paths, {
            competition: opts.competition,
            maxBytes: ctx.config.maxNotebookBytes,
            runId,
            logger: ctx.logger,
            progress,
          }),
        );
        const status = summary.failed > 0 || summary.missing.length > 0 ? 'partial' : 'ok';
        await finishRun(corpus, runId, status, summary);
        ctx.emitJson({ run_id: runId, db: corpus.path, ...summary });
        ctx.print(
          `ingest: ${summary.files} files, ${summary.ingested} ingested, ${summary.unchanged} already present, ${summary.failed} failed` +
            (summary.missing.length ? `, ${summary.missing.length} paths not found` : ''),
        );
        for (const [comp, n] of Object.entries(summary.byCompetition).sort()) ctx.print(`  ${comp}: ${n} new`);
        for (const [reason, n] of Object.entries(summary.byReason).sort()) ctx.print(`  failed (${reason}): ${n}`);
        ctx.print(`corpus: ${corpus.path}`);
        if (summary.missing.length > 0) setExit(EXIT.usage);
        else if (summary.failed > 0) setExit(EXIT.itemsFailed);
      } finally {
        corpus.close();
      }
    });
}
