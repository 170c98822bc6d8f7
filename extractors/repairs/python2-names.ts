// Python 2 names and methods that Python 3 dropped or changed: builtins (xrange, raw_input,
// unicode, ...), dict methods (iteritems, has_key), views and iterators indexed like lists
// (`d.keys()[0]`, `map(f, x)[0]`), and renamed modules (cPickle, StringIO, itertools.izip).
// A name the notebook binds itself is left alone. Pure.
import type { SyntaxNode } from '../python/parser.js';
import { callArgs, dottedName, named, walk } from './tree.js';
import type { RepairRule, RuleEdit } from './types.js';

const BUILTINS: Record<string, string> = {
  xrange: 'range',
  raw_input: 'input',
  unicode: 'str',
  basestring: 'str',
  unichr: 'chr',
  long: 'int',
  file: 'open',
  reduce: "__import__('functools').reduce",
  intern: "__import__('sys').intern",
};

const DICT_METHODS: Record<string, string> = { iteritems: 'items', itervalues: 'values', iterkeys: 'keys' };

/** `xrange(` -> `range(`, `raw_input(` -> `input(`, ... where the name is Python 2's builtin. */
export const py2Builtins: RepairRule = {
  name: 'py2-builtins',
  family: 'python2',
  description: "Python 2 builtins become their Python 3 names (xrange -> range, raw_input -> input, unicode -> str, reduce -> functools.reduce, ...)",
  apply(ctx) {
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n) => {
      if (n.type !== 'identifier' || !(n.text in BUILTINS) || ctx.bound.has(n.text) || ctx.imports.has(n.text)) return;
      const parent = n.parent;
      // only the name used as a value: not an attribute (`x.file`), a keyword (`file=`) or a parameter
      if (!parent) return;
      if (parent.type === 'attribute' && parent.childForFieldName('attribute')?.id === n.id) return;
      if (parent.type === 'keyword_argument' && parent.childForFieldName('name')?.id === n.id) return;
      if (['parameters', 'default_parameter', 'typed_parameter', 'aliased_import', 'dotted_name'].includes(parent.type)) return;
      // `long`, `file` and `unicode` are common words: only rewrite them when called (or in isinstance)
      const called = parent.type === 'call' && parent.childForFieldName('function')?.id === n.id;
      if (!called && ['long', 'file', 'intern', 'reduce'].includes(n.text)) return;
      edits.push({ start: n.startIndex, end: n.endIndex, text: BUILTINS[n.text] as string, detail: `${n.text} -> ${BUILTINS[n.text]}` });
    });
    return edits;
  },
};

/** `d.iteritems()` -> `d.items()`, `d.has_key(k)` -> `(k in d)`. */
export const py2DictMethods: RepairRule = {
  name: 'py2-dict-methods',
  family: 'python2',
  description: 'dict.iteritems/itervalues/iterkeys become items/values/keys; d.has_key(k) becomes (k in d)',
  apply(ctx) {
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n) => {
      if (n.type !== 'call') return;
      const fn = n.childForFieldName('function');
      if (fn?.type !== 'attribute') return;
      const attr = fn.childForFieldName('attribute');
      const obj = fn.childForFieldName('object');
      if (!attr || !obj) return;
      const args = callArgs(n);
      if (attr.text in DICT_METHODS && args.positional.length === 0 && args.keywords.length === 0) {
        edits.push({ start: attr.startIndex, end: attr.endIndex, text: DICT_METHODS[attr.text] as string, detail: `.${attr.text}() -> .${DICT_METHODS[attr.text]}()` });
      } else if (attr.text === 'has_key' && args.positional.length === 1 && args.keywords.length === 0 && !args.splat) {
        edits.push({ start: n.startIndex, end: n.endIndex, text: `(${(args.positional[0] as SyntaxNode).text} in ${obj.text})`, detail: '.has_key(k) -> (k in d)' });
        return false;
      }
      return undefined;
    });
    return edits;
  },
};

const VIEW_METHODS = new Set(['keys', 'values', 'items']);
const LAZY_BUILTINS = new Set(['map', 'filter', 'zip']);

