// `hookmine import-meta-kaggle <dir>`: Meta Kaggle's CSVs (Kernels, KernelVersions,
// KernelVersionCompetitionSources, Competitions, CompetitionTags, Tags, Users) into the corpus.
// Every file and its columns are checked before anything is written; then DuckDB loads them, real
// medals replace the votes proxy on notebooks Meta Kaggle knows, and competitions it links get
// their facts and, where metadata alone decides it, a tabular verdict.
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Corpus } from '../corpus/corpus.js';
import { setCompetitionVerdict } from '../corpus/crawl.js';
import { csvColumns, loadMetaKaggle, META_KAGGLE_FILES, type MetaKaggleImport, type MetaKaggleTable } from '../corpus/meta-kaggle.js';
import { UnusableInputError } from '../src/errors.js';
import { tabularVerdict } from './tabular.js';

export interface MetaKaggleSummary extends MetaKaggleImport {
  dir: string;
  verdicts: { tabular: number; not_tabular: number; undecided: number };
}

/** `<dir>/Kernels.csv` ... (names matched case-insensitively); a missing file is an unusable input. */
export function findMetaKaggleFiles(dir: string): Record<MetaKaggleTable, string> {
  const root = resolve(dir);
  if (!existsSync(root) || !statSync(root).isDirectory()) throw new UnusableInputError(`${root}: not a folder (expected Meta Kaggle's CSV files)`);
  const names = new Map(readdirSync(root).map((n) => [n.toLowerCase(), n]));
  const out: Partial<Record<MetaKaggleTable, string>> = {};
  const missing: string[] = [];
  for (const table of Object.keys(META_KAGGLE_FILES) as MetaKaggleTable[]) {
    const name = names.get(`${table.toLowerCase()}.csv`);
    if (name) out[table] = join(root, name);
    else missing.push(`${table}.csv`);
  }
  if (missing.length > 0) throw new UnusableInputError(`${root}: missing Meta Kaggle file(s) ${missing.join(', ')}`);
  return out as Record<MetaKaggleTable, string>;
}

export async function importMetaKaggle(
  corpus: Corpus,
  dir: string,
  options: { runId: string | null; allow?: string[]; deny?: string[] },
): Promise<MetaKaggleSummary> {
  const paths = findMetaKaggleFiles(dir);
  for (const [table, path] of Object.entries(paths) as [MetaKaggleTable, string][]) {
    let columns: string[];
    try {
      columns = await csvColumns(corpus, path);
    } catch (error) {
      throw new UnusableInputError(`${path}: cannot be read as CSV: ${(error as Error).message}`, { cause: error });
    }
    const missing = META_KAGGLE_FILES[table].filter((c) => !columns.includes(c));
    if (missing.length > 0) throw new UnusableInputError(`${path}: missing column(s) ${missing.join(', ')} (is this Meta Kaggle's ${table}.csv?)`);
  }
  const result = await loadMetaKaggle(corpus, paths, options.runId);
  const verdicts = { tabular: 0, not_tabular: 0, undecided: 0 };
  const rows = await corpus.query<{ slug: string; host_segment: string | null; tags: string[] | null; evaluation_metric: string | null }>(
    `SELECT slug, host_segment, tags, evaluation_metric FROM competitions
     WHERE is_tabular IS NULL AND slug IN (SELECT DISTINCT competition FROM meta_kaggle_kernel_versions)`,
  );
  for (const r of rows) {
    const v = tabularVerdict({ slug: r.slug, hostSegment: r.host_segment, tags: r.tags ?? [], evaluationMetric: r.evaluation_metric }, options);
    if (v.tabular === null) {
      verdicts.undecided += 1;
      continue;
    }
    await setCompetitionVerdict(corpus, r.slug, { tabular: v.tabular, reason: `${v.reason} (Meta Kaggle)` });
    verdicts[v.tabular ? 'tabular' : 'not_tabular'] += 1;
  }
  return { dir: resolve(dir), ...result, verdicts };
}
