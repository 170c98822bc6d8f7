// `hookmine ingest`: notebooks and scripts from disk into the corpus, verbatim, with parsed cells.
// Idempotent (a notebook's id is a hash of its competition and content) and fault-tolerant (a bad
// file is recorded with its reason and the rest go on).
import { createHash } from 'node:crypto';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { basename, dirname, extname, resolve } from 'node:path';
import type { Corpus } from '../../corpus/corpus.js';
import { clearIngestFailures, insertNotebooks, recordIngestFailures, type CellRow, type IngestFailureRow, type NotebookRow } from '../../corpus/notebooks.js';
import type { ParsedNotebook } from '../../extractors/ipynb.js';
import { NOTEBOOK_EXTENSIONS, parseNotebookFile } from '../../extractors/notebook.js';
import { InvalidNotebookError, UsageError, type IngestReason } from '../errors.js';
import { silentLogger, type Logger } from '../log.js';
import type { Progress } from '../progress.js';
import { metaKaggleVersions } from '../../corpus/meta-kaggle.js';
import { applyMetaKaggleCode, metaKaggleCodeVersionId } from './meta-kaggle-code.js';
import { walkInputs } from './walk.js';

export interface IngestOptions {
  /** competition slug for every file; otherwise each file's parent folder name */
  competition?: string;
  maxBytes: number;
  runId?: string | null;
  logger?: Logger;
  progress?: Progress;
  /** notebooks written per transaction */
  batchSize?: number;
}

export interface IngestFailure {
  path: string;
  reason: IngestReason;
  message: string;
}

export interface IngestSummary {
  files: number;
  ingested: number;
  unchanged: number;
  failed: number;
  missing: string[];
  byReason: Partial<Record<IngestReason, number>>;
  byCompetition: Record<string, number>;
  failures: IngestFailure[];
}

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

/** Kaggle competition slugs are lower-case words joined by hyphens. */
export function toSlug(name: string): string | null {
  const slug = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return SLUG.test(slug) ? slug : null;
}

export function validateCompetition(slug: string): string {
  if (!SLUG.test(slug)) throw new UsageError(`--competition must be a Kaggle slug (lower-case letters, digits, hyphens), got "${slug}"`);
  return slug;
}

export function notebookId(competition: string, sha256: string, ref = ''): string {
  return `nb_${createHash('sha256').update(`${competition}\n${ref}\n${sha256}`).digest('hex').slice(0, 16)}`;
}

export function sha256Hex(bytes: Uint8Array | string): string {
  return createHash('sha256').update(bytes).digest('hex');
}

