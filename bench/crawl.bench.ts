// Crawler CPU time per notebook: a full crawl (listing, GetKernel, parse and store, output files,
// competition data) against the Kaggle-compatible server, with politeness off. The server runs in
// a child process, so the CPU measured here (process.cpuUsage: every thread, DuckDB's included) is
// the crawler's alone.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Corpus } from '../corpus/corpus.js';
import { crawl } from '../crawlers/crawl.js';
import { loadCredentials } from '../crawlers/kaggle-auth.js';
import { KaggleClient } from '../crawlers/kaggle-client.js';
import { packagePath } from '../src/paths.js';
import type { Benchmark } from './bench.js';

const COMPETITIONS = 3;
const KERNELS = 100;
const TOKEN = 'bench-token-0123456789';

/** A notebook of about 20 KB: 15 code cells with printed output, as a small real one. */
function notebook(i: number): string {
  const cells = [];
  for (let c = 0; c < 15; c++) {
    cells.push({ cell_type: 'markdown', metadata: {}, source: [`## Step ${c}\n`, `Notebook ${i}: what this step does and why.\n`] });
    cells.push({
      cell_type: 'code',
      execution_count: c + 1,
      metadata: {},
      outputs: [{ name: 'stdout', output_type: 'stream', text: Array.from({ length: 8 }, (_, r) => `row ${r}: ${(i * 31 + c * 7 + r) % 997}\n`) }],
      source: [`df_${c} = train.groupby('k{c}').agg({'value': 'mean'})\n`, `print(df_${c}.head(8))\n`],
    });
  }
  return JSON.stringify({ cells, metadata: { kernelspec: { name: 'python3', display_name: 'Python 3', language: 'python' } }, nbformat: 4, nbformat_minor: 4 }, null, 1);
}

function writeFolder(root: string): void {
  for (let c = 0; c < COMPETITIONS; c++) {
    const slug = `bench-tabular-${c}`;
    mkdirSync(join(root, 'data', slug), { recursive: true });
    writeFileSync(join(root, 'data', slug, 'train.csv'), `id,k,value\n${Array.from({ length: 2000 }, (_, r) => `${r},${r % 13},${(r * 17) % 101}`).join('\n')}\n`);
    mkdirSync(join(root, 'notebooks', slug), { recursive: true });
    for (let k = 0; k < KERNELS; k++) {
      const stem = `user${k}--kernel-${c}-${k}`;
      writeFileSync(join(root, 'notebooks', slug, `${stem}.ipynb`), notebook(c * KERNELS + k));
      writeFileSync(join(root, 'notebooks', slug, `${stem}.kernel.json`), JSON.stringify({ totalVotes: 5 + k, score: k / KERNELS }));
      mkdirSync(join(root, 'outputs', slug, stem), { recursive: true });
      writeFileSync(join(root, 'outputs', slug, stem, 'submission.csv'), `id,value\n${Array.from({ length: 200 }, (_, r) => `${r},${(r * k) % 7}`).join('\n')}\n`);
    }
  }
}

function startServer(root: string): Promise<{ url: string; stop(): void }> {
  const child = spawn(process.execPath, [packagePath('dist/src/kaggle-server/main.js'), root, '--token', TOKEN], { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.stdout.once('data', (chunk: Buffer) => resolve({ url: chunk.toString().trim(), stop: () => child.kill('SIGTERM') }));
  });
}

export const benchmarks: Benchmark[] = [
  {
    name: 'crawl',
    description: `crawler CPU per notebook: ${COMPETITIONS} competitions x ${KERNELS} medal-tier notebooks (about 20 KB each, one output file each, and competition data) from the Kaggle-compatible server, politeness off`,
    async run() {
      const dir = mkdtempSync(join(tmpdir(), 'hookmine-bench-crawl-'));
      writeFolder(join(dir, 'site'));
      const server = await startServer(join(dir, 'site'));
      const corpus = await Corpus.open(join(dir, 'bench.duckdb'));
      try {
        const credentials = loadCredentials({ KAGGLE_API_TOKEN: TOKEN }, dir);
        if (!credentials) throw new Error('no credentials');
        const client = new KaggleClient({ baseUrl: server.url, credentials, delayMs: 0, timeoutMs: 30_000, userAgent: 'hookmine-bench' });
        const options = {
          minMedal: 'bronze' as const,
          data: true,
          outputs: true,
          dataRoot: join(dir, 'data'),
          kernelOutputRoot: join(dir, 'kernel-output'),
          maxDataBytes: 1024 ** 3,
          maxOutputBytes: 1024 ** 3,
          pageSize: 100,
          maxPages: 20,
          allow: [],
          deny: [],
        };
        const cpu = process.cpuUsage();
        const start = process.hrtime.bigint();
        const summary = await crawl({ corpus, client, options, runId: 'bench-crawl' });
        const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
        const used = process.cpuUsage(cpu);
        const notebooks = summary.notebooks.new;
        if (notebooks !== COMPETITIONS * KERNELS || summary.status !== 'ok') throw new Error(`crawl ended ${summary.status} with ${notebooks} notebooks`);
        const cpuMs = (used.user + used.system) / 1000;
        // A second crawl finds nothing new: the cost of an incremental run per listed notebook.
        const cpu2 = process.cpuUsage();
        const again = await crawl({ corpus, client, options, runId: 'bench-crawl-2' });
        const used2 = process.cpuUsage(cpu2);
        if (again.notebooks.unchanged !== notebooks) throw new Error('the second crawl was not incremental');
        return [
          { name: 'crawler CPU per notebook (first crawl)', value: Number((cpuMs / notebooks).toFixed(1)), unit: 'ms', target: { op: '<=', value: 20 }, note: `${Math.round(cpuMs)} ms CPU for ${notebooks} notebooks, ${summary.requests.requests} requests` },
          { name: 'wall time per notebook (first crawl)', value: Number((wallMs / notebooks).toFixed(1)), unit: 'ms' },
          { name: 'crawler CPU per unchanged notebook (incremental re-crawl)', value: Number(((used2.user + used2.system) / 1000 / notebooks).toFixed(2)), unit: 'ms' },
        ];
      } finally {
        corpus.close();
        server.stop();
        rmSync(dir, { recursive: true, force: true });
      }
    },
  },
];
