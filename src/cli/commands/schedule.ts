import type { Command } from 'commander';
import type { CrawlFlags } from '../../crawl/options.js';
import { addCrawlOptions, crawlConfigOverrides } from '../../crawl/options.js';
import { buildContext } from '../context.js';
import type { SetExit } from './index.js';

export function register(program: Command, setExit: SetExit): void {
  const command = program
    .command('schedule')
    .description('run `hookmine crawl` on a cron schedule, one crawl at a time, until stopped')
    .requiredOption('--cron <expr>', 'cron expression: 5 fields (minute precision) or 6 (with seconds)')
    .option('--timezone <tz>', 'time zone of the expression (default: the local one)')
    .option('--max-runs <n>', 'stop after this many crawls');
  addCrawlOptions(command)
    .addHelpText(
      'after',
      `
Takes every option of \`hookmine crawl\`. A tick that comes while the previous crawl still runs is
skipped, and each crawl takes the corpus's crawl lock (<db>.crawl.lock), so a crawl started by
cron, a systemd timer or a person makes the tick skip instead of writing the corpus at the same
time. Ctrl-C or SIGTERM stops it after the current step; an interrupted crawl is resumed by the
next one. To run crawls from system cron or a systemd timer instead, see docs/crawling.md.

Examples:
  hookmine schedule --cron "0 3 * * *" --max-competitions 10        # every night at 03:00
  hookmine schedule --cron "0 */6 * * *" --timezone Europe/Paris --competition titanic`,
    )
    .action(async (flags: CrawlFlags & { cron: string; timezone?: string; maxRuns?: string }, cmd: Command) => {
      const ctx = buildContext(cmd, crawlConfigOverrides(flags));
      const { crawlOptions } = await import('../../crawl/options.js');
      const { runCrawl } = await import('../../crawl/run-crawl.js');
      const { crawlReport } = await import('../../crawl/report.js');
      const { runSchedule, validateCron } = await import('../../crawl/schedule.js');
      const { wholeNumber } = await import('../flags.js');
      const { requireCredentials } = await import('../../../crawlers/kaggle-auth.js');
      const { abortOnSignals } = await import('../../crawl/signals.js');
      const options = crawlOptions(flags, ctx.config);
      validateCron(flags.cron, flags.timezone).stop();
      const maxRuns = wholeNumber('--max-runs', flags.maxRuns, 1);
      requireCredentials(); // fail now, not at the first tick
      const stop = abortOnSignals(ctx.logger);
      try {
        const summary = await runSchedule({
          cron: flags.cron,
          timezone: flags.timezone,
          maxRuns,
          logger: ctx.logger,
          print: (line) => ctx.print(line),
          signal: stop.signal,
          crawlOnce: async (signal) => {
            const result = await runCrawl({ config: ctx.config, options, logger: ctx.logger, signal });
            for (const line of crawlReport(result)) ctx.logger.info(line);
            return result;
          },
        });
        ctx.emitJson(summary);
        ctx.print(
          `schedule: ${summary.runs} crawls (${summary.statuses.join(', ') || 'none'}), ${summary.skipped_overlap} ticks skipped while a crawl ran, ${summary.skipped_locked} skipped for another crawl's lock`,
        );
        setExit(summary.failed > 0 ? 1 : 0);
      } finally {
        stop.dispose();
      }
    });
}
