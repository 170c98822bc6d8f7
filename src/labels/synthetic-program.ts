// Synthetic (template) episodes as runnable programs for the label stage: the stored steps rendered
// as one cell each, hooked after each step on its captured expression, run in a warm pool with the
// same read-only layout the synth stage used (the data root at /kaggle/input, other CSV folders
// under /data/<hash>, sklearn and statsmodels data inside the interpreter).
import { createHash } from 'node:crypto';
import { dirname } from 'node:path';
import type { Corpus } from '../../corpus/corpus.js';
import type { GoldEpisode, StoredStep } from '../../corpus/labels.js';
import type { Capture } from '../../extractors/hooks/steps.js';
import type { HookSpec } from '../../extractors/hooks/types.js';
import { instrument } from '../../extractors/hooks/insert.js';
import { loadPythonParser } from '../../extractors/python/parser.js';
import { analyzeProgram, type CodeCell } from '../../extractors/python/program.js';
import { startJobRunner, type StartedRunner } from '../queue/pool-route.js';
import { SANDBOX_PATHS, type Mount } from '../sandbox/index.js';
import { mutationContext, type EpisodeProgram, type TraceRun } from './episode-program.js';

export interface SyntheticBuilder {
  build: (gold: GoldEpisode, steps: readonly StoredStep[]) => Promise<EpisodeProgram | string>;
  close(): Promise<void>;
}

/** The mounts the synth stage gave a dataset (see src/synth/sources.ts). */
export function mountsFor(datasets: readonly (string | null)[], dataRoot: string): Mount[] {
  const mounts = new Map<string, Mount>();
  for (const d of datasets) {
    if (!d) continue;
    if (d.startsWith('csv:')) {
      const folder = dirname(d.slice(4));
      const point = `/data/${createHash('sha256').update(folder).digest('hex').slice(0, 12)}`;
      mounts.set(point, { host: folder, sandbox: point });
    } else if (!/^(sklearn|statsmodels):/.test(d)) {
      mounts.set(SANDBOX_PATHS.input, { host: dataRoot, sandbox: SANDBOX_PATHS.input });
    }
  }
  return [...mounts.values()];
}

export async function syntheticProgramBuilder(options: { dataRoot: string; corpus?: Corpus; jobs?: number; timeoutMs?: number }): Promise<SyntheticBuilder> {
  let pool: Promise<StartedRunner> | undefined;
  const timeoutMs = options.timeoutMs ?? 60_000;
  const start = async () => {
    const datasets = options.corpus
      ? (await options.corpus.query<{ dataset: string | null }>(`SELECT DISTINCT dataset FROM episodes WHERE source = 'synthetic' AND kind = 'gold'`)).map((r) => r.dataset)
      : [];
    const preload = ['numpy', 'pandas', 'sklearn', ...(datasets.some((d) => d?.startsWith('statsmodels:')) ? ['statsmodels.datasets'] : [])];
    return startJobRunner({ mounts: mountsFor(datasets, options.dataRoot), size: options.jobs ?? 1, limits: { wallMs: timeoutMs, memoryMb: 2048 }, preload });
  };
  return {
    async build(gold, steps) {
      if (steps.length === 0) return 'the episode has no steps';
      const parser = await loadPythonParser();
      const cells: CodeCell[] = steps.map((s) => ({ cellIndex: s.step_index, source: s.code }));
      const program = analyzeProgram(parser, cells);
      if (program.unparsable.length > 0) return `step ${program.unparsable[0]?.cellIndex} does not parse`;
      const hooks: HookSpec[] = [];
      for (const s of steps) {
        const last = program.statements.filter((st) => st.cellIndex === s.step_index).at(-1);
        if (!last) return `step ${s.step_index} has no statement`;
        // every capture is a plain variable after its step: none needs the final-output rewrite
        hooks.push({ name: s.name, cellIndex: s.step_index, statementId: last.id, line: last.endRow + 1, variable: s.variable_name ?? s.name, codeLine: s.code_line ?? last.text, dependsOn: s.depends_on ?? [], isFinal: false, role: 'template' });
      }
      const finalStatement = program.statements.at(-1);
      if (!finalStatement) return 'no statement';
      return {
        program,
        cells,
        hooks,
        final: undefined,
        finalStatementId: finalStatement.id,
        mutateFinal: true,
        context: mutationContext(steps, program),
        async run(runCells: CodeCell[]): Promise<TraceRun> {
          const mutated = analyzeProgram(parser, runCells);
          if (mutated.statements.length !== program.statements.length) return { status: 'failed', failure: "the mutation changed the program's statements", captures: [], wallMs: 0 };
          const { cells: instrumented } = instrument(mutated, runCells, hooks, undefined);
          pool ??= start();
          const result = await (await pool).run({ code: instrumented.map((c) => c.source).join('\n'), timeoutMs, seed: 0 });
          return {
            status: result.ok ? 'completed' : 'failed',
            failure: result.error ? `${result.error.ename}: ${result.error.evalue}`.slice(0, 300) : result.ok ? null : 'the job did not finish',
            captures: result.hookCaptures as Capture[],
            wallMs: result.durationMs,
          };
        },
      };
    },
    async close() {
      if (pool) await (await pool).close();
    },
  };
}
