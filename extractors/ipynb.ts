// Jupyter notebooks (nbformat 4 and 3) -> typed cells. Pure: text in, records out; every way a
// document can fail to be a Python notebook is an InvalidNotebookError with its reason.
import { InvalidNotebookError } from '../src/errors.js';
import { stripBom } from './file-content.js';
import { joinSource, normalizeV3Output, normalizeV4Output, type StoredOutput } from './outputs.js';

export type CellType = 'code' | 'markdown' | 'raw';

export interface ParsedCell {
  /** position among all cells, 0-based */
  index: number;
  /** position among code cells, 0-based; null for markdown/raw */
  codeIndex: number | null;
  type: CellType;
  source: string;
  executionCount: number | null;
  outputs: StoredOutput[];
}

export interface ParsedNotebook {
  kind: 'ipynb' | 'script';
  nbformat: number | null;
  nbformatMinor: number | null;
  language: string;
  /** true when no metadata named the language and Python was assumed */
  languageAssumed: boolean;
  languageVersion: string | null;
  kernelName: string | null;
  title: string | null;
  cells: ParsedCell[];
  /** Kaggle's own run metadata (metadata.kaggle, metadata.papermill), when present */
  kaggleMetadata: Record<string, unknown> | null;
}

const NON_PYTHON: [RegExp, string][] = [
  [/^(ir|r)$/i, 'R'],
  [/julia/i, 'Julia'],
  [/^(scala|spylon|toree)/i, 'Scala'],
  [/^(sql|sqlite)/i, 'SQL'],
  [/^(javascript|typescript|deno|node)/i, 'JavaScript'],
  [/^(bash|sh|zsh)$/i, 'Bash'],
];

