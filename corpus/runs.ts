// pipeline_runs: one row per command invocation, so every stored row can say which run made it.
import { randomBytes } from 'node:crypto';
import type { Corpus } from './corpus.js';

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed' | 'interrupted';

export function newRunId(command: string, now = new Date()): string {
  const stamp = now.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
  return `${command}-${stamp}-${randomBytes(3).toString('hex')}`;
}

export async function startRun(corpus: Corpus, command: string, args: unknown, version: string): Promise<string> {
  const runId = newRunId(command);
  await corpus.append('pipeline_runs', [
    { run_id: runId, command, args, started_at: new Date(), status: 'running', hookmine_version: version },
  ]);
  return runId;
}

export async function finishRun(corpus: Corpus, runId: string, status: RunStatus, summary: unknown): Promise<void> {
  await corpus.run(`UPDATE pipeline_runs SET status = $1, summary = $2::JSON, finished_at = now()::TIMESTAMP WHERE run_id = $3`, [
    status,
    JSON.stringify(summary),
    runId,
  ]);
}
