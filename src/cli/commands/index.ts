// The list of subcommands, in pipeline order. Each file only declares its options; the work is
// imported when the command runs.
import type { Command } from 'commander';
import { register as demo } from './demo.js';
import { register as ingest } from './ingest.js';
import { register as sql } from './sql.js';
import { register as train } from './train.js';
import { register as score } from './score.js';

export type SetExit = (code: number) => void;

export function registerCommands(program: Command, setExit: SetExit): void {
  for (const register of [ingest, train, score, sql, demo]) register(program, setExit);
}
