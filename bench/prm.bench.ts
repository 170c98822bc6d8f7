// Training speed of the verifier per TensorFlow.js backend: updates per second of the default model
// (and trajectories scored per second), each backend in its own process. Backends that cannot load
// here (the native ones need libtensorflow) are reported as unavailable.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { Benchmark, Measurement } from './bench.js';

const WORKER = fileURLToPath(new URL('./prm-worker.js', import.meta.url));
const BACKENDS = ['gpu', 'node', 'wasm', 'cpu'] as const;
const UPDATES: Record<(typeof BACKENDS)[number], number> = { gpu: 60, node: 60, wasm: 60, cpu: 15 };

export const benchmarks: Benchmark[] = [
  {
    name: 'prm',
    description: 'PRM training updates per second (width 64, 2 layers, 1024-d input, batch 16) per TensorFlow.js backend',
    async run() {
      const out: Measurement[] = [];
      const runs = [...BACKENDS.map((b) => ({ backend: b, steps: undefined as number | undefined })), ...BACKENDS.map((b) => ({ backend: b, steps: 32 }))];
      for (const { backend, steps } of runs) {
        const label = steps ? `${backend}, ${steps}-step trajectories` : backend;
        const updates = steps ? Math.max(3, Math.round(UPDATES[backend] / 4)) : UPDATES[backend];
        const args = [WORKER, backend, String(updates), ...(steps ? [String(steps)] : [])];
        const child = spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 600_000 });
        const line = child.stdout.trim().split('\n').pop() ?? '';
        let result: { backend: string; unavailable?: string; updatesPerSecond?: number; trajectoriesScoredPerSecond?: number; steps?: number };
        try {
          result = JSON.parse(line);
        } catch {
          result = { backend, unavailable: `worker failed: ${child.stderr.trim().split('\n').pop() ?? child.status}` };
        }
        if (result.unavailable !== undefined) {
          // Reported once per backend.
          if (!steps) out.push({ name: `${backend}: training`, value: 0, unit: 'updates/s', note: `unavailable here (${result.unavailable})` });
          continue;
        }
        out.push({ name: `${label}: training`, value: Number(result.updatesPerSecond?.toFixed(2)), unit: 'updates/s', note: `${updates} updates of 16 trajectories, ${result.steps?.toFixed(1)} steps each on average` });
        out.push({ name: `${label}: scoring`, value: Math.round(result.trajectoriesScoredPerSecond ?? 0), unit: 'trajectories/s' });
      }
      return out;
    },
  },
];