async function hashFile(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

/** Turn a parsed notebook into its corpus rows. */
export function notebookRows(
  parsed: ParsedNotebook,
  meta: { id: string; competition: string; text: string; sha256: string; size: number; path: string | null; title: string | null; runId: string | null; origin?: NotebookRow['origin'] },
): { row: NotebookRow; cells: CellRow[] } {
  const cells: CellRow[] = parsed.cells.map((c) => ({
    notebook_id: meta.id,
    cell_index: c.index,
    code_index: c.codeIndex,
    cell_type: c.type,
    source: c.source,
    execution_count: c.executionCount,
    has_outputs: c.outputs.length > 0,
    output_types: [...new Set(c.outputs.map((o) => o.output_type))],
    outputs: c.outputs.length > 0 ? c.outputs : null,
  }));
  const row: NotebookRow = {
    notebook_id: meta.id,
    competition: meta.competition,
    title: parsed.title ?? meta.title,
    origin: meta.origin ?? 'file',
    source_path: meta.path,
    language: parsed.language,
    kind: parsed.kind,
    nbformat: parsed.nbformat,
    nbformat_minor: parsed.nbformatMinor,
    kernel_name: parsed.kernelName,
    language_version: parsed.languageVersion,
    has_kaggle_metadata: parsed.kaggleMetadata !== null,
    kaggle_metadata: parsed.kaggleMetadata,
    source: meta.text,
    sha256: meta.sha256,
    size_bytes: meta.size,
    cell_count: parsed.cells.length,
    code_cell_count: parsed.cells.filter((c) => c.type === 'code').length,
    has_outputs: cells.some((c) => c.has_outputs),
    ingested_at: new Date(),
    run_id: meta.runId,
  };
  return { row, cells };
}

export async function ingestPaths(corpus: Corpus, paths: readonly string[], options: IngestOptions): Promise<IngestSummary> {
  const logger = options.logger ?? silentLogger;
  const batchSize = options.batchSize ?? 50;
  if (options.competition !== undefined) validateCompetition(options.competition);
  const { files, missing } = walkInputs(paths, NOTEBOOK_EXTENSIONS);
  for (const m of missing) logger.error(`${m}: no such file or folder`);
  options.progress?.setTotal(files.length);
  // Meta Kaggle Code files are linked to their competition and kernel by the imported Meta Kaggle.
  const versionIds = new Map(files.map((f) => [f, metaKaggleCodeVersionId(resolve(f))] as const));
  const metaKaggle = await metaKaggleVersions(corpus, [...versionIds.values()].filter((v): v is number => v !== null));

  const summary: IngestSummary = { files: files.length, ingested: 0, unchanged: 0, failed: 0, missing, byReason: {}, byCompetition: {}, failures: [] };
  let batch: { row: NotebookRow; cells: CellRow[] }[] = [];
  let failures: IngestFailureRow[] = [];

  const flush = async () => {
    if (batch.length > 0) {
      const inserted = new Set(await insertNotebooks(corpus, batch));
      await clearIngestFailures(
        corpus,
        batch.map((b) => b.row.source_path).filter((p): p is string => !!p),
      );
      for (const b of batch) {
        if (inserted.has(b.row.notebook_id)) {
          summary.ingested += 1;
          summary.byCompetition[b.row.competition] = (summary.byCompetition[b.row.competition] ?? 0) + 1;
          logger.info('ingested', { path: b.row.source_path, notebook_id: b.row.notebook_id, competition: b.row.competition });
        } else {
          summary.unchanged += 1;
        }
      }
      batch = [];
    }
    if (failures.length > 0) {
      await recordIngestFailures(corpus, failures);
      failures = [];
    }
  };

  const fail = (row: IngestFailureRow) => {
    failures.push(row);
    summary.failed += 1;
    const reason = row.reason as IngestReason;
    summary.byReason[reason] = (summary.byReason[reason] ?? 0) + 1;
    summary.failures.push({ path: row.path, reason, message: row.message });
    options.progress?.clear();
    logger.warn(`${row.path}: ${row.reason}: ${row.message}`, { path: row.path, reason: row.reason });
  };

  for (const file of files) {
    const path = resolve(file);
    options.progress?.tick(basename(file), 0);
    const versionId = versionIds.get(file) ?? null;
    const codeInfo = versionId === null ? undefined : metaKaggle.get(versionId);
    const competition = options.competition ?? (versionId === null ? toSlug(basename(dirname(path))) : (codeInfo?.competition ?? null));
    let size: number | null = null;
    let sha = '';
    try {
      const st = statSync(path);
      if (st.isDirectory()) throw new InvalidNotebookError('unreadable', 'the folder cannot be read');
      size = st.size;
      if (size > options.maxBytes) {
        sha = await hashFile(path);
        throw new InvalidNotebookError('too_large', `the file has ${size} bytes, over the limit of ${options.maxBytes} (HOOKMINE_MAX_NOTEBOOK_BYTES)`);
      }
      let bytes: Buffer;
      try {
        bytes = readFileSync(path);
      } catch (error) {
        throw new InvalidNotebookError('unreadable', `the file cannot be read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
      }
      sha = sha256Hex(bytes);
      const parsed = parseNotebookFile(path, bytes);
      if (!competition && versionId !== null) {
        throw new InvalidNotebookError(
          'no_competition',
          `Meta Kaggle Code file of kernel version ${versionId}, which the imported Meta Kaggle does not link to a competition; run hookmine import-meta-kaggle first, or pass --competition`,
        );
      }
      if (!competition) {
        throw new InvalidNotebookError('no_competition', `cannot tell the competition from the folder name "${basename(dirname(path))}"; pass --competition`);
      }
      const title = basename(path, extname(path));
      const rows = notebookRows(parsed.notebook, {
        id: notebookId(competition, sha, codeInfo?.ref ?? ''),
        competition,
        text: parsed.text,
        sha256: sha,
        size: bytes.length,
        path,
        title,
        runId: options.runId ?? null,
      });
      if (versionId !== null) applyMetaKaggleCode(rows.row, versionId, codeInfo);
      batch.push(rows);
    } catch (error) {
      if (!(error instanceof InvalidNotebookError)) throw error;
      fail({ path, sha256: sha, size_bytes: size, competition: competition ?? null, reason: error.reason, message: error.detail, run_id: options.runId ?? null });
    }
    options.progress?.tick(basename(file));
    if (batch.length >= batchSize) await flush();
  }
  await flush();
  options.progress?.done();
  return summary;
}