function asRecord(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function str(value: unknown): string | null {
  return typeof value === 'string' && value.trim() !== '' ? value.trim() : null;
}

/** Decide the notebook's language from its metadata; throws for anything but Python. */
export function notebookLanguage(metadata: Record<string, unknown>, cellLanguages: string[] = []): { language: string; assumed: boolean } {
  const kernelspec = asRecord(metadata.kernelspec);
  const languageInfo = asRecord(metadata.language_info);
  const candidates = [
    str(languageInfo.name),
    str(kernelspec.language),
    str(metadata.language),
    str(kernelspec.name),
    ...cellLanguages.map(str),
  ].filter((c): c is string => c !== null);
  if (candidates.length === 0) return { language: 'python', assumed: true };
  const first = candidates[0] as string;
  if (/python|^py|ipython/i.test(first)) return { language: 'python', assumed: false };
  for (const [pattern, name] of NON_PYTHON) {
    if (pattern.test(first)) {
      throw new InvalidNotebookError('unsupported_language', `the notebook's kernel is ${name} (${first}); only Python notebooks are supported`);
    }
  }
  throw new InvalidNotebookError('unsupported_language', `the notebook's kernel language is ${first}; only Python notebooks are supported`);
}

function kaggleMetadataOf(metadata: Record<string, unknown>): Record<string, unknown> | null {
  const out: Record<string, unknown> = {};
  if (metadata.kaggle !== undefined) out.kaggle = metadata.kaggle;
  if (metadata.papermill !== undefined) {
    const pm = { ...asRecord(metadata.papermill) };
    delete pm.parameters; // user parameters, not run metadata
    out.papermill = pm;
  }
  return Object.keys(out).length > 0 ? out : null;
}

function cellTypeOf(raw: unknown, where: string): CellType {
  if (raw === 'code' || raw === 'markdown' || raw === 'raw') return raw;
  if (raw === 'heading') return 'markdown'; // nbformat 3 heading cells are markdown in v4
  throw new InvalidNotebookError('invalid_notebook', `${where} has an unknown cell_type ${JSON.stringify(raw)}`);
}

function parseV4(doc: Record<string, unknown>, nbformatMinor: number | null): ParsedNotebook {
  if (!Array.isArray(doc.cells)) throw new InvalidNotebookError('invalid_notebook', '"cells" is not a list');
  const metadata = asRecord(doc.metadata);
  const { language, assumed } = notebookLanguage(metadata);
  let codeIndex = 0;
  const cells = doc.cells.map((raw, index): ParsedCell => {
    const where = `cell ${index}`;
    if (!raw || typeof raw !== 'object') throw new InvalidNotebookError('invalid_notebook', `${where} is not an object`);
    const cell = raw as Record<string, unknown>;
    const type = cellTypeOf(cell.cell_type, where);
    const source = joinSource(cell.source ?? '');
    if (source === undefined) throw new InvalidNotebookError('invalid_notebook', `${where} has a source that is neither text nor a list of lines`);
    const outputs = type === 'code' && Array.isArray(cell.outputs) ? cell.outputs.map(normalizeV4Output).filter((o): o is StoredOutput => !!o) : [];
    return {
      index,
      codeIndex: type === 'code' ? codeIndex++ : null,
      type,
      source,
      executionCount: typeof cell.execution_count === 'number' ? cell.execution_count : null,
      outputs,
    };
  });
  const languageInfo = asRecord(metadata.language_info);
  return {
    kind: 'ipynb',
    nbformat: 4,
    nbformatMinor,
    language,
    languageAssumed: assumed,
    languageVersion: str(languageInfo.version),
    kernelName: str(asRecord(metadata.kernelspec).name),
    title: str(metadata.title) ?? str(metadata.name),
    cells,
    kaggleMetadata: kaggleMetadataOf(metadata),
  };
}

function parseV3(doc: Record<string, unknown>, nbformatMinor: number | null): ParsedNotebook {
  const worksheets = doc.worksheets;
  if (!Array.isArray(worksheets)) throw new InvalidNotebookError('invalid_notebook', 'nbformat 3 notebook without a "worksheets" list');
  const rawCells: unknown[] = [];
  for (const ws of worksheets) {
    const cells = asRecord(ws).cells;
    if (cells !== undefined && !Array.isArray(cells)) throw new InvalidNotebookError('invalid_notebook', 'a worksheet\'s "cells" is not a list');
    if (Array.isArray(cells)) rawCells.push(...cells);
  }
  const metadata = asRecord(doc.metadata);
  const cellLanguages = rawCells.map((c) => asRecord(c).language).filter((l): l is string => typeof l === 'string');
  const { language, assumed } = notebookLanguage(metadata, cellLanguages);
  let codeIndex = 0;
  const cells = rawCells.map((raw, index): ParsedCell => {
    const where = `cell ${index}`;
    if (!raw || typeof raw !== 'object') throw new InvalidNotebookError('invalid_notebook', `${where} is not an object`);
    const cell = raw as Record<string, unknown>;
    const type = cellTypeOf(cell.cell_type, where);
    const source = joinSource(type === 'code' ? (cell.input ?? '') : (cell.source ?? ''));
    if (source === undefined) throw new InvalidNotebookError('invalid_notebook', `${where} has a source that is neither text nor a list of lines`);
    const heading = cell.cell_type === 'heading' && typeof cell.level === 'number' ? `${'#'.repeat(cell.level)} ` : '';
    const outputs = type === 'code' && Array.isArray(cell.outputs) ? cell.outputs.map(normalizeV3Output).filter((o): o is StoredOutput => !!o) : [];
    return {
      index,
      codeIndex: type === 'code' ? codeIndex++ : null,
      type,
      source: heading + source,
      executionCount: typeof cell.prompt_number === 'number' ? cell.prompt_number : null,
      outputs,
    };
  });
  return {
    kind: 'ipynb',
    nbformat: 3,
    nbformatMinor,
    language,
    languageAssumed: assumed,
    languageVersion: str(asRecord(metadata.language_info).version),
    kernelName: str(asRecord(metadata.kernelspec).name),
    title: str(metadata.name),
    cells,
    kaggleMetadata: kaggleMetadataOf(metadata),
  };
}

/** Parse a .ipynb document. */
export function parseIpynb(text: string): ParsedNotebook {
  let doc: unknown;
  try {
    doc = JSON.parse(stripBom(text));
  } catch (error) {
    throw new InvalidNotebookError('invalid_json', `the file is not valid JSON (${(error as Error).message})`);
  }
  if (!doc || typeof doc !== 'object' || Array.isArray(doc)) {
    throw new InvalidNotebookError('not_a_notebook', `the JSON document is ${Array.isArray(doc) ? 'a list' : typeof doc === 'object' ? 'null' : `a ${typeof doc}`}, not a notebook object`);
  }
  const record = doc as Record<string, unknown>;
  const hasNotebookShape = 'cells' in record || 'worksheets' in record || 'nbformat' in record;
  if (!hasNotebookShape) {
    const keys = Object.keys(record).slice(0, 5).join(', ');
    throw new InvalidNotebookError('not_a_notebook', `the JSON document has no "cells", "worksheets" or "nbformat" (keys: ${keys || 'none'})`);
  }
  const minor = typeof record.nbformat_minor === 'number' ? record.nbformat_minor : null;
  const nbformat = record.nbformat;
  if (nbformat === undefined) {
    // Hand-made documents sometimes omit the version; the shape decides.
    return Array.isArray(record.worksheets) ? parseV3(record, minor) : parseV4(record, minor);
  }
  if (nbformat === 4) return parseV4(record, minor);
  if (nbformat === 3) return parseV3(record, minor);
  throw new InvalidNotebookError('unsupported_nbformat', `nbformat ${JSON.stringify(nbformat)} is not supported (only 3 and 4)`);
}
