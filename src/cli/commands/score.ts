import { Option, type Command } from 'commander';
import { describeOption } from '../../config.js';
import { buildContext, EXIT } from '../context.js';
import type { SetExit } from './index.js';

export function register(program: Command, setExit: SetExit): void {
  program
    .command('score')
    .description('score trajectories with a trained verifier: per-step probabilities and the aggregated score')
    .argument('<trajectories.jsonl>', 'TRL stepwise rows: prompt, completions (list of strings), optional labels; other columns ignored')
    .requiredOption('--model <dir>', 'the model folder hookmine train wrote (<out>/model)')
    .addOption(new Option('--backend <name>', describeOption('tfBackend')).choices(['auto', 'gpu', 'node', 'wasm', 'cpu']))
    .option('--out <file>', 'also write one JSON line per scored row (line, id, step_scores, aggregate, predicted_first_error)')
    .addHelpText(
      'after',
      `
Prints one line per trajectory: its aggregated scores (product, min and mean of the step
probabilities) and each step's probability of being right; the first step under the model's
threshold is marked as the predicted first error. Rows with labels also get ProcessBench F1 and
step AUROC for the file. A line that is not a valid row is reported with its number and reason,
the others are scored, and the exit code is 1.

Examples:
  hookmine score --model runs/prm/model export/prm/test.jsonl
  hookmine score --model runs/prm/model --json candidates.jsonl | jq '.results[].aggregate'
  hookmine score --model runs/prm/model --out scored.jsonl candidates.jsonl`,
    )
    .action(async (file: string, opts: { model: string; backend?: string; out?: string }, command: Command) => {
      const ctx = buildContext(command, { tfBackend: opts.backend });
      const { scoreFile } = await import('../../prm/score.js');
      const summary = await scoreFile({
        modelDir: opts.model,
        file,
        backend: ctx.config.tfBackend,
        openaiApiKey: ctx.config.openaiApiKey,
        openaiBaseUrl: ctx.config.openaiBaseUrl,
      });
      for (const w of summary.warnings) ctx.logger.warn(w);
      for (const e of summary.errors) ctx.logger.error(`${file}:${e.line}: ${e.reason}: ${e.message}`);
      if (opts.out) {
        const { writeFileSync } = await import('node:fs');
        writeFileSync(opts.out, summary.results.map((r) => JSON.stringify(r)).join('\n') + (summary.results.length ? '\n' : ''));
      }
      ctx.emitJson(summary);
      const f = (x: number) => x.toFixed(3);
      for (const r of summary.results) {
        const steps = r.step_scores.map((p, i) => (i === r.predicted_first_error ? `[${f(p)}]` : f(p))).join(' ');
        ctx.print(`${r.id}\tproduct ${f(r.aggregate.product)}\tmin ${f(r.aggregate.min)}\tmean ${f(r.aggregate.mean)}\tsteps ${steps}`);
      }
      const m = summary.metrics;
      ctx.print(
        `score: ${summary.scored} of ${summary.rows} rows scored with ${summary.model} (backend ${summary.backend}, ${summary.embed})` +
          (summary.errors.length ? `, ${summary.errors.length} failed` : '') +
          (m ? `; ProcessBench F1 ${m.processbench_f1?.toFixed(3) ?? '–'}, step AUROC ${m.step_auroc?.toFixed(3) ?? '–'}` : ''),
      );
      if (summary.errors.length > 0) setExit(EXIT.itemsFailed);
    });
}
