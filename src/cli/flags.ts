// Checks of command-line values shared by the commands: one wording for every whole-number flag,
// and the `--notebook` ids of execute and repair.
import type { Corpus } from '../../corpus/corpus.js';
import { unknownNotebookIds } from '../../corpus/executions.js';
import { UsageError } from '../errors.js';

/** A whole-number flag at least `min`; undefined when the flag was not given. */
export function wholeNumber(flag: string, raw: string | undefined, min?: number): number | undefined {
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || (min !== undefined && n < min)) {
    throw new UsageError(`${flag} must be a whole number${min === undefined ? '' : ` from ${min}`}, got "${raw}"`);
  }
  return n;
}

/** Every `--notebook` id is in the corpus. */
export async function checkNotebookIds(corpus: Corpus, ids: readonly string[] | undefined): Promise<void> {
  const unknown = await unknownNotebookIds(corpus, ids ?? []);
  if (unknown.length) throw new UsageError(`unknown notebook id(s): ${unknown.join(', ')} (see: hookmine sql "select notebook_id, title from notebooks")`);
}
