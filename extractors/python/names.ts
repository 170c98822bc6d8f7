// Names a Python statement reads, binds and modifies in place, from its tree-sitter tree.
// Approximate by design (no aliasing analysis beyond a loop over a literal tuple of names), and
// conservative where it matters: an in-place change counts as a read and a write of the object.
import type { SyntaxNode } from './parser.js';

export interface NameUse {
  /** names whose value the statement uses */
  reads: Set<string>;
  /** names (re)bound: assignment targets, imports, defs, loop variables, `del` */
  writes: Set<string>;
  /** names whose object is modified in place: `df['x'] = ...`, `obj.a = ...`, `inplace=True`, `.fit(...)`, `.append(...)` */
  mutates: Set<string>;
  /** called functions and methods (last name segment), for role heuristics */
  calls: string[];
}

/** Methods that change their receiver in place (lists, dicts, sets, DataFrames, estimators). */
export const MUTATING_METHODS = new Set([
  'append', 'extend', 'insert', 'pop', 'remove', 'clear', 'update', 'setdefault', 'popitem', 'add', 'discard', 'sort', 'reverse',
  'fit', 'partial_fit', 'fit_transform', 'fit_predict', 'set_params', 'set_index_inplace',
]);

/** Free functions that change their first argument in place. */
const MUTATING_FUNCTIONS = new Set(['shuffle']);

export function emptyUse(): NameUse {
  return { reads: new Set(), writes: new Set(), mutates: new Set(), calls: [] };
}

/** The variable a target or receiver expression ultimately belongs to: `df.loc[i, 'x']` -> `df`. */
export function rootName(node: SyntaxNode | null): string | null {
  let n = node;
  while (n) {
    switch (n.type) {
      case 'identifier':
        return n.text;
      case 'attribute':
        n = n.childForFieldName('object');
        break;
      case 'subscript':
        n = n.childForFieldName('value');
        break;
      case 'call':
        n = n.childForFieldName('function');
        break;
      case 'parenthesized_expression':
        n = n.namedChild(0);
        break;
      default:
        return null;
    }
  }
  return null;
}

/** tree-sitter hands out a new wrapper object per access: compare nodes by id. */
function same(a: SyntaxNode | null, b: SyntaxNode | null): boolean {
  return a !== null && b !== null && a.id === b.id;
}

function named(node: SyntaxNode): SyntaxNode[] {
  return node.namedChildren.filter((c): c is SyntaxNode => c !== null);
}

class Collector {
  constructor(readonly use: NameUse) {}

  /** Names bound or modified by an assignment target. */
  target(node: SyntaxNode, alsoRead = false): void {
    switch (node.type) {
      case 'identifier':
        this.use.writes.add(node.text);
        if (alsoRead) this.use.reads.add(node.text);
        return;
      case 'pattern_list':
      case 'tuple_pattern':
      case 'list_pattern':
      case 'tuple':
      case 'list':
      case 'parenthesized_expression':
      case 'list_splat_pattern':
      case 'list_splat':
        for (const c of named(node)) this.target(c, alsoRead);
        return;
      case 'attribute': {
        const root = rootName(node);
        if (root) this.use.mutates.add(root);
        const obj = node.childForFieldName('object');
        if (obj) this.expr(obj);
        return;
      }
      case 'subscript': {
        const root = rootName(node);
        if (root) this.use.mutates.add(root);
        for (const c of named(node)) this.expr(c);
        return;
      }
      default:
        this.expr(node);
    }
  }

