// The tree-sitter helpers the mutation operators and the counterfactual rewrites share: walking a
// tree, reading and rewriting string literals, a method call's parts, literals and column reads,
// and Python's operator precedence. Pure.
import type { SyntaxNode } from '../python/parser.js';

export function named(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c): c is SyntaxNode => c !== null);
}

const COMPARISON_OPERATORS = new Set(['<', '>', '<=', '>=', '==', '!=']);

/** The operator of a comparison with exactly one (`a < b`), or undefined (`a < b < c`, `a in b`). */
export function comparisonOperator(comparison: SyntaxNode): SyntaxNode | undefined {
  const ops = comparison.children.filter((c): c is SyntaxNode => c !== null && !c.isNamed && COMPARISON_OPERATORS.has(c.type));
  return ops.length === 1 ? ops[0] : undefined;
}

export function walk(node: SyntaxNode, visit: (n: SyntaxNode) => void): void {
  visit(node);
  for (const c of named(node)) walk(c, visit);
}

export function stringContent(node: SyntaxNode): string | undefined {
  if (node.type !== 'string' || node.namedChildren.some((c) => c?.type === 'interpolation')) return undefined;
  return named(node)
    .filter((c) => c.type === 'string_content')
    .map((c) => c.text)
    .join('');
}

export function quoteOf(node: SyntaxNode): string {
  return node.text.trimStart().match(/^[rbuRBUfF]*(['"]{1,3})/)?.[1] ?? "'";
}

export function replaceString(node: SyntaxNode, value: string): string {
  const quote = quoteOf(node);
  return `${quote}${value}${quote}`;
}

export function methodOf(call: SyntaxNode): { name: string; node: SyntaxNode; object: SyntaxNode | null } | undefined {
  const fn = call.childForFieldName('function');
  if (fn?.type !== 'attribute') return undefined;
  const attr = fn.childForFieldName('attribute');
  return attr ? { name: attr.text, node: attr, object: fn.childForFieldName('object') } : undefined;
}

const LITERAL_TYPES = new Set(['integer', 'float', 'string', 'concatenated_string', 'true', 'false', 'none']);

/** A literal value, or a negated one (`-3`). */
export function isLiteral(node: SyntaxNode): boolean {
  if (node.type === 'unary_operator') return named(node).every(isLiteral);
  return LITERAL_TYPES.has(node.type);
}

/** Whether a node reads a column by a string subscript (`df["Age"]`). */
export function readsColumn(node: SyntaxNode): boolean {
  let found = false;
  walk(node, (n) => {
    if (n.type === 'subscript' && n.childForFieldName('subscript')?.type === 'string') found = true;
  });
  return found;
}

// Python's binding strength of an expression node (higher binds tighter), for parenthesising only
// where the grammar needs it: a mutant's redundant `(b) - (a)` is a spelling no gold program has.
export const BINARY_PRECEDENCE: Record<string, number> = {
  '|': 6, '^': 7, '&': 8, '<<': 9, '>>': 9, '+': 10, '-': 10, '*': 11, '/': 11, '//': 11, '%': 11, '@': 11, '**': 13,
};

export function precedence(node: SyntaxNode): number {
  switch (node.type) {
    case 'named_expression':
    case 'yield':
      return -1;
    case 'lambda':
      return 0;
    case 'conditional_expression':
      return 1;
    case 'boolean_operator':
      return node.children.some((c) => c?.type === 'or') ? 2 : 3;
    case 'not_operator':
      return 4;
    case 'comparison_operator':
      return 5;
    case 'binary_operator':
      return BINARY_PRECEDENCE[node.children.find((c) => c !== null && !c.isNamed)?.type ?? ''] ?? 15;
    case 'unary_operator':
      return 12;
    case 'await':
      return 14;
    default:
      return 15;
  }
}
