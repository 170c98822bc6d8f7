// Python 2 names, dict methods, indexed views and renamed modules.
import { describe, expect, it } from 'vitest';
import { py2Builtins, py2DictMethods, py2ListViews, py2Modules } from '../../extractors/repairs/python2-names.js';
import { compileError, repair } from './helpers.js';

describe('py2-builtins', () => {
  const rules = [py2Builtins];
  it('renames xrange, raw_input, unicode, basestring and called long/file/reduce', async () => {
    expect(await repair('for i in xrange(3): s = unicode(i)\nok = isinstance(s, basestring)\nn = long("3")\nt = reduce(f, xs)\n', { rules })).toBe(
      "for i in range(3): s = str(i)\nok = isinstance(s, str)\nn = int(\"3\")\nt = __import__('functools').reduce(f, xs)\n",
    );
  });
  it('leaves names the notebook binds, attributes, keywords and uncalled common words alone', async () => {
    const code = 'def xrange(n):\n    return [n]\nxrange(3)\nobj.unicode(x)\nf(file=long)\nfile = "a.csv"\n';
    expect(await repair(code, { rules })).toBe(code);
  });
});

describe('py2-dict-methods', () => {
  it('iteritems/itervalues/iterkeys -> items/values/keys; has_key -> in', async () => {
    expect(await repair('for k, v in d.iteritems(): pass\nif d.has_key("a"): pass\n', { rules: [py2DictMethods] })).toBe('for k, v in d.items(): pass\nif ("a" in d): pass\n');
  });
  it('leaves calls with arguments alone', async () => {
    expect(await repair('x.iteritems(1)\n', { rules: [py2DictMethods] })).toBe('x.iteritems(1)\n');
  });
});

describe('py2-list-views', () => {
  it('wraps indexed dict views and map/filter/zip results in list()', async () => {
    expect(await repair('first = d.keys()[0]\nm = map(str, xs)[:2]\nz = zip(a, b)[1]\n', { rules: [py2ListViews] })).toBe('first = list(d.keys())[0]\nm = list(map(str, xs))[:2]\nz = list(zip(a, b))[1]\n');
  });
  it('leaves views that are not indexed, and a df.values attribute, alone', async () => {
    const code = 'for k in d.keys(): pass\nv = df.values[0]\nn = len(map(str, xs))\n';
    expect(await repair(code, { rules: [py2ListViews] })).toBe(code);
  });
});

describe('py2-modules', () => {
  it('renames modules and keeps the names the notebook uses', async () => {
    const out = await repair('import cPickle\nimport cPickle as pk\nfrom StringIO import StringIO\nfrom itertools import izip, chain, izip_longest\nn = sys.maxint\n', { rules: [py2Modules] });
    expect(out).toBe('import pickle as cPickle\nimport pickle as pk\nfrom io import StringIO\nfrom itertools import chain, zip_longest as izip_longest; izip = zip\nn = sys.maxsize\n');
    expect(compileError(out)).toBeNull();
  });
});
