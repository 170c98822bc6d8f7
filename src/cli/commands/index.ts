// The list of subcommands, in pipeline order. Each file only declares its options; the work is
// imported when the command runs.
import type { Command } from 'commander';
import { register as audit } from './audit.js';
import { register as crawl } from './crawl.js';
import { register as demo } from './demo.js';
import { register as execute } from './execute.js';
import { register as exportCommand } from './export.js';
import { register as extract } from './extract.js';
import { register as importMetaKaggle } from './import-meta-kaggle.js';
import { register as ingest } from './ingest.js';
import { register as repair } from './repair.js';
import { register as run } from './run.js';
import { register as label } from './label.js';
import { register as report } from './report.js';
import { register as schedule } from './schedule.js';
import { register as sql } from './sql.js';
import { register as status } from './status.js';
import { register as verify } from './verify.js';
import { register as train } from './train.js';
import { register as score } from './score.js';
import { register as synth } from './synth.js';
import { register as worker } from './worker.js';

export type SetExit = (code: number) => void;

export function registerCommands(program: Command, setExit: SetExit): void {
  for (const register of [run, crawl, schedule, importMetaKaggle, ingest, execute, repair, extract, verify, synth, label, exportCommand, train, audit, score, sql, status, report, demo, worker]) register(program, setExit);
}
