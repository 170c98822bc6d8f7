// Temperature scaling (Guo et al. 2017): one scalar T, fitted on the validation split, divides every
// logit so that probabilities match observed frequencies. Ranking (AUROC, best-of-N with min/mean)
// does not change; calibration error and thresholds do. Pure.
import { sigmoid } from './metrics.js';

export function negLogLikelihood(logits: readonly number[], labels: readonly boolean[], temperature: number): number {
  let sum = 0;
  logits.forEach((z, i) => {
    const p = sigmoid(z / temperature);
    sum -= Math.log(Math.max(1e-12, labels[i] ? p : 1 - p));
  });
  return logits.length ? sum / logits.length : 0;
}

/** Fewer validation points than this give a temperature that is mostly noise: keep T = 1. */
export const MIN_CALIBRATION_POINTS = 50;

/** Golden-section search of log T in [log 0.05, log 20]; 1 when there is too little to fit on. */
export function fitTemperature(logits: readonly number[], labels: readonly boolean[], minPoints = MIN_CALIBRATION_POINTS): number {
  if (logits.length < minPoints || labels.every((l) => l) || labels.every((l) => !l)) return 1;
  const f = (logT: number) => negLogLikelihood(logits, labels, Math.exp(logT));
  let a = Math.log(0.05);
  let b = Math.log(20);
  const g = (Math.sqrt(5) - 1) / 2;
  let c = b - g * (b - a);
  let d = a + g * (b - a);
  let fc = f(c);
  let fd = f(d);
  for (let i = 0; i < 60; i++) {
    if (fc < fd) {
      b = d;
      d = c;
      fd = fc;
      c = b - g * (b - a);
      fc = f(c);
    } else {
      a = c;
      c = d;
      fc = fd;
      d = a + g * (b - a);
      fd = f(d);
    }
  }
  return Math.exp((a + b) / 2);
}

export function applyTemperature(logits: ArrayLike<number>, temperature: number): number[] {
  return Array.from(logits, (z) => sigmoid(z / temperature));
}
