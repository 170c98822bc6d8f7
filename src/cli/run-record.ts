// A command's work inside its `runs` row: when the work throws, the progress line is closed and the
// row is finished as failed (with the error) before the error goes on to the command's handler.
import type { Corpus } from '../../corpus/corpus.js';
import { finishRun } from '../../corpus/runs.js';

export async function failRunOnError<T>(corpus: Corpus, runId: string, progress: { done(): void } | null, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    progress?.done();
    await finishRun(corpus, runId, 'failed', { error: String(error) });
    throw error;
  }
}
