// `--queue <url>` on the commands that run code: before the command's action, the queue is opened
// and every runCells of the process goes to it (the command becomes the coordinator); after it,
// the summary names the workers, and the queue is closed however the command ended.
import { Option, type Command } from 'commander';
import { describeOption, loadConfig } from '../config.js';
import type { QueueCoordinator, QueueSummary } from '../queue/coordinator.js';

let active: QueueCoordinator | null = null;

export function queueOption(): Option {
  return new Option('--queue <url>', describeOption('queue'));
}

function declaresQueue(command: Command): boolean {
  return command.options.some((o) => o.long === '--queue') && command.name() !== 'worker';
}

/** preAction: open the queue when the command takes --queue and one is configured. */
export async function openQueueFor(command: Command): Promise<void> {
  if (!declaresQueue(command)) return;
  const url = loadConfig({ queue: command.opts<{ queue?: string }>().queue }).queue;
  if (!url) return;
  const { QueueCoordinator } = await import('../queue/coordinator.js');
  const { setCellRunner } = await import('../execute/run-cells.js');
  const { createLogger } = await import('../log.js');
  active = await QueueCoordinator.open(url, { logger: createLogger({ consoleLevel: 'warn' }).child({ command: command.name() }) });
  setCellRunner(active.run);
  const { setPoolStarter } = await import('../queue/pool-route.js');
  setPoolStarter(active.pool);
}

/** The queue's part of the summary, when the command runs through one. */
export function queueSummary(): QueueSummary | null {
  return active?.summary() ?? null;
}

export function queueSummaryLine(s: QueueSummary): string {
  const runs = Object.values(s.workers).reduce((a, b) => a + b, 0);
  const names = Object.entries(s.workers).map(([w, n]) => `${w} (${n})`);
  const collected = s.collected ? `; ${s.collected} had finished before this run started` : '';
  return `queue ${s.url}: ${runs} runs by ${names.length} worker${names.length === 1 ? '' : 's'}${names.length ? `: ${names.join(', ')}` : ''}${collected}`;
}

/** postAction and error path: close the queue (delivered jobs are stored by then). */
export async function closeQueue(): Promise<void> {
  if (!active) return;
  const coordinator = active;
  active = null;
  const { setCellRunner } = await import('../execute/run-cells.js');
  setCellRunner(null);
  const { setPoolStarter } = await import('../queue/pool-route.js');
  setPoolStarter(null);
  await coordinator.close();
}
