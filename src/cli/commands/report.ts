import type { Command } from 'commander';
import { buildContext, EXIT } from '../context.js';
import type { SetExit } from './index.js';

export function register(program: Command, setExit: SetExit): void {
  program
    .command('report')
    .description('write an HTML report of the corpus with charts (and PNG pictures of them)')
    .option('--out <file>', 'the HTML file to write', 'report.html')
    .option('--no-png', 'skip the PNG pictures (they need Chromium)')
    .addHelpText(
      'after',
      `
The page shows the funnel per competition (crawled, ingested, ran, reproduced, with verified
hooks), failure reasons, hooks per notebook, episodes and step labels, synthetic template
families, and the latest PRM's metrics against its baselines. PNG pictures of each chart and of the
whole page go next to it (<name>-png/), rendered by headless Chromium.

Examples:
  hookmine report
  hookmine --db hookmine-demo/hookmine.duckdb report --out hookmine-demo/report.html`,
    )
    .action(async (opts: { out: string; png: boolean }, command: Command) => {
      const ctx = buildContext(command);
      const { Corpus } = await import('../../../corpus/corpus.js');
      const { writeReport } = await import('../../report/report.js');
      const corpus = await Corpus.open(ctx.config.db, { readOnly: true });
      try {
        const result = await writeReport(corpus, opts.out, { png: opts.png });
        ctx.emitJson({ html: result.html, charts: result.charts, pictures: result.pictures ?? null, picturesError: result.picturesError ?? null });
        ctx.print(`report: ${result.html} (${result.charts.length} charts)`);
        if (result.pictures) ctx.print(`pictures: ${result.pictures.page} and ${Object.keys(result.pictures.charts).length} charts`);
        if (result.picturesError) {
          ctx.logger.warn(`no PNG pictures: ${result.picturesError}`);
          setExit(EXIT.itemsFailed);
        }
      } finally {
        corpus.close();
      }
    });
}
