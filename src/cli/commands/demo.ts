import type { Command } from 'commander';
import { buildContext, EXIT } from '../context.js';
import type { SetExit } from './index.js';

export function register(program: Command, setExit: SetExit): void {
  program
    .command('demo')
    .description("run the whole pipeline offline on the project's own sample competition (samples/demo)")
    .option('--out <dir>', 'where the demo corpus and its outputs go', './hookmine-demo')
    .option('--no-png', "skip the report's PNG pictures (they need Chromium)")
    .addHelpText(
      'after',
      `
A local Kaggle-compatible server serves the sample competition "lemonade-stand" (its data and
seven notebooks written for hookmine, with the outputs their authors' runs recorded); the demo
crawls it, executes and repairs the notebooks, proposes and verifies hooks, synthesises template
episodes from the same data, labels steps by execution, exports a Hugging Face dataset, trains a
small PRM and writes the report. No network, no credentials, no LLM: from the environment it
takes only this machine's settings (HOOKMINE_PYTHON, _SANDBOX, _JOBS, _TIMEOUT, _MEMORY_MB,
_TF_BACKEND, ...). About a minute on 2 cores. Run it again and every stage but export and train
finds its work done (those two write the dataset and a new PRM again, in seconds).

Afterwards it prints where each result is and a few SQL queries to try.`,
    )
    .action(async (opts: { out: string; png: boolean }, command: Command) => {
      // the structured log goes next to the demo's results unless --log-file says otherwise
      const { join, resolve } = await import('node:path');
      const logFile = command.optsWithGlobals<{ logFile?: string }>().logFile ?? join(resolve(opts.out), 'hookmine.log');
      const ctx = buildContext(command, { logFile });
      const { runDemo } = await import('../../demo/demo.js');
      const { abortOnSignals } = await import('../../crawl/signals.js');
      const stop = abortOnSignals(ctx.logger);
      let result;
      try {
        result = await runDemo({ outDir: opts.out, logger: ctx.logger, progress: ctx.progress, png: opts.png, signal: stop.signal, logFile });
      } finally {
        stop.dispose();
      }
      ctx.emitJson(result);
      ctx.print(`demo: ${result.outDir}\n`);
      for (const s of result.stages) ctx.print(`  ${s.stage.padEnd(8)} ${s.status.padEnd(8)} ${s.seconds.toFixed(1).padStart(6)} s  ${s.headline}`);
      ctx.print('');
      for (const [what, path] of Object.entries(result.paths)) if (path) ctx.print(`  ${what.padEnd(15)} ${path}`);
      if (result.report?.picturesError) ctx.logger.warn(`report without PNG pictures: ${result.report.picturesError}`);
      // `npm run demo` runs bin/hookmine.js, which is not on PATH: print the command that works here
      const { basename, relative } = await import('node:path');
      const script = process.argv[1] ?? '';
      const invoke = basename(script) === 'hookmine.js' ? `node ${relative(process.cwd(), script) || script}` : 'hookmine';
      ctx.print('\nTry:');
      for (const q of result.queries) ctx.print(`  ${invoke} --db ${result.db} sql "${q.replace(/"/g, '\\"')}"`);
      // Carol's notebook needs a repair and dave's needs lightgbm: those are expected, not failures of the demo.
      const failed = result.stages.filter((s) => s.status === 'failed');
      if (failed.length || stop.signal.aborted) setExit(EXIT.itemsFailed);
    });
}
