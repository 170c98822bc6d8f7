// Small helpers over tree-sitter nodes shared by the repair rules. Pure.
import type { SyntaxNode } from '../python/parser.js';

export function named(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c): c is SyntaxNode => c !== null);
}

export function children(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((c): c is SyntaxNode => c !== null);
}

/** Visit every named node in document order; return false from `visit` to skip a subtree. */
export function walk(node: SyntaxNode, visit: (n: SyntaxNode) => boolean | void): void {
  if (visit(node) === false) return;
  for (const c of named(node)) walk(c, visit);
}

/** `a.b.c` of an identifier/attribute chain, or null for anything else (calls, subscripts). */
export function dottedName(node: SyntaxNode | null): string | null {
  if (!node) return null;
  if (node.type === 'identifier') return node.text;
  if (node.type === 'attribute') {
    const obj = dottedName(node.childForFieldName('object'));
    const attr = node.childForFieldName('attribute');
    return obj && attr ? `${obj}.${attr.text}` : null;
  }
  return null;
}

/** The value of a plain string literal (no f-string interpolation, no implicit concatenation). */
export function stringValue(node: SyntaxNode | null): string | undefined {
  if (!node || node.type !== 'string') return undefined;
  if (named(node).some((c) => c.type === 'interpolation')) return undefined;
  return named(node)
    .filter((c) => c.type === 'string_content')
    .map((c) => c.text)
    .join('');
}

/** The quote prefix and quote of a string literal (`r'`, `"`, `'''`). */
export function stringDelimiters(node: SyntaxNode): { prefix: string; quote: string } {
  const m = /^([A-Za-z]*)('''|"""|'|")/.exec(node.text);
  return { prefix: m?.[1] ?? '', quote: m?.[2] ?? "'" };
}

/** Arguments of a call: positional ones, keyword ones, and whether it splats (*a, **k). */
export interface CallArgs {
  positional: SyntaxNode[];
  keywords: { name: string; node: SyntaxNode; value: SyntaxNode }[];
  splat: boolean;
  list: SyntaxNode | null;
}

export function callArgs(call: SyntaxNode): CallArgs {
  const list = call.childForFieldName('arguments');
  const out: CallArgs = { positional: [], keywords: [], splat: false, list };
  if (!list || list.type !== 'argument_list') return out;
  for (const a of named(list)) {
    if (a.type === 'comment') continue;
    if (a.type === 'keyword_argument') {
      const name = a.childForFieldName('name');
      const value = a.childForFieldName('value');
      if (name && value) out.keywords.push({ name: name.text, node: a, value });
    } else if (a.type === 'list_splat' || a.type === 'dictionary_splat') out.splat = true;
    else out.positional.push(a);
  }
  return out;
}

/** Whether the node lies inside a subtree with a parse error (rules leave broken code alone). */
export function inError(node: SyntaxNode): boolean {
  for (let n: SyntaxNode | null = node; n; n = n.parent) if (n.isError) return true;
  return node.hasError;
}

/** The range that deletes one argument from its argument list, with the comma that separates it. */
export function argumentRemoval(arg: SyntaxNode): { start: number; end: number } {
  const list = arg.parent;
  if (!list) return { start: arg.startIndex, end: arg.endIndex };
  const parts = children(list);
  const i = parts.findIndex((c) => c.id === arg.id);
  const prev = parts[i - 1];
  const next = parts[i + 1];
  // `f(a, b=1)` -> `f(a)`: drop the comma before; `f(b=1, a)` -> `f(a)`: drop the comma after
  if (prev?.type === ',') return { start: prev.startIndex, end: arg.endIndex };
  if (next?.type === ',') {
    const after = parts[i + 2];
    return { start: arg.startIndex, end: after ? after.startIndex : next.endIndex };
  }
  return { start: arg.startIndex, end: arg.endIndex };
}

/** Whether the dotted name lives in package `pkg` (`sklearn.svm.SVC` in `sklearn`). */
export function inPackage(name: string | null, pkg: string): boolean {
  return name !== null && (name === pkg || name.startsWith(`${pkg}.`));
}
