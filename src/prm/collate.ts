// Examples -> padded arrays for the model: one window of steps per row, the prompt vector first.
// Windows exist because a model has position embeddings for `maxSteps` steps: training cuts long
// trajectories (and, with truncation augmentation, short ones) to a window, scoring slides a window.
import type { Example } from './dataset.js';
import { stepKey } from './embeddings.js';
import type { Rng } from './rng.js';

export type Objective = 'step' | 'outcome';

export interface Window {
  example: Example;
  /** steps [start, end) of the example */
  start: number;
  end: number;
}

export interface Vectors {
  prompts: Map<string, Float32Array>;
  /** keyed by stepKey(pairwise, prompt, step text) */
  steps: Map<string, Float32Array>;
  /** steps were embedded with their prompt */
  pairwise: boolean;
}

export interface BatchArrays {
  batch: number;
  /** 1 + the longest window's steps */
  length: number;
  inputDim: number;
  /** [batch, length, inputDim] */
  x: Float32Array;
  /** [batch, length - 1] */
  targets: Float32Array;
  mask: Float32Array;
  /** [batch, length - 1]: 1 where a window has a step (labelled or not), 0 on padding */
  present: Float32Array;
}

/**
 * A training window. Longer trajectories than maxSteps get a random window of maxSteps. With
 * probability `truncateProb` the window is cut further: a random number of leading steps is
 * dropped (so the model also sees trajectories from the middle, as a sliding window shows them to
 * it when scoring long notebooks) and the trajectory ends at a random later step.
 */
export function trainingWindow(example: Example, maxSteps: number, truncateProb: number, rng: Rng, objective: Objective): Window {
  const n = example.steps.length;
  // The outcome label exists only at the last step: outcome training always keeps the end.
  if (objective === 'outcome') return { example, start: Math.max(0, n - maxSteps), end: n };
  let start = 0;
  let end = n;
  if (n > 1 && truncateProb > 0 && rng.next() < truncateProb) {
    start = rng.next() < 0.5 ? 0 : rng.int(n - 1);
    end = start + 1 + rng.int(n - start);
  }
  if (end - start > maxSteps) {
    start += rng.int(end - start - maxSteps + 1);
    end = start + maxSteps;
  }
  return { example, start, end };
}

/** Windows that score every step of an n-step trajectory, each step with at least maxSteps/2 of context. */
export function scoringWindows(n: number, maxSteps: number): { start: number; end: number; scoreFrom: number }[] {
  if (n <= maxSteps) return [{ start: 0, end: n, scoreFrom: 0 }];
  const windows = [{ start: 0, end: maxSteps, scoreFrom: 0 }];
  const fresh = maxSteps - Math.floor(maxSteps / 2);
  for (let pos = maxSteps; pos < n; pos += fresh) {
    const end = Math.min(n, pos + fresh);
    windows.push({ start: end - maxSteps, end, scoreFrom: pos });
  }
  return windows;
}

export function collate(windows: readonly Window[], vectors: Vectors, inputDim: number, objective: Objective): BatchArrays {
  const batch = windows.length;
  const length = 1 + Math.max(1, ...windows.map((w) => w.end - w.start));
  const x = new Float32Array(batch * length * inputDim);
  const targets = new Float32Array(batch * (length - 1));
  const mask = new Float32Array(batch * (length - 1));
  const present = new Float32Array(batch * (length - 1));
  windows.forEach((w, b) => {
    const prompt = vectors.prompts.get(w.example.prompt);
    if (!prompt) throw new Error(`no embedding for the prompt of ${w.example.id}`);
    x.set(prompt, b * length * inputDim);
    for (let t = w.start; t < w.end; t++) {
      const step = w.example.steps[t];
      const vector = step ? vectors.steps.get(stepKey(vectors.pairwise, w.example.prompt, step.text)) : undefined;
      if (!step || !vector) throw new Error(`no embedding for step ${t} of ${w.example.id}`);
      const pos = t - w.start;
      x.set(vector, (b * length + 1 + pos) * inputDim);
      const cell = b * (length - 1) + pos;
      present[cell] = 1;
      if (objective === 'step') {
        if (step.label !== null) {
          targets[cell] = step.label ? 1 : 0;
          mask[cell] = 1;
        }
      } else if (t === w.example.steps.length - 1 && w.example.finalCorrect !== null) {
        targets[cell] = w.example.finalCorrect ? 1 : 0;
        mask[cell] = 1;
      }
    }
  });
  return { batch, length, inputDim, x, targets, mask, present };
}
