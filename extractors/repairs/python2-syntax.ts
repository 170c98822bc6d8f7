// Python 2 syntax that Python 3 cannot compile, rewritten on the tree-sitter tree (its grammar
// still parses print and exec statements, `except E, e`, backticks, `<>`, `10L` and `0777`).
// Each construct is its own rule so a run lists exactly what was changed. Pure.
import type { SyntaxNode } from '../python/parser.js';
import { children, inError, named, walk } from './tree.js';
import type { RepairRule, RuleContext, RuleEdit } from './types.js';

function find(root: SyntaxNode, type: string): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  walk(root, (n) => {
    if (n.type === type) out.push(n);
  });
  return out;
}

/** `print x, y` -> `print(x, y)`; `print x,` -> `print(x, end=' ')`; `print >>f, x` -> `print(x, file=f)`. */
export const py2Print: RepairRule = {
  name: 'py2-print',
  family: 'python2',
  description: 'Python 2 print statements become print() calls (a trailing comma becomes end=" ", >>f becomes file=f)',
  apply(ctx: RuleContext): RuleEdit[] {
    const edits: RuleEdit[] = [];
    for (const n of find(ctx.root, 'print_statement')) {
      if (inError(n)) continue;
      const parts = children(n);
      const chevron = parts.find((c) => c.type === 'chevron');
      const args = parts.filter((c) => c.isNamed && c.type !== 'chevron' && c.type !== 'comment' && c.type !== 'line_continuation');
      const trailingComma = parts[parts.length - 1]?.type === ',' && args.length > 0;
      const extra: string[] = [];
      if (trailingComma) extra.push("end=' '");
      if (chevron) {
        const target = named(chevron)[0];
        if (target) extra.push(`file=${target.text}`);
      }
      const first = args[0];
      const last = args[args.length - 1];
      const inner = first && last ? ctx.source.slice(first.startIndex, last.endIndex) : '';
      const text = `print(${[inner, ...extra].filter(Boolean).join(', ')})`;
      edits.push({ start: n.startIndex, end: n.endIndex, text, detail: 'print statement -> print()' });
    }
    // A bare `print` printed an empty line in Python 2; in Python 3 it is a name that does nothing.
    if (ctx.python2) {
      walk(ctx.root, (n) => {
        if (n.type === 'expression_statement' && n.namedChildCount === 1 && n.text === 'print') {
          edits.push({ start: n.startIndex, end: n.endIndex, text: 'print()', detail: 'bare print statement -> print()' });
        }
      });
    }
    return edits;
  },
};

/** `exec code in g, l` -> `exec(code, g, l)`. */
export const py2Exec: RepairRule = {
  name: 'py2-exec',
  family: 'python2',
  description: 'Python 2 exec statements become exec() calls',
  apply(ctx) {
    return find(ctx.root, 'exec_statement')
      .filter((n) => !inError(n))
      .map((n) => {
        const args = named(n).filter((c) => c.type !== 'comment');
        return { start: n.startIndex, end: n.endIndex, text: `exec(${args.map((a) => a.text).join(', ')})`, detail: 'exec statement -> exec()' };
      });
  },
};

/** `except E, e:` -> `except E as e:`. */
export const py2Except: RepairRule = {
  name: 'py2-except',
  family: 'python2',
  description: 'except E, e: becomes except E as e:',
  apply(ctx) {
    const edits: RuleEdit[] = [];
    for (const n of find(ctx.root, 'except_clause')) {
      const parts = children(n);
      const values = parts.filter((c) => c.isNamed && c.type !== 'block' && c.type !== 'comment');
      const comma = parts.find((c) => c.type === ',');
      if (values.length === 2 && comma && !inError(n)) edits.push({ start: comma.startIndex, end: comma.endIndex + (ctx.source[comma.endIndex] === ' ' ? 1 : 0), text: ' as ', detail: 'except E, e -> except E as e' });
    }
    return edits;
  },
};

/** `` `x` `` -> `repr(x)`. */
export const py2Backticks: RepairRule = {
  name: 'py2-backticks',
  family: 'python2',
  description: 'backtick repr `x` becomes repr(x)',
  apply(ctx) {
    return find(ctx.root, 'string')
      .filter((n) => n.text.startsWith('`') && n.text.endsWith('`') && n.text.length >= 3)
      .map((n) => ({ start: n.startIndex, end: n.endIndex, text: `repr(${n.text.slice(1, -1).trim()})`, detail: 'backticks -> repr()' }));
  },
};

/** `a <> b` -> `a != b`. */
export const py2NotEqual: RepairRule = {
  name: 'py2-not-equal',
  family: 'python2',
  description: "the '<>' operator becomes '!='",
  apply(ctx) {
    const edits: RuleEdit[] = [];
    for (const n of find(ctx.root, 'comparison_operator')) {
      for (const op of children(n)) if (op.type === '<>') edits.push({ start: op.startIndex, end: op.endIndex, text: '!=', detail: '<> -> !=' });
    }
    return edits;
  },
};

/** `10L` -> `10`, `0777` -> `0o777`. */
export const py2Numbers: RepairRule = {
  name: 'py2-numbers',
  family: 'python2',
  description: 'long literals lose their L, old octal literals get 0o',
  apply(ctx) {
    const edits: RuleEdit[] = [];
    for (const n of find(ctx.root, 'integer')) {
      const t = n.text;
      if (/^(0[xX][0-9a-fA-F_]+|0[oObB]?[0-7_]*|[1-9][0-9_]*|0)[lL]$/.test(t)) edits.push({ start: n.startIndex, end: n.endIndex, text: t.slice(0, -1), detail: `long literal ${t} -> ${t.slice(0, -1)}` });
      else if (/^0[0-7]*[1-7][0-7]*$/.test(t)) edits.push({ start: n.startIndex, end: n.endIndex, text: `0o${t.replace(/^0+/, '')}`, detail: `octal literal ${t} -> 0o${t.replace(/^0+/, '')}` });
    }
    return edits;
  },
};

/** `ur'...'` -> `r'...'` (Python 3 strings are unicode already). */
export const py2UrStrings: RepairRule = {
  name: 'py2-ur-strings',
  family: 'python2',
  description: "ur'' strings become r'' strings",
  apply(ctx) {
    const edits: RuleEdit[] = [];
    for (const n of find(ctx.root, 'string_start')) {
      const m = /^([uU])([rR])/.exec(n.text);
      if (m) edits.push({ start: n.startIndex, end: n.startIndex + 2, text: m[2] as string, detail: 'ur prefix -> r' });
    }
    return edits;
  },
};

/** `raise E, "msg"` -> `raise E("msg")`; with a traceback, `.with_traceback(tb)`. */
export const py2Raise: RepairRule = {
  name: 'py2-raise',
  family: 'python2',
  description: 'raise E, value becomes raise E(value)',
  apply(ctx) {
    const edits: RuleEdit[] = [];
    for (const n of find(ctx.root, 'raise_statement')) {
      const list = named(n)[0];
      if (!list || list.type !== 'expression_list' || inError(n)) continue;
      const [exc, value, tb] = named(list);
      if (!exc || !value) continue;
      const text = `${exc.text}(${value.text})${tb ? `.with_traceback(${tb.text})` : ''}`;
      edits.push({ start: list.startIndex, end: list.endIndex, text, detail: 'raise E, value -> raise E(value)' });
    }
    return edits;
  },
};

export const PYTHON2_SYNTAX_RULES: readonly RepairRule[] = [py2Print, py2Exec, py2Except, py2Backticks, py2NotEqual, py2Numbers, py2UrStrings, py2Raise];
