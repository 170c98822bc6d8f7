// Politeness: one request at a time per credential, and at least `delayMs` between the end of one
// request and the start of the next (KGTorrent's 1 s by default). Clients that share a credential
// share the gate, so two crawls in one process cannot double the rate.
import { setTimeout as sleep } from 'node:timers/promises';
import pLimit, { type LimitFunction } from 'p-limit';

export class PolitenessGate {
  private readonly limit: LimitFunction = pLimit(1);
  private lastEnd = 0;

  constructor(public delayMs: number) {}

  /** Run `fn` alone, after the politeness delay. Waits inside `fn` (back-off) also hold the gate. */
  run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    return this.limit(async () => {
      const wait = this.lastEnd + this.delayMs - Date.now();
      if (wait > 0) await sleep(wait, undefined, { signal });
      try {
        return await fn();
      } finally {
        this.lastEnd = Date.now();
      }
    });
  }
}

const gates = new Map<string, PolitenessGate>();

/** The gate of one credential (by its fingerprint); the delay is the latest one asked for. */
export function gateFor(fingerprint: string, delayMs: number): PolitenessGate {
  let gate = gates.get(fingerprint);
  if (!gate) {
    gate = new PolitenessGate(delayMs);
    gates.set(fingerprint, gate);
  }
  gate.delayMs = delayMs;
  return gate;
}
