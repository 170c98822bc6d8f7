// Rule repairs on the shared Kaggle notebooks: the CPU the rule engine takes per notebook and per
// code cell once the installed libraries' facts are cached (the first pass per notebook introspects
// them in the sandbox and is timed apart).
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadPythonParser } from '../extractors/python/parser.js';
import { Introspector } from '../src/repair/facts.js';
import { rulePass } from '../src/repair/rule-pass.js';
import { openSandbox } from '../src/sandbox/index.js';
import type { Benchmark } from './bench.js';

const SHARED = fileURLToPath(new URL('../../../shared', import.meta.url));

function notebooks(root: string): { competition: string; cells: { cellIndex: number; cellType: string; source: string }[] }[] {
  const out = [];
  for (const competition of readdirSync(root)) {
    const dir = join(root, competition);
    if (!existsSync(dir) || competition.includes('.')) continue;
    for (const file of readdirSync(dir).filter((f) => f.endsWith('.ipynb'))) {
      const nb = JSON.parse(readFileSync(join(dir, file), 'utf8')) as { cells: { cell_type: string; source: string | string[] }[] };
      out.push({ competition, cells: nb.cells.map((c, cellIndex) => ({ cellIndex, cellType: c.cell_type, source: Array.isArray(c.source) ? c.source.join('') : c.source })) });
    }
  }
  return out;
}

export const benchmarks: Benchmark[] = [
  {
    name: 'repair-rules',
    description: 'rule engine over the shared notebooks, facts cached (CPU per notebook and per code cell)',
    async run() {
      const shared = process.env.HOOKMINE_SHARED ?? SHARED;
      if (!existsSync(join(shared, 'kaggle-notebooks'))) throw new Error(`the shared notebooks are not at ${shared} (set HOOKMINE_SHARED)`);
      const all = notebooks(join(shared, 'kaggle-notebooks'));
      const parser = await loadPythonParser();
      const sandbox = await openSandbox({ kind: 'local', python: '/usr/bin/python3', image: '' });
      const intro = new Introspector(sandbox.executor);
      const layout = (c: string) => ({ competition: c, dataFiles: existsSync(join(shared, 'kaggle-data', c)) ? readdirSync(join(shared, 'kaggle-data', c)) : [] });
      const t0 = performance.now();
      for (const nb of all) await rulePass(parser, intro, nb.cells, layout(nb.competition));
      const cold = performance.now() - t0;
      const cells = all.reduce((n, nb) => n + nb.cells.filter((c) => c.cellType === 'code').length, 0);
      const t1 = performance.now();
      let repairs = 0;
      for (const nb of all) repairs += (await rulePass(parser, intro, nb.cells, layout(nb.competition))).repairs.length;
      const warm = performance.now() - t1;
      return [
        { name: 'per notebook, facts cached', value: Math.round(warm / all.length), unit: 'ms', note: `${all.length} notebooks, ${cells} code cells, ${repairs} rewrites` },
        { name: 'per code cell, facts cached', value: Number((warm / cells).toFixed(2)), unit: 'ms', target: { op: '<=', value: 10 } },
        { name: 'first pass with introspection, per notebook', value: Math.round(cold / all.length), unit: 'ms', note: `${intro.calls} sandboxed introspections` },
      ];
    },
  },
];
