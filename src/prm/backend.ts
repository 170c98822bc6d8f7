// TensorFlow.js backend selection: gpu (@tensorflow/tfjs-node-gpu) -> node (@tensorflow/tfjs-node)
// -> wasm (@tensorflow/tfjs-backend-wasm) -> cpu (pure JS). The native packages are optional
// dependencies that often cannot install (their install downloads libtensorflow), so they are
// imported dynamically and `auto` falls back; naming a backend that cannot load is a usage error.
import { createRequire } from 'node:module';
import { dirname } from 'node:path';
import { UsageError } from '../errors.js';
import type * as tfjs from '@tensorflow/tfjs';

export const BACKENDS = ['auto', 'gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendChoice = (typeof BACKENDS)[number];
export type BackendName = Exclude<BackendChoice, 'auto'>;

export type Tf = typeof tfjs;

export interface LoadedBackend {
  tf: Tf;
  /** which of gpu/node/wasm/cpu runs */
  name: BackendName;
  /** TF.js's own backend name (tensorflow, wasm, cpu) */
  tfBackend: string;
  /** why the faster ones were skipped (auto) */
  skipped: { name: BackendName; reason: string }[];
}

const ORDER: BackendName[] = ['gpu', 'node', 'wasm', 'cpu'];
const NATIVE_PACKAGES: Record<'gpu' | 'node', string> = { gpu: '@tensorflow/tfjs-node-gpu', node: '@tensorflow/tfjs-node' };

let loaded: LoadedBackend | undefined;

/** One backend per process: TF.js keeps one global engine. */
export async function loadBackend(choice: BackendChoice = 'auto'): Promise<LoadedBackend> {
  if (!(BACKENDS as readonly string[]).includes(choice)) {
    throw new UsageError(`--backend must be one of ${BACKENDS.join(', ')}, got "${choice}"`);
  }
  if (loaded && (choice === 'auto' || choice === loaded.name)) return loaded;
  if (loaded) {
    throw new UsageError(`backend ${loaded.name} is already loaded in this process; cannot switch to ${choice}`);
  }
  const tf = await import('@tensorflow/tfjs');
  const skipped: LoadedBackend['skipped'] = [];
  for (const name of choice === 'auto' ? ORDER : [choice]) {
    const reason = await tryBackend(tf, name);
    if (reason === null) {
      // PROD skips TF.js's debug checks and its advice to install tfjs-node on stderr.
      tf.env().set('PROD', true);
      loaded = { tf, name, tfBackend: tf.getBackend(), skipped };
      return loaded;
    }
    if (choice !== 'auto') throw new UsageError(`backend ${name} is not available: ${reason}`);
    skipped.push({ name, reason });
  }
  throw new UsageError(`no TensorFlow.js backend could start: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

/** null when the backend is ready, else why not. */
async function tryBackend(tf: Tf, name: BackendName): Promise<string | null> {
  try {
    if (name === 'gpu' || name === 'node') {
      const pkg = NATIVE_PACKAGES[name];
      // A variable specifier keeps TypeScript from requiring the optional package at build time.
      await import(pkg);
      if (!(await tf.setBackend('tensorflow'))) return `${pkg} loaded but its backend did not start`;
      return null;
    }
    if (name === 'wasm') {
      const wasm = await import('@tensorflow/tfjs-backend-wasm');
      // In Node the .wasm files are found next to the package's entry point, not by URL.
      const require = createRequire(import.meta.url);
      wasm.setWasmPaths(`${dirname(require.resolve('@tensorflow/tfjs-backend-wasm'))}/`);
      if (!(await tf.setBackend('wasm'))) return 'the wasm backend did not start';
      return null;
    }
    if (!(await tf.setBackend('cpu'))) return 'the cpu backend did not start';
    return null;
  } catch (error) {
    const message = (error as Error).message ?? String(error);
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ERR_MODULE_NOT_FOUND' || /Cannot find (module|package)/.test(message)) return 'package not installed';
    return message.split('\n')[0] ?? message;
  } finally {
    await tf.ready().catch(() => undefined);
  }
}

/** Backends that can start here, for the benchmark (each needs its own process). */
export const ALL_BACKENDS: readonly BackendName[] = ORDER;
