// Relative data folders that name the competition's files only once joined: `PATH = 'data/'` and
// later `pd.read_csv(PATH + 'train.csv')`, `os.path.join('input', 'test.csv')`, `Path('data') /
// 'train.csv'`. The execute stage remaps whole path literals; a folder literal joined to a
// competition file name is this rule's: the folder becomes the competition's input folder. A
// folder variable also joined to names that are not competition files (an output written next to
// the data) is left alone: the input folder is read-only. Reads of `./train.csv` and `../train.csv`
// are the second rule here. Pure.
import type { SyntaxNode } from '../python/parser.js';
import { resolveName } from './imports.js';
import { callArgs, named, stringDelimiters, stringValue, walk } from './tree.js';
import type { RepairRule, RuleContext, RuleEdit } from './types.js';

/** A relative folder (`data/`, `./input`, `../data/titanic/`): not Kaggle's layout, not a file. */
function relativeFolder(value: string): boolean {
  if (value === '' || value === '.' || value.startsWith('/') || /^[A-Za-z]:/.test(value) || value.startsWith('~')) return false;
  if (/^\.\.\/input(\/|$)/.test(value)) return false; // Kaggle's own (flat) layout
  if (!/^(\.{1,2}\/)*[\w.\- ]+(\/[\w.\- ]+)*\/?$/.test(value) && value !== './' && value !== '../') return false;
  const last = value.replace(/\/$/, '').split('/').pop() ?? '';
  return !/\.[A-Za-z0-9]{1,8}$/.test(last) || last === '.' || last === '..';
}

function competitionFile(ctx: RuleContext, value: string | undefined): boolean {
  if (!value) return false;
  const v = value.replace(/^\/+/, '');
  return ctx.dataFiles.some((f) => f === v || f.split('/').pop() === v);
}

function inputFolder(ctx: RuleContext, trailingSlash: boolean): string {
  return `/kaggle/input/${ctx.competition}${trailingSlash ? '/' : ''}`;
}

function literal(node: SyntaxNode, value: string): string {
  const { quote } = stringDelimiters(node);
  return `${quote}${value}${quote}`;
}

/** The parts joined into a path: `a + b`, `os.path.join(a, b)`, `Path(a) / b`, f'{a}b.csv'. */
function joinedParts(ctx: RuleContext, n: SyntaxNode): { folder: SyntaxNode; file: string | undefined }[] {
  if (n.type === 'binary_operator') {
    const op = n.children.find((c) => c !== null && !c.isNamed)?.type;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    if (!left || !right) return [];
    if (op === '+') return [{ folder: left, file: stringValue(right) }];
    if (op === '/' && left.type === 'call' && /(^|\.)Path$/.test(resolveName(left.childForFieldName('function'), ctx.imports) ?? '')) {
      const inner = callArgs(left).positional[0];
      return inner ? [{ folder: inner, file: stringValue(right) }] : [];
    }
  }
  if (n.type === 'call' && resolveName(n.childForFieldName('function'), ctx.imports) === 'os.path.join') {
    const args = callArgs(n).positional;
    if (args.length >= 2) return [{ folder: args[0] as SyntaxNode, file: args.slice(1).map((a) => stringValue(a)).every((v) => v !== undefined) ? args.slice(1).map((a) => stringValue(a)).join('/') : undefined }];
  }
  if (n.type === 'string' && /^[fF]/.test(stringDelimiters(n).prefix)) {
    // f'{DATA}train.csv': the name interpolated first, then literal text
    const parts = named(n).filter((c) => c.type !== 'string_start' && c.type !== 'string_end');
    const first = parts[0];
    const rest = parts.slice(1);
    if (first?.type === 'interpolation' && rest.every((r) => r.type === 'string_content')) {
      const expr = named(first)[0];
      if (expr) return [{ folder: expr, file: rest.map((r) => r.text).join('') }];
    }
  }
  return [];
}