/** `d.keys()[0]` -> `list(d.keys())[0]`, `map(f, x)[0]` -> `list(map(f, x))[0]` (views and iterators are not lists in Python 3). */
export const py2ListViews: RepairRule = {
  name: 'py2-list-views',
  family: 'python2',
  description: 'dict views and map/filter/zip results that are indexed or sliced are wrapped in list()',
  apply(ctx) {
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n) => {
      if (n.type !== 'subscript') return;
      const value = n.childForFieldName('value');
      if (value?.type !== 'call') return;
      const fn = value.childForFieldName('function');
      const method = fn?.type === 'attribute' ? fn.childForFieldName('attribute')?.text : undefined;
      const isView = method !== undefined && VIEW_METHODS.has(method) && callArgs(value).positional.length === 0;
      const isLazy = fn?.type === 'identifier' && LAZY_BUILTINS.has(fn.text) && !ctx.bound.has(fn.text) && !ctx.imports.has(fn.text);
      if (isView || isLazy) edits.push({ start: value.startIndex, end: value.endIndex, text: `list(${value.text})`, detail: `${isView ? `.${method}()` : `${fn?.text}()`} indexed: wrapped in list()` });
    });
    return edits;
  },
};

const MODULES: Record<string, string> = { cPickle: 'pickle', cStringIO: 'io', StringIO: 'io', ConfigParser: 'configparser', Queue: 'queue', urlparse: 'urllib.parse', HTMLParser: 'html.parser' };
const ITERTOOLS: Record<string, string> = { izip: 'zip', imap: 'map', ifilter: 'filter', izip_longest: 'zip_longest', ifilterfalse: 'filterfalse' };
const ATTRIBUTES: Record<string, string> = { 'sys.maxint': 'sys.maxsize', 'string.letters': 'string.ascii_letters', 'string.lowercase': 'string.ascii_lowercase', 'string.uppercase': 'string.ascii_uppercase', 'os.getcwdu': 'os.getcwd' };

/** `import cPickle as pickle` -> `import pickle as pickle`, `from itertools import izip` -> `zip`, `sys.maxint` -> `sys.maxsize`. */
export const py2Modules: RepairRule = {
  name: 'py2-modules',
  family: 'python2',
  description: 'modules and names Python 3 renamed (cPickle, StringIO, itertools.izip, sys.maxint, string.letters)',
  apply(ctx) {
    const edits: RuleEdit[] = [];
    walk(ctx.root, (n) => {
      if (n.type === 'import_statement') {
        for (const c of named(n)) {
          const name = c.type === 'aliased_import' ? c.childForFieldName('name') : c;
          if (name?.type === 'dotted_name' && name.text in MODULES) {
            // keep the name the notebook uses: `import cPickle` -> `import pickle as cPickle`
            const text = c.type === 'aliased_import' ? MODULES[name.text] as string : `${MODULES[name.text]} as ${name.text}`;
            edits.push({ start: name.startIndex, end: name.endIndex, text, detail: `module ${name.text} -> ${MODULES[name.text]}` });
          }
        }
        return false;
      }
      if (n.type === 'import_from_statement') {
        const module = n.childForFieldName('module_name');
        if (module && module.text in MODULES) edits.push({ start: module.startIndex, end: module.endIndex, text: MODULES[module.text] as string, detail: `module ${module.text} -> ${MODULES[module.text]}` });
        if (module?.text === 'itertools') {
          const names = named(n).filter((c) => c.id !== module.id && c.type !== 'comment');
          const renamed = names.filter((c) => ((c.type === 'aliased_import' ? c.childForFieldName('name') : c)?.text ?? '') in ITERTOOLS);
          if (renamed.length > 0) {
            const kept: string[] = [];
            const bindings: string[] = [];
            for (const c of names) {
              const name = (c.type === 'aliased_import' ? c.childForFieldName('name') : c) as SyntaxNode;
              const alias = c.type === 'aliased_import' ? (c.childForFieldName('alias')?.text ?? name.text) : name.text;
              const to = ITERTOOLS[name.text];
              if (to === undefined) kept.push(c.text);
              else if (to === 'zip_longest' || to === 'filterfalse') kept.push(`${to} as ${alias}`);
              else bindings.push(`${alias} = ${to}`); // zip, map and filter are builtins in Python 3
            }
            const text = [kept.length > 0 ? `from itertools import ${kept.join(', ')}` : '', ...bindings].filter(Boolean).join('; ');
            edits.push({ start: n.startIndex, end: n.endIndex, text, detail: `itertools.${renamed.map((c) => c.text).join(', ')} renamed in Python 3` });
          }
        }
        return false;
      }
      if (n.type === 'attribute') {
        const dotted = dottedName(n);
        if (dotted && dotted in ATTRIBUTES && !ctx.bound.has(dotted.split('.')[0] as string)) {
          edits.push({ start: n.startIndex, end: n.endIndex, text: ATTRIBUTES[dotted] as string, detail: `${dotted} -> ${ATTRIBUTES[dotted]}` });
          return false;
        }
      }
      return undefined;
    });
    return edits;
  },
};

export const PYTHON2_NAME_RULES: readonly RepairRule[] = [py2Builtins, py2DictMethods, py2ListViews, py2Modules];
