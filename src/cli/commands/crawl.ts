import type { Command } from 'commander';
import type { CrawlFlags } from '../../crawl/options.js';
import { addCrawlOptions, crawlConfigOverrides } from '../../crawl/options.js';
import { buildContext } from '../context.js';
import type { SetExit } from './index.js';

export function register(program: Command, setExit: SetExit): void {
  const command = program
    .command('crawl')
    .description('fetch medal-tier Python notebooks of tabular Kaggle competitions, their output files and the competition data');
  addCrawlOptions(command)
    .addHelpText(
      'after',
      `
Credentials: KAGGLE_API_TOKEN (or ~/.kaggle/access_token), else KAGGLE_USERNAME + KAGGLE_KEY (or
~/.kaggle/kaggle.json). They are never logged or stored.

Polite by default: one request at a time, at least 1 s apart (--delay-ms). HTTP 429 backs off
exponentially (never less than --rate-limit-ms, whatever Retry-After says) and repeated 429s pause
the crawl; 5xx, timeouts, HTML pages and cut JSON are retried (--retries); 403 and 404 are recorded
and skipped; 401 stops the run (exit 2).

Re-runs are incremental: notebooks whose version did not change are skipped. A crawl that was
killed, interrupted or paused is resumed by the next run with the same options.

Notebooks go to the corpus (origin 'kaggle-api'), kernel output files to
<kernel-output-root>/<notebook_id>/, competition data to <data-root>/<slug>/.

Examples:
  hookmine crawl --max-competitions 3 --max-kernels 20
  hookmine crawl --competition playground-series-s4e1 titanic --min-medal silver
  hookmine crawl --search "playground" --no-data
  hookmine sql "select competition, medal, count(*) from notebooks where origin = 'kaggle-api' group by all"
  hookmine sql "select item_key, http_status, last_error from crawl_items where status = 'failed'"`,
    )
    .action(async (flags: CrawlFlags, cmd: Command) => {
      const ctx = buildContext(cmd, crawlConfigOverrides(flags));
      const { crawlOptions } = await import('../../crawl/options.js');
      const { runCrawl } = await import('../../crawl/run-crawl.js');
      const { crawlReport, crawlExitCode } = await import('../../crawl/report.js');
      const { abortOnSignals } = await import('../../crawl/signals.js');
      const options = crawlOptions(flags, ctx.config);
      const stop = abortOnSignals(ctx.logger);
      try {
        const summary = await runCrawl({ config: ctx.config, options, logger: ctx.logger, progress: ctx.progress('crawl'), signal: stop.signal });
        ctx.emitJson(summary);
        for (const line of crawlReport(summary)) ctx.print(line);
        ctx.print(`corpus: ${summary.db}`);
        setExit(crawlExitCode(summary));
      } finally {
        stop.dispose();
      }
    });
}
