// The shapes every repair rule shares: what a rule sees (one cell's tree, the notebook's imports,
// facts about the installed libraries) and what it returns (text edits with a reason). Rules are
// pure; facts come from introspecting the interpreter that runs the notebooks (src/repair/facts.ts).
import type { SyntaxNode } from '../python/parser.js';
import type { ImportMap } from './imports.js';

/** A parameter of an installed callable, as `inspect.signature` describes it. */
export interface ParamInfo {
  name: string;
  kind: 'POSITIONAL_ONLY' | 'POSITIONAL_OR_KEYWORD' | 'VAR_POSITIONAL' | 'KEYWORD_ONLY' | 'VAR_KEYWORD';
  /** repr of the default, null when there is none */
  default: string | null;
}

/** What the introspection learnt about one dotted name (`seaborn.boxplot`, `sklearn.cross_validation`). */
export interface NameFacts {
  exists: boolean;
  kind?: 'module' | 'class' | 'function' | 'other';
  /** parameters of the callable (a class: its constructor, self left out) */
  params?: ParamInfo[];
  /** scikit-learn's declared string options per parameter (`_parameter_constraints`) */
  options?: Record<string, string[]>;
  /** version of the top-level package */
  version?: string | null;
}

/**
 * Facts about installed libraries, by dotted name. A lookup of a name the caller did not provide
 * returns undefined and is remembered in `missing`, so the stage can introspect it and apply the
 * rules again: rules never guess a library's API.
 */
export class LibraryFacts {
  readonly missing = new Set<string>();
  constructor(private readonly known: ReadonlyMap<string, NameFacts>) {}

  get(name: string): NameFacts | undefined {
    const f = this.known.get(name);
    if (f === undefined) this.missing.add(name);
    return f;
  }

  /** true / false when known, undefined when not introspected yet */
  exists(name: string): boolean | undefined {
    return this.get(name)?.exists;
  }
}

export interface RuleContext {
  /** the cell's tree, parsed from its parse view (magic lines replaced by the Python they become) */
  root: SyntaxNode;
  /** the cell's source as the tree sees it */
  source: string;
  cellIndex: number;
  /** names bound by imports anywhere in the notebook (cells share one namespace) */
  imports: ImportMap;
  /** the trees of every code cell of the notebook, in order (for names used across cells) */
  notebook: readonly SyntaxNode[];
  /** names the notebook binds itself (assignments, defs, loop variables): never treated as builtins */
  bound: ReadonlySet<string>;
  /** the notebook uses Python 2 syntax somewhere (print statements, `except E, e`) */
  python2: boolean;
  facts: LibraryFacts;
  competition: string | null;
  /** the competition's data files, relative to its folder */
  dataFiles: readonly string[];
}

/** One text replacement inside a cell, by character offsets of the rule's source. */
export interface RuleEdit {
  start: number;
  end: number;
  text: string;
  /** what this rewrite does, in a few words */
  detail: string;
}

export interface RepairRule {
  /** stable name, stored in repairs.rule (`py2-print`, `sklearn-moved-modules`, ...) */
  name: string;
  /** the family it belongs to, for summaries */
  family: 'python2' | 'sklearn' | 'pandas' | 'numpy' | 'keyword-args' | 'paths' | 'removed-api' | 'gpu';
  description: string;
  apply(ctx: RuleContext): RuleEdit[];
}
