// CSV files (a notebook's submission against Kaggle's): parsed per RFC 4180, then compared as
// tables: same columns, rows aligned by the id column, prediction values within tolerance.
import { compareTables, type Table } from './table.js';
import { DEFAULT_TOLERANCE, mismatch, type MatchResult, type Tolerance } from './tolerance.js';

/** Parse CSV text: quoted fields, doubled quotes, CRLF or LF, a trailing newline or not. */
export function parseCsv(text: string, delimiter = ','): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  let i = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === '') quoted = true;
    else if (ch === delimiter) {
      row.push(field);
      field = '';
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

/** A CSV as a table: the first row is the header. Blank lines are skipped. */
export function csvTable(text: string): Table {
  const rows = parseCsv(text).filter((r) => !(r.length === 1 && r[0] === ''));
  const [header = [], ...body] = rows;
  return { columns: header, rows: body };
}

export interface CsvCompareOptions {
  tol?: Partial<Tolerance>;
  /** id columns; by default the first column when its name ends in "id" (PassengerId, Id, id) */
  idColumns?: string[];
  /** without an id column, compare rows as a multiset */
  ignoreRowOrder?: boolean;
}

// id, Id, ID, row_id, PassengerId, customerID; not words that merely end in "id" (Paid).
const ID_COLUMN = /^(?:id|ID|Id|.+_(?:id|ID)|.*[a-z0-9]Id|.*[a-z0-9]ID)$/;

/** Guess a submission's id column: the first column, when it is named like an id. */
export function guessIdColumns(columns: string[]): string[] {
  const first = columns[0];
  return first !== undefined && ID_COLUMN.test(first.trim()) ? [first] : [];
}

export function compareCsv(expected: string, actual: string, options: CsvCompareOptions = {}): MatchResult {
  const tol: Tolerance = { ...DEFAULT_TOLERANCE, ...options.tol };
  const exp = csvTable(expected);
  const act = csvTable(actual);
  if (exp.columns.length === 0) return act.columns.length === 0 ? { match: true } : mismatch('the expected CSV is empty');
  const width = exp.columns.length;
  const ragged = exp.rows.findIndex((r) => r.length !== width);
  if (ragged >= 0) return mismatch(`expected CSV row ${ragged} has ${exp.rows[ragged]?.length} fields, the header ${width}`);
  const raggedActual = act.rows.findIndex((r) => r.length !== act.columns.length);
  if (raggedActual >= 0) return mismatch(`produced CSV row ${raggedActual} has ${act.rows[raggedActual]?.length} fields, the header ${act.columns.length}`);
  const idColumns = options.idColumns ?? guessIdColumns(exp.columns);
  return compareTables(exp, act, tol, { idColumns, ignoreRowOrder: options.ignoreRowOrder });
}
