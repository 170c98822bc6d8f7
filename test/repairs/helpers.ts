// Rules on snippets: facts written here describe an installed library the way the introspection
// reports it, so each rule is tested on the API shapes it must handle (old and new).
import { spawnSync } from 'node:child_process';
import { loadPythonParser, type PythonParser } from '../../extractors/python/parser.js';
import { applyRules, type RuleOutcome } from '../../extractors/repairs/apply.js';
import { LibraryFacts, type NameFacts, type ParamInfo, type RepairRule } from '../../extractors/repairs/types.js';

let parser: PythonParser | undefined;
export async function pythonParser(): Promise<PythonParser> {
  parser ??= await loadPythonParser();
  return parser;
}

export function facts(entries: Record<string, NameFacts> = {}): LibraryFacts {
  return new LibraryFacts(new Map(Object.entries(entries)));
}

export const ABSENT: NameFacts = { exists: false };
export const PRESENT: NameFacts = { exists: true, kind: 'other' };

/** A signature from a compact spelling: `a, b=1, *, c=None, **kw` (as inspect.signature prints it). */
export function signature(text: string, extra: Partial<NameFacts> = {}): NameFacts {
  const params: ParamInfo[] = [];
  let kind: ParamInfo['kind'] = 'POSITIONAL_OR_KEYWORD';
  for (const raw of text.split(',').map((s) => s.trim()).filter(Boolean)) {
    if (raw === '*') {
      kind = 'KEYWORD_ONLY';
      continue;
    }
    if (raw === '/') {
      for (const p of params) p.kind = 'POSITIONAL_ONLY';
      continue;
    }
    if (raw.startsWith('**')) params.push({ name: raw.slice(2), kind: 'VAR_KEYWORD', default: null });
    else if (raw.startsWith('*')) {
      params.push({ name: raw.slice(1), kind: 'VAR_POSITIONAL', default: null });
      kind = 'KEYWORD_ONLY';
    } else {
      const [name, def] = raw.split('=');
      params.push({ name: (name as string).trim(), kind, default: def === undefined ? null : def.trim() });
    }
  }
  return { exists: true, kind: 'function', params, ...extra };
}

export interface SnippetOptions {
  rules: readonly RepairRule[];
  facts?: LibraryFacts;
  competition?: string | null;
  dataFiles?: string[];
}

/** Apply rules to notebook cells given as sources (cell i has index i). */
export async function repairCells(sources: string[], options: SnippetOptions): Promise<RuleOutcome> {
  return applyRules(
    await pythonParser(),
    sources.map((source, cellIndex) => ({ cellIndex, cellType: 'code', source })),
    { facts: options.facts ?? facts(), competition: options.competition ?? null, dataFiles: options.dataFiles ?? [], rules: options.rules },
  );
}

/** Apply rules to one snippet and return its repaired text. */
export async function repair(source: string, options: SnippetOptions): Promise<string> {
  const out = await repairCells([source], options);
  return out.cells[0]?.source ?? '';
}

/** CPython's verdict: null when the code compiles, else the SyntaxError. */
export function compileError(code: string): string | null {
  const r = spawnSync(process.env.HOOKMINE_PYTHON || '/usr/bin/python3', ['-c', 'import sys; compile(sys.stdin.read(), "<cell>", "exec")'], { input: code, encoding: 'utf8' });
  return r.status === 0 ? null : r.stderr.trim().split('\n').pop() ?? 'error';
}
