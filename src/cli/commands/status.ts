import type { Command } from 'commander';
import { buildContext } from '../context.js';
import type { SetExit } from './index.js';

export function register(program: Command, _setExit: SetExit): void {
  program
    .command('status')
    .description('the progress of the stage running on the corpus, and the funnel when the corpus is free')
    .addHelpText(
      'after',
      `
A stage that runs holds the corpus: DuckDB lets no other process open the file meanwhile, so
\`hookmine sql\` waits for it to finish. Every stage mirrors its progress line into
<corpus>.progress.json; this command prints it (command, stage, count/total, the item in work),
and, when no other process holds the corpus, the per-competition funnel with the Kaggle episodes
by evidence tier.

Examples:
  hookmine status
  watch -n 5 hookmine --db runs/hookmine.duckdb status`,
    )
    .action(async (_opts: unknown, command: Command) => {
      const ctx = buildContext(command);
      const { readRunStatus, isAlive } = await import('../../run-status.js');
      const status = readRunStatus(ctx.config.db);
      const running = status !== null && !status.done && isAlive(status.pid);
      if (status) {
        const share = status.total > 0 ? ` ${status.count}/${status.total} (${Math.round((100 * status.count) / status.total)}%)` : ` ${status.count}`;
        const state = running ? 'running' : status.done ? 'finished' : 'stopped';
        const age = Math.round((Date.now() - Date.parse(status.updated_at)) / 1000);
        ctx.print(`${status.command} (pid ${status.pid}) ${state}: ${status.title}${share}${status.label ? `  ${status.label}` : ''}  (updated ${age} s ago)`);
      } else {
        ctx.print('no stage has reported progress on this corpus');
      }
      const { Corpus } = await import('../../../corpus/corpus.js');
      let corpus;
      try {
        corpus = await Corpus.open(ctx.config.db, { readOnly: true });
      } catch (error) {
        ctx.print(`the corpus is held by a running stage: ${(error as Error).message.split(':')[0]}`);
        ctx.emitJson({ status, running, funnel: null });
        return;
      }
      try {
        const funnel = await corpus.query<Record<string, unknown>>(
          'SELECT competition, executed::INT AS executed, reproduced::INT AS reproduced, episodes::INT AS episodes, kaggle_reproduced::INT AS kaggle_reproduced, local_deterministic::INT AS local_deterministic, prefix::INT AS prefix FROM v_funnel',
        );
        ctx.emitJson({ status, running, funnel });
        for (const f of funnel) {
          ctx.print(`  ${String(f.competition).padEnd(40)} executed ${f.executed}, reproduced ${f.reproduced}, episodes ${f.episodes} (kaggle_reproduced ${f.kaggle_reproduced}, local_deterministic ${f.local_deterministic}, prefix ${f.prefix})`);
        }
      } finally {
        corpus.close();
      }
    });
}
