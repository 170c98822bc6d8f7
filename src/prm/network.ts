// A model instance on a backend: its parameters, batched scoring with sliding windows, and
// conversion to and from named arrays (what weights-io writes).
import type { LoadedBackend } from './backend.js';
import { collate, scoringWindows, type Vectors, type Window } from './collate.js';
import type { Example } from './dataset.js';
import { forward, initParams, paramShapes, type ModelConfig, type Params } from './model.js';
import type { NamedArray } from './weights-io.js';
import type { Variable } from '@tensorflow/tfjs';

export class Network {
  private constructor(
    readonly backend: LoadedBackend,
    readonly config: ModelConfig,
    readonly params: Params,
  ) {}

  static create(backend: LoadedBackend, config: ModelConfig, seed: number): Network {
    return new Network(backend, config, initParams(backend.tf, config, seed));
  }

  static fromArrays(backend: LoadedBackend, config: ModelConfig, arrays: readonly NamedArray[]): Network {
    const net = Network.create(backend, config, 0);
    net.load(arrays);
    return net;
  }

  load(arrays: readonly NamedArray[]): void {
    const byName = new Map(arrays.map((a) => [a.name, a]));
    for (const [name, shape] of paramShapes(this.config)) {
      const a = byName.get(name);
      if (!a) throw new Error(`the saved weights lack ${name}`);
      if (a.shape.join('x') !== shape.join('x')) throw new Error(`saved ${name} has shape ${a.shape.join('x')}, the model expects ${shape.join('x')}`);
      const variable = this.params.get(name) as Variable;
      const value = this.backend.tf.tensor(a.data, a.shape);
      variable.assign(value);
      value.dispose();
    }
  }

  toArrays(): NamedArray[] {
    return [...this.params].map(([name, v]) => ({ name, shape: [...v.shape], data: v.dataSync() as Float32Array }));
  }

  /** Raw logits for a batch of windows: one array per window, one logit per step in it. */
  logits(windows: readonly Window[], vectors: Vectors): Float32Array[] {
    const { tf } = this.backend;
    const arrays = collate(windows, vectors, this.config.inputDim, 'step');
    const out = tf.tidy(() => {
      const x = tf.tensor3d(arrays.x, [arrays.batch, arrays.length, arrays.inputDim]);
      return forward(tf, this.params, this.config, x, { training: false }).dataSync() as Float32Array;
    });
    const width = arrays.length - 1;
    return windows.map((w, b) => out.slice(b * width, b * width + (w.end - w.start)));
  }

  /** Step logits for whole examples (any length), in batches of windows. */
  scoreExamples(examples: readonly Example[], vectors: Vectors, batchSize = 32): Map<string, Float32Array> {
    const jobs: { window: Window; scoreFrom: number }[] = [];
    for (const example of examples) {
      for (const w of scoringWindows(example.steps.length, this.config.maxSteps)) {
        jobs.push({ window: { example, start: w.start, end: w.end }, scoreFrom: w.scoreFrom });
      }
    }
    const result = new Map<string, Float32Array>(examples.map((e) => [e.id, new Float32Array(e.steps.length)]));
    // Windows of similar length share a batch, so little padding is computed.
    const order = jobs.map((_, i) => i).sort((a, b) => span(jobs[a]!.window) - span(jobs[b]!.window) || a - b);
    for (let i = 0; i < order.length; i += batchSize) {
      const chunk = order.slice(i, i + batchSize).map((k) => jobs[k]!);
      const logits = this.logits(
        chunk.map((j) => j.window),
        vectors,
      );
      chunk.forEach((job, b) => {
        const target = result.get(job.window.example.id) as Float32Array;
        const values = logits[b] as Float32Array;
        for (let t = job.scoreFrom; t < job.window.end; t++) target[t] = values[t - job.window.start] as number;
      });
    }
    return result;
  }

  dispose(): void {
    for (const v of this.params.values()) v.dispose();
  }
}

function span(w: Window): number {
  return w.end - w.start;
}
