import type { Command } from 'commander';
import { buildContext } from '../context.js';
import type { SetExit } from './index.js';

export function register(program: Command, _setExit: SetExit): void {
  program
    .command('demo')
    .description("run the pipeline offline on the project's own sample competition (samples/demo)")
    .option('--out <dir>', 'where the demo corpus and its outputs go', './hookmine-demo')
    .addHelpText(
      'after',
      `
Everything the demo needs ships with hookmine; it needs no network and no credentials.
Afterwards it prints where each result is and a few SQL queries to try.`,
    )
    .action(async (opts: { out: string }, command: Command) => {
      const ctx = buildContext(command);
      const { runDemo } = await import('../../demo/demo.js');
      const result = await runDemo({ outDir: opts.out, logger: ctx.logger, progress: ctx.progress });
      ctx.emitJson(result);
      ctx.print(`demo: done in ${result.outDir}`);
      for (const s of result.stages) ctx.print(`  ${s.stage}: ${JSON.stringify(s.summary)}`);
      ctx.print(`\ncorpus: ${result.db}\ndata:   ${result.dataRoot}\n\nTry:`);
      for (const q of result.queries) ctx.print(`  hookmine --db ${result.db} sql "${q}"`);
    });
}
