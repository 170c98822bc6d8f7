// Column names a program makes up for a result it computed: the labels it gives a reshaped table's
// axes and values (`rename_axis("value").reset_index(name="n")`, `.to_frame("share")`,
// `rename(columns={"Age": "age_years"})`, `agg(total=...)`, `pd.DataFrame({"k": ...})`). They are
// the program's own bookkeeping, not columns of the data: a mutant that reads `table["value"]` for
// `table["n"]`, or drops "a" from `pairs[["a", "b"]]`, is a mistake its spelling gives away, not a
// column an analyst could have confused. wrong_column and dropped_feature leave them alone. Columns a
// program derives from the data by assignment (`df["FamilySize"] = ...`, `assign(...)`) are
// features, and stay mutable. Pure.
import type { SyntaxNode } from '../python/parser.js';
import type { Program } from '../python/program.js';
import { methodOf, named, stringContent, walk } from './syntax.js';

/** Methods whose string (or list of strings) arguments name a result's axes or values. */
const NAMING_METHODS = new Set(['rename_axis', 'set_axis', 'to_frame', 'add_prefix', 'add_suffix']);
/** Keywords that name a result's values or index levels, in any call. */
const NAMING_KEYWORDS = new Set(['name', 'names', 'value_name', 'var_name']);

function strings(node: SyntaxNode): string[] {
  const own = stringContent(node);
  if (own !== undefined) return [own];
  if (node.type !== 'list' && node.type !== 'tuple') return [];
  return named(node).flatMap((c) => stringContent(c) ?? []);
}

/**
 * A list that names a result's axes or values (`rename_axis(["a", "b"])`, `names=[...]`) rather than
 * selects columns: dropped_feature leaves it alone, whatever names it holds.
 */
export function isNamingList(list: SyntaxNode): boolean {
  const parent = list.parent;
  if (parent?.type === 'keyword_argument') return NAMING_KEYWORDS.has(parent.childForFieldName('name')?.text ?? '');
  const call = parent?.type === 'argument_list' ? parent.parent : null;
  const method = call?.type === 'call' ? methodOf(call) : undefined;
  return method !== undefined && NAMING_METHODS.has(method.name);
}

/** The names a call gives its result. */
function namesOfCall(call: SyntaxNode): string[] {
  const args = call.childForFieldName('arguments');
  if (!args) return [];
  const out: string[] = [];
  const method = methodOf(call);
  const fn = call.childForFieldName('function');
  const callee = method?.name ?? fn?.text ?? '';
  // read_csv(names=[...]) names the data's own columns
  if (/(^|\.)read_\w+$/.test(callee)) return [];
  for (const a of named(args)) {
    if (a.type === 'keyword_argument') {
      const key = a.childForFieldName('name')?.text ?? '';
      const value = a.childForFieldName('value');
      if (!value) continue;
      if (NAMING_KEYWORDS.has(key)) out.push(...strings(value));
      // rename(columns={"old": "new"}): the new names
      else if (key === 'columns' && callee === 'rename' && value.type === 'dictionary') {
        for (const pair of named(value)) if (pair.type === 'pair') out.push(...strings(pair.childForFieldName('value') ?? pair));
      }
      // agg(total=("x", "sum")) and named aggregations: the keywords are the new columns
      else if (callee === 'agg' || callee === 'aggregate') out.push(key);
      // pd.DataFrame(..., columns=[...])
      else if (key === 'columns' && /DataFrame$/.test(callee)) out.push(...strings(value));
    } else if (NAMING_METHODS.has(callee)) {
      out.push(...strings(a));
    } else if (/DataFrame$/.test(callee) && a.type === 'dictionary') {
      for (const pair of named(a)) if (pair.type === 'pair') out.push(...strings(pair.childForFieldName('key') ?? pair));
    }
  }
  return out;
}

/**
 * Every column name the program makes up for a computed result, less the columns of the tables it
 * reads from files (`columns`: the gold run's captured columns by variable): a submission frame
 * built as `pd.DataFrame({"Survived": preds})` reuses a data column's name, which stays mutable.
 */
export function madeNames(program: Program, columns: ReadonlyMap<string, readonly string[]> = new Map()): Set<string> {
  const out = new Set<string>();
  const data = new Set<string>();
  for (const s of program.statements) {
    walk(s.node, (n) => {
      if (n.type === 'call') for (const name of namesOfCall(n)) out.add(name);
    });
    if (s.use.calls.some((c) => c.startsWith('read_'))) for (const v of s.use.writes) for (const c of columns.get(v) ?? []) data.add(c);
  }
  for (const c of data) out.delete(c);
  return out;
}
