// `npm run bench [name...]`: runs the benchmarks (all, or those named) and prints their results.
// `--json <file>` also writes them as JSON.
import { writeFileSync } from 'node:fs';
import { meets, type Benchmark, type Measurement } from './bench.js';

const SUITES: Record<string, () => Promise<{ benchmarks: Benchmark[] }>> = {
  corpus: () => import('./corpus.bench.js'),
  crawl: () => import('./crawl.bench.js'),
  demo: () => import('./demo.bench.js'),
  export: () => import('./export.bench.js'),
  hooks: () => import('./hooks.bench.js'),
  repair: () => import('./repair.bench.js'),
  sandbox: () => import('./sandbox.bench.js'),
  prm: () => import('./prm.bench.js'),
  queue: () => import('./queue.bench.js'),
  synth: () => import('./synth.bench.js'),
};

async function main() {
  const args = process.argv.slice(2);
  const jsonAt = args.indexOf('--json');
  const jsonFile = jsonAt >= 0 ? args[jsonAt + 1] : undefined;
  const names = args.filter((a, i) => !a.startsWith('--') && !(jsonAt >= 0 && i === jsonAt + 1));
  if (args.includes('--help')) {
    console.log(`usage: npm run bench -- [${Object.keys(SUITES).join('|')}...] [--json out.json]`);
    return 0;
  }
  const unknown = names.filter((n) => !(n in SUITES));
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${Object.keys(SUITES).join(', ')}`);
    return 2;
  }
  const all: Record<string, Measurement[] | { error: string }> = {};
  let missed = 0;
  for (const suite of names.length ? names : Object.keys(SUITES)) {
    const { benchmarks } = await (SUITES[suite] as () => Promise<{ benchmarks: Benchmark[] }>)();
    for (const bench of benchmarks) {
      console.log(`\n## ${bench.name}: ${bench.description}`);
      try {
        const results = await bench.run();
        all[bench.name] = results;
        for (const m of results) {
          const verdict = meets(m);
          const target = m.target ? `  (target ${m.target.op} ${m.target.value}: ${verdict ? 'met' : 'MISSED'})` : '';
          if (verdict === false) missed += 1;
          console.log(`  ${m.name}: ${m.value} ${m.unit}${target}${m.note ? `  - ${m.note}` : ''}`);
        }
      } catch (error) {
        all[bench.name] = { error: String(error) };
        console.log(`  skipped: ${(error as Error).message}`);
      }
    }
  }
  if (jsonFile) writeFileSync(jsonFile, JSON.stringify(all, null, 2));
  console.log(`\n${missed === 0 ? 'all targets met' : `${missed} target(s) missed`}`);
  return 0;
}

process.exitCode = await main();
