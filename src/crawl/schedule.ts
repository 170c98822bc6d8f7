// `hookmine schedule`: crawls on a cron schedule (croner), in this process, one at a time. A tick
// that comes while the previous crawl still runs is skipped (croner's overlap protection), and each
// crawl takes the corpus's crawl lock, so a crawl started elsewhere (cron, a timer, a person) makes
// the tick skip rather than write the corpus at the same time.
import { Cron } from 'croner';
import type { CrawlSummary } from '../../crawlers/crawl-context.js';
import { UsageError } from '../errors.js';
import type { Logger } from '../log.js';
import { CrawlLockedError } from './lock.js';

export interface ScheduleInput {
  cron: string;
  timezone?: string;
  /** stop after this many crawls (default: run until stopped) */
  maxRuns?: number;
  logger: Logger;
  print: (line: string) => void;
  /** one crawl; rejects with CrawlLockedError when another crawl holds the lock */
  crawlOnce: (signal: AbortSignal) => Promise<CrawlSummary>;
  signal?: AbortSignal;
}

export interface ScheduleSummary {
  cron: string;
  runs: number;
  skipped_overlap: number;
  skipped_locked: number;
  failed: number;
  statuses: string[];
}

export function validateCron(expression: string, timezone?: string): Cron {
  try {
    return new Cron(expression, { paused: true, timezone });
  } catch (error) {
    throw new UsageError(`--cron "${expression}" is not a valid cron expression: ${(error as Error).message}`);
  }
}

export async function runSchedule(input: ScheduleInput): Promise<ScheduleSummary> {
  const probe = validateCron(input.cron, input.timezone);
  const next = probe.nextRuns(3).map((d) => d.toISOString());
  probe.stop();
  const summary: ScheduleSummary = { cron: input.cron, runs: 0, skipped_overlap: 0, skipped_locked: 0, failed: 0, statuses: [] };
  input.print(`schedule: "${input.cron}"${input.timezone ? ` (${input.timezone})` : ''}; next crawls at ${next.join(', ')}`);
  const current = new AbortController();
  return new Promise<ScheduleSummary>((resolve) => {
    let finished = false;
    const finish = (job: Cron) => {
      if (finished) return;
      finished = true;
      job.stop();
      input.signal?.removeEventListener('abort', onAbort);
      resolve(summary);
    };
    const job = new Cron(
      input.cron,
      {
        timezone: input.timezone,
        protect: () => {
          summary.skipped_overlap += 1;
          input.logger.warn('schedule: skipped a tick, the previous crawl is still running');
        },
      },
      async (self: Cron) => {
        if (finished) return;
        try {
          const result = await input.crawlOnce(current.signal);
          summary.runs += 1;
          summary.statuses.push(result.status);
          if (result.status !== 'ok') summary.failed += result.status === 'interrupted' ? 0 : 1;
          input.print(`schedule: crawl ${summary.runs} ${result.status} (${result.notebooks.new} new notebooks); next at ${self.nextRun()?.toISOString() ?? 'never'}`);
        } catch (error) {
          if (error instanceof CrawlLockedError) {
            summary.skipped_locked += 1;
            input.logger.warn(`schedule: skipped a tick: ${error.message}`);
            return;
          }
          summary.runs += 1;
          summary.failed += 1;
          summary.statuses.push('failed');
          input.logger.error(`schedule: crawl failed: ${(error as Error).message}`);
        }
        if (current.signal.aborted || (input.maxRuns !== undefined && summary.runs >= input.maxRuns)) finish(self);
      },
    );
    const onAbort = () => {
      current.abort(input.signal?.reason);
      // A crawl in progress ends at its next step; without one the schedule stops at once.
      if (!job.isBusy()) finish(job);
    };
    if (input.signal?.aborted) onAbort();
    else input.signal?.addEventListener('abort', onAbort, { once: true });
  });
}