export const dataFolders: RepairRule = {
  name: 'data-folder',
  family: 'paths',
  description: "relative folders joined to competition file names (PATH = 'data/'; read_csv(PATH + 'train.csv')) become the competition's input folder",
  apply(ctx) {
    if (!ctx.competition || ctx.dataFiles.length === 0) return [];
    const edits: RuleEdit[] = [];
    // folder variables: the literal assigned, and whether every join names a competition file
    const uses = new Map<string, { dataFile: boolean; other: boolean }>();
    const joins: { folder: SyntaxNode; file: string | undefined }[] = [];
    for (const root of ctx.notebook) {
      walk(root, (n) => {
        for (const j of joinedParts(ctx, n)) if (j.folder.type === 'identifier') joins.push(j);
      });
    }
    walk(ctx.root, (n) => {
      for (const j of joinedParts(ctx, n)) if (j.folder.type !== 'identifier') joins.push(j);
    });
    for (const j of joins) {
      const data = competitionFile(ctx, j.file);
      if (j.folder.type === 'identifier') {
        const u = uses.get(j.folder.text) ?? { dataFile: false, other: false };
        if (data) u.dataFile = true;
        else u.other = true;
        uses.set(j.folder.text, u);
      } else if (data) {
        const value = stringValue(j.folder);
        if (value !== undefined && relativeFolder(value) && !/^[fFbB]/.test(stringDelimiters(j.folder).prefix)) {
          edits.push({ start: j.folder.startIndex, end: j.folder.endIndex, text: literal(j.folder, inputFolder(ctx, value.endsWith('/'))), detail: `relative folder '${value}' joined to '${j.file}', a file of the competition data` });
        }
      }
    }
    return edits.concat(folderAssignments(ctx, uses));
  },
};

/** `PATH = 'data/'` where PATH is only ever joined to competition files (in any cell). */
function folderAssignments(ctx: RuleContext, uses: Map<string, { dataFile: boolean; other: boolean }>): RuleEdit[] {
  const edits: RuleEdit[] = [];
  walk(ctx.root, (n) => {
    if (n.type !== 'assignment') return;
    const left = n.childForFieldName('left');
    const right = n.childForFieldName('right');
    const value = stringValue(right);
    if (left?.type !== 'identifier' || !right || value === undefined || !relativeFolder(value)) return;
    const use = uses.get(left.text);
    if (!use?.dataFile || use.other) return;
    edits.push({ start: right.startIndex, end: right.endIndex, text: literal(right, inputFolder(ctx, value.endsWith('/'))), detail: `folder variable ${left.text} = '${value}' is joined to files of the competition data` });
  });
  return edits;
}

const READ_FUNCTIONS = /(?:^|\.)(?:read_csv|read_table|read_excel|read_parquet|read_json|read_pickle|read_feather|read_hdf|loadtxt|genfromtxt|open)$/;

/** `pd.read_csv('./train.csv')`, `open('../test.csv')`: a competition file read relative to a folder that is not Kaggle's. */
export const dataRelativeFiles: RepairRule = {
  name: 'data-relative-file',
  family: 'paths',
  description: "competition files read through ./ or ../ (pd.read_csv('./train.csv')) come from the competition's input folder",
  apply(ctx) {
    if (!ctx.competition || ctx.dataFiles.length === 0) return [];
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n) => {
      if (n.type !== 'call') return;
      const fn = n.childForFieldName('function');
      const name = fn?.type === 'identifier' || fn?.type === 'attribute' ? fn.text : '';
      if (!READ_FUNCTIONS.test(name)) return;
      const args = callArgs(n);
      const first = args.positional[0] ?? args.keywords.find((k) => ['filepath_or_buffer', 'io', 'path', 'fname', 'file'].includes(k.name))?.value;
      const value = stringValue(first ?? null);
      if (!first || value === undefined || /^[fFbB]/.test(stringDelimiters(first).prefix)) return;
      const m = /^((?:\.{1,2}\/)+)([^/]+)$/.exec(value);
      if (!m || /^\.\.\/input\//.test(value)) return;
      // open(..., 'w') writes: not a read
      const mode = args.positional[1] ?? args.keywords.find((k) => k.name === 'mode')?.value;
      if (/open$/.test(name) && /[wax]/.test(stringValue(mode ?? null) ?? '')) return;
      const file = ctx.dataFiles.find((f) => f === m[2] || f.split('/').pop() === m[2]);
      if (!file) return;
      edits.push({ start: first.startIndex, end: first.endIndex, text: literal(first, `${inputFolder(ctx, false)}/${file}`), detail: `'${value}' is a file of the competition data` });
    });
    return edits;
  },
};
