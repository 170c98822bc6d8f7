// Where the warm-pool users (synth's template programs, label's synthetic episodes) get their
// runner: the local warm pool, or, with --queue, the job queue's workers (their own warm pools).
import { WarmPool, type PoolJob, type PoolOptions, type PoolResult } from '../sandbox/pool.js';

export interface StartedRunner {
  run(job: PoolJob): Promise<PoolResult>;
  /** jobs it runs at once */
  readonly size: number;
  close(): Promise<void>;
}

export type PoolStarter = (options: PoolOptions) => Promise<StartedRunner>;

let remote: PoolStarter | null = null;

/** Route every later startJobRunner of this process through `starter` (null: the local warm pool). */
export function setPoolStarter(starter: PoolStarter | null): void {
  remote = starter;
}

export function startJobRunner(options: PoolOptions): Promise<StartedRunner> {
  return remote ? remote(options) : WarmPool.start(options);
}
