// What every command gets: resolved configuration, a logger, progress bars, and output helpers
// that keep stdout for results (or the --json summary) and stderr for people.
import type { Command } from 'commander';
import { loadConfig, type Config, type ConfigKey } from '../config.js';
import { createLogger, type Logger } from '../log.js';
import { createProgress, type Progress } from '../progress.js';
import { mirrorProgress } from '../run-status.js';
import { registerSecretsFromEnv } from '../secrets.js';
import { queueSummary } from './queue.js';

export interface GlobalOptions {
  db?: string;
  dataRoot?: string;
  json?: boolean;
  logFile?: string;
  verbose?: boolean;
}

export interface CommandContext {
  config: Config;
  logger: Logger;
  json: boolean;
  /** a progress line on the terminal (silent with --json or when stderr is not a TTY) */
  progress(title: string, total?: number): Progress;
  /** human output on stdout, suppressed with --json */
  print(text: string): void;
  /** the --json summary on stdout */
  emitJson(value: unknown): void;
}

/** Exit codes: 0 all good, 1 some items failed (the rest were processed), 2 usage or unusable input. */
export const EXIT = { ok: 0, itemsFailed: 1, usage: 2 } as const;

export function buildContext(command: Command, extra: Partial<Record<ConfigKey, unknown>> = {}): CommandContext {
  registerSecretsFromEnv();
  const globals = command.optsWithGlobals<GlobalOptions>();
  const config = loadConfig({ db: globals.db, dataRoot: globals.dataRoot, logFile: globals.logFile, ...extra });
  const json = Boolean(globals.json);
  let active: Progress | undefined;
  const logger = createLogger({
    file: config.logFile,
    consoleLevel: globals.verbose ? 'info' : 'warn',
    beforeConsole: () => active?.clear(),
  }).child({ command: command.name() });
  return {
    config,
    logger,
    json,
    progress(title, total) {
      active = createProgress({ title, total, enabled: json ? false : undefined });
      // mirrored to <corpus>.progress.json: `hookmine status` follows the run while it holds the corpus
      return mirrorProgress(active, { db: config.db, command: command.name(), title, total });
    },
    print(text) {
      if (!json) process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
    },
    emitJson(value) {
      // through a queue (--queue), the summary also names the workers that ran the runs
      const queue = queueSummary();
      const out = queue && value && typeof value === 'object' && !Array.isArray(value) ? { ...value, queue } : value;
      if (json) process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
    },
  };
}