  /** Everything an expression (or statement) reads, with nested bindings handled. */
  expr(node: SyntaxNode): void {
    switch (node.type) {
      case 'identifier':
        this.use.reads.add(node.text);
        return;
      case 'comment':
      case 'string_content':
      case 'escape_sequence':
      case 'integer':
      case 'float':
      case 'true':
      case 'false':
      case 'none':
        return;
      case 'assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (right) this.expr(right);
        if (left) this.target(left);
        return;
      }
      case 'augmented_assignment': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (right) this.expr(right);
        if (left) this.target(left, true);
        return;
      }
      case 'named_expression': {
        const name = node.childForFieldName('name');
        const value = node.childForFieldName('value');
        if (value) this.expr(value);
        if (name) this.use.writes.add(name.text);
        return;
      }
      case 'attribute': {
        const obj = node.childForFieldName('object');
        if (obj) this.expr(obj);
        return;
      }
      case 'keyword_argument': {
        const value = node.childForFieldName('value');
        if (value) this.expr(value);
        return;
      }
      case 'call':
        this.call(node);
        return;
      case 'import_statement':
      case 'import_from_statement':
      case 'future_import_statement':
        this.imports(node);
        return;
      case 'function_definition':
      case 'class_definition':
        this.definition(node);
        return;
      case 'decorated_definition':
        for (const c of named(node)) this.expr(c);
        return;
      case 'lambda':
        this.scoped(node, paramNames(node.childForFieldName('parameters')));
        return;
      case 'list_comprehension':
      case 'set_comprehension':
      case 'dictionary_comprehension':
      case 'generator_expression':
        this.comprehension(node);
        return;
      case 'for_statement': {
        const left = node.childForFieldName('left');
        const right = node.childForFieldName('right');
        if (right) this.expr(right);
        if (left) this.target(left);
        const before = new Set(this.use.mutates);
        for (const c of named(node)) if (!same(c, left) && !same(c, right)) this.expr(c);
        // `for df in (train, test): df[...] = ...` changes train and test
        if (left?.type === 'identifier' && right && ['tuple', 'list'].includes(right.type) && this.use.mutates.has(left.text) && !before.has(left.text)) {
          for (const item of named(right)) if (item.type === 'identifier') this.use.mutates.add(item.text);
        }
        return;
      }
      case 'with_statement':
      case 'with_clause':
      case 'with_item':
        for (const c of named(node)) this.expr(c);
        return;
      case 'as_pattern': {
        // `with open(p) as f`, `except E as e`
        const [value, ...rest] = named(node);
        if (value) this.expr(value);
        for (const r of rest) {
          const t = r.type === 'as_pattern_target' ? r.namedChild(0) : r;
          if (t) this.target(t);
        }
        return;
      }
      case 'delete_statement':
        for (const c of named(node)) {
          const items = c.type === 'expression_list' ? named(c) : [c];
          for (const item of items) {
            if (item.type === 'identifier') this.use.writes.add(item.text);
            else this.target(item);
          }
        }
        return;
      case 'global_statement':
      case 'nonlocal_statement':
        return;
      default:
        for (const c of named(node)) this.expr(c);
    }
  }

  call(node: SyntaxNode): void {
    const fn = node.childForFieldName('function');
    const args = node.childForFieldName('arguments');
    if (fn?.type === 'attribute') {
      const method = fn.childForFieldName('attribute')?.text ?? '';
      this.use.calls.push(method);
      const root = rootName(fn.childForFieldName('object'));
      const inplace = args ? named(args).some((a) => a.type === 'keyword_argument' && a.childForFieldName('name')?.text === 'inplace' && a.childForFieldName('value')?.type === 'true') : false;
      if (root && (inplace || MUTATING_METHODS.has(method))) this.use.mutates.add(root);
      if (MUTATING_FUNCTIONS.has(method) && args) {
        const first = named(args)[0];
        const r = rootName(first ?? null);
        if (r) this.use.mutates.add(r);
      }
    } else if (fn?.type === 'identifier') {
      this.use.calls.push(fn.text);
    }
    if (fn) this.expr(fn);
    if (args) this.expr(args);
  }

  imports(node: SyntaxNode): void {
    if (node.type === 'future_import_statement') return;
    const isFrom = node.type === 'import_from_statement';
    const module = node.childForFieldName('module_name');
    for (const c of named(node)) {
      if (same(c, module)) continue;
      if (c.type === 'aliased_import') {
        const alias = c.childForFieldName('alias');
        if (alias) this.use.writes.add(alias.text);
      } else if (c.type === 'dotted_name') {
        const first = isFrom ? c.text : (c.namedChild(0)?.text ?? c.text);
        this.use.writes.add(isFrom ? (first.split('.').pop() ?? first) : first);
      } else if (c.type === 'wildcard_import') {
        this.use.writes.add('*');
      }
    }
  }

  definition(node: SyntaxNode): void {
    const name = node.childForFieldName('name');
    if (name) this.use.writes.add(name.text);
    const params = paramNames(node.childForFieldName('parameters'));
    // Defaults, annotations and base classes are evaluated where the definition stands.
    const parameters = node.childForFieldName('parameters');
    if (parameters) {
      for (const p of named(parameters)) {
        const value = p.childForFieldName('value');
        if (value) this.expr(value);
      }
    }
    const superclasses = node.childForFieldName('superclasses');
    if (superclasses) this.expr(superclasses);
    const body = node.childForFieldName('body');
    if (body) this.scoped(body, params);
  }

  /** A nested scope: its free names are reads here; its own bindings stay local. */
  scoped(node: SyntaxNode, locals: Set<string>): void {
    const inner = new Collector(emptyUse());
    for (const c of node.type === 'lambda' ? named(node).filter((c) => c.type !== 'lambda_parameters') : [node]) inner.expr(c);
    const bound = new Set([...locals, ...inner.use.writes]);
    const globals = declaredGlobals(node);
    for (const r of inner.use.reads) if (!bound.has(r) || globals.has(r)) this.use.reads.add(r);
    for (const m of inner.use.mutates) if (!bound.has(m) || globals.has(m)) this.use.mutates.add(m);
    for (const w of inner.use.writes) if (globals.has(w)) this.use.writes.add(w);
    this.use.calls.push(...inner.use.calls);
  }

  comprehension(node: SyntaxNode): void {
    const inner = new Collector(emptyUse());
    const locals = new Set<string>();
    for (const c of named(node)) {
      if (c.type === 'for_in_clause') {
        const left = c.childForFieldName('left');
        const right = c.childForFieldName('right');
        if (right) inner.expr(right);
        if (left) {
          const t = new Collector(emptyUse());
          t.target(left);
          for (const w of t.use.writes) locals.add(w);
        }
      } else {
        inner.expr(c);
      }
    }
    for (const r of inner.use.reads) if (!locals.has(r)) this.use.reads.add(r);
    for (const m of inner.use.mutates) if (!locals.has(m)) this.use.mutates.add(m);
    this.use.calls.push(...inner.use.calls);
  }
}

function paramNames(params: SyntaxNode | null): Set<string> {
  const out = new Set<string>();
  if (!params) return out;
  for (const p of params.namedChildren) {
    if (!p) continue;
    if (p.type === 'identifier') out.add(p.text);
    else {
      const name = p.childForFieldName('name') ?? p.namedChildren.find((c) => c?.type === 'identifier') ?? null;
      if (name) out.add(name.text);
    }
  }
  return out;
}

function declaredGlobals(node: SyntaxNode): Set<string> {
  const out = new Set<string>();
  const visit = (n: SyntaxNode) => {
    if (n.type === 'global_statement') for (const c of named(n)) out.add(c.text);
    else if (n.type !== 'function_definition' || n === node) for (const c of named(n)) visit(c);
  };
  visit(node);
  return out;
}

/** Names a top-level statement reads, binds and modifies. */
export function statementNames(node: SyntaxNode): NameUse {
  const use = emptyUse();
  new Collector(use).expr(node);
  // A name modified in place is also read: its previous state flows into the new one.
  for (const m of use.mutates) use.reads.add(m);
  return use;
}
