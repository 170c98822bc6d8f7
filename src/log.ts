// Structured logs to a file (JSON lines) and short human lines on stderr. Both are redacted.
import { appendFileSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { redact } from './secrets.js';

export type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
  child(fields: Record<string, unknown>): Logger;
}

export interface LoggerOptions {
  /** JSON-lines file; every level is written there */
  file?: string;
  /** lowest level echoed to the terminal (default warn; info with --verbose) */
  consoleLevel?: Level;
  stream?: NodeJS.WritableStream;
  /** called before a console line, so a progress bar can clear itself */
  beforeConsole?: () => void;
}

export function createLogger(options: LoggerOptions = {}, base: Record<string, unknown> = {}): Logger {
  const consoleRank = RANK[options.consoleLevel ?? 'warn'];
  const stream = options.stream ?? process.stderr;
  if (options.file) mkdirSync(dirname(options.file), { recursive: true });
  const write = (level: Level, message: string, fields: Record<string, unknown> = {}) => {
    if (options.file) {
      const record = { time: new Date().toISOString(), level, msg: message, ...base, ...fields };
      appendFileSync(options.file, `${redact(JSON.stringify(record))}\n`);
    }
    if (RANK[level] >= consoleRank) {
      options.beforeConsole?.();
      const prefix = level === 'error' ? 'error: ' : level === 'warn' ? 'warning: ' : '';
      stream.write(`${redact(prefix + message)}\n`);
    }
  };
  return {
    debug: (m, f) => write('debug', m, f),
    info: (m, f) => write('info', m, f),
    warn: (m, f) => write('warn', m, f),
    error: (m, f) => write('error', m, f),
    child: (fields) => createLogger(options, { ...base, ...fields }),
  };
}

export const silentLogger: Logger = {
  debug: () => undefined,
  info: () => undefined,
  warn: () => undefined,
  error: () => undefined,
  child: () => silentLogger,
};
