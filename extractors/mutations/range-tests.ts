// Range tests: whether a flipped comparison and the other test of its `&` / `|` end up on the same
// side of one operand, so one of them is redundant (used by the flipped_comparison operator). Pure.
import type { SyntaxNode } from '../python/parser.js';
import { comparisonOperator, named } from './syntax.js';

const BELOW = new Set(['<', '<=']);
const ABOVE = new Set(['>', '>=']);

/** The side of `subject` a one-operator ordering comparison keeps ('below' for `x < b` and `b > x`). */
function sideOf(comparison: SyntaxNode, op: string, subject: string): 'below' | 'above' | undefined {
  const [left, right] = named(comparison);
  const side = BELOW.has(op) ? 'below' : ABOVE.has(op) ? 'above' : undefined;
  if (!side || !left || !right) return undefined;
  if (left.text === subject) return side;
  if (right.text === subject) return side === 'below' ? 'above' : 'below';
  return undefined;
}

function unparenthesised(node: SyntaxNode): SyntaxNode {
  let n = node;
  while (n.type === 'parenthesized_expression' && named(n).length === 1) n = named(n)[0] as SyntaxNode;
  return n;
}

/**
 * Whether flipping `comparison` to the operator `flipped` leaves it and the other test of its `|`,
 * `&`, `or` or `and` on the same side of the same operand: `(values < lower) | (values > upper)` ->
 * `(values < lower) | (values < upper)`. One of the two tests is then redundant, code no analyst
 * writes and no question can make right, so the style alone gives the mutant away (the IQR fences
 * were the shortcut audit's strongest family).
 */
export function redundantAfterFlip(comparison: SyntaxNode, flipped: string): boolean {
  let node = comparison;
  let parent = node.parent;
  while (parent?.type === 'parenthesized_expression') [node, parent] = [parent, parent.parent];
  if (!parent || !['binary_operator', 'boolean_operator'].includes(parent.type)) return false;
  const joiner = parent.children.find((c) => c !== null && !c.isNamed)?.type ?? '';
  if (!['|', '&', 'or', 'and'].includes(joiner)) return false;
  const other = named(parent).find((c) => c.startIndex !== node.startIndex || c.endIndex !== node.endIndex);
  const partner = other ? unparenthesised(other) : undefined;
  if (partner?.type !== 'comparison_operator') return false;
  const partnerOp = comparisonOperator(partner);
  if (!partnerOp) return false;
  for (const operand of named(comparison)) {
    const mine = sideOf(comparison, flipped, operand.text);
    if (mine !== undefined && mine === sideOf(partner, partnerOp.type, operand.text)) return true;
  }
  return false;
}
