// Default limits of a sandboxed run, and the limits for a run from the configuration.
import type { Limits } from './types.js';

export const MB = 1024 * 1024;

export const DEFAULT_LIMITS: Limits = {
  wallMs: 420_000,
  cpuSeconds: 430,
  memoryMb: 4096,
  maxOutputBytes: 64 * MB,
  maxFileBytes: 1024 * MB,
  maxProcs: 256,
  tmpMb: 1024,
};

/**
 * Limits from a timeout and a memory size. CPU time gets a little more than the wall clock: with
 * one BLAS thread a busy cell cannot use more CPU than wall time, and the wall clock is the limit
 * that reports `timeout`; the CPU limit stops helper processes that outlive it.
 */
export function limitsFor(options: { timeoutSeconds?: number; memoryMb?: number } & Partial<Limits> = {}): Limits {
  const { timeoutSeconds, ...rest } = options;
  const wallMs = rest.wallMs ?? (timeoutSeconds !== undefined ? timeoutSeconds * 1000 : DEFAULT_LIMITS.wallMs);
  return {
    ...DEFAULT_LIMITS,
    cpuSeconds: Math.ceil(wallMs / 1000) + 10,
    ...Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== undefined)),
    wallMs,
  };
}
