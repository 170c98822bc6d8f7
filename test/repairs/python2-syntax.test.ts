// Python 2 syntax rules, each on snippets written for it; the result must compile under Python 3.
import { describe, expect, it } from 'vitest';
import { py2Backticks, py2Except, py2Exec, py2NotEqual, py2Numbers, py2Print, py2Raise, py2UrStrings, PYTHON2_SYNTAX_RULES } from '../../extractors/repairs/python2-syntax.js';
import { compileError, repair, repairCells } from './helpers.js';

describe('py2-print', () => {
  const rules = [py2Print];
  it('turns print statements into calls, arguments kept as written', async () => {
    expect(await repair('print x, y\nprint "mean: %.2f" % m\n', { rules })).toBe('print(x, y)\nprint("mean: %.2f" % m)\n');
  });
  it('keeps a trailing comma as end=" " and >>f as file=f', async () => {
    expect(await repair('print "a",\nprint >>sys.stderr, "oops", n\n', { rules })).toBe('print("a", end=\' \')\nprint("oops", n, file=sys.stderr)\n');
  });
  it('turns a bare print into print() only in a Python 2 notebook', async () => {
    expect(await repair('print "x"\nprint\n', { rules })).toBe('print("x")\nprint()\n');
    expect(await repair('x = 1\nprint\n', { rules })).toBe('x = 1\nprint\n');
  });
  it('works inside blocks and keeps comments and indentation', async () => {
    expect(await repair('for i in range(3):\n    print i  # the index\n', { rules })).toBe('for i in range(3):\n    print(i)  # the index\n');
  });
  it('leaves Python 3 print calls and text inside strings alone', async () => {
    const code = 'print("a", b)\ns = "print x"\n# print y\n';
    expect(await repair(code, { rules })).toBe(code);
  });
});

describe('py2-except, py2-raise, py2-exec', () => {
  it('except E, e -> except E as e; a tuple of exceptions is not a Python 2 comma', async () => {
    expect(await repair('try:\n    f()\nexcept ValueError, e:\n    pass\n', { rules: [py2Except] })).toBe('try:\n    f()\nexcept ValueError as e:\n    pass\n');
    const tuple = 'try:\n    f()\nexcept (KeyError, IndexError):\n    pass\n';
    expect(await repair(tuple, { rules: [py2Except] })).toBe(tuple);
  });
  it('raise E, msg -> raise E(msg), with a traceback via with_traceback', async () => {
    expect(await repair('raise ValueError, "bad"\n', { rules: [py2Raise] })).toBe('raise ValueError("bad")\n');
    expect(await repair('raise E, v, tb\n', { rules: [py2Raise] })).toBe('raise E(v).with_traceback(tb)\n');
    expect(await repair('raise ValueError("ok")\n', { rules: [py2Raise] })).toBe('raise ValueError("ok")\n');
  });
  it('exec "code" in ns -> exec("code", ns)', async () => {
    expect(await repair('exec "x = 1" in ns\n', { rules: [py2Exec] })).toBe('exec("x = 1", ns)\n');
  });
});

describe('py2 literals and operators', () => {
  it('backticks -> repr()', async () => {
    expect(await repair('s = "n=" + `n`\n', { rules: [py2Backticks] })).toBe('s = "n=" + repr(n)\n');
  });
  it('<> -> !=', async () => {
    expect(await repair('if a <> b: pass\n', { rules: [py2NotEqual] })).toBe('if a != b: pass\n');
  });
  it('10L -> 10, 0xFFL -> 0xFF, 0777 -> 0o777; 0, 00 and 0.5 untouched', async () => {
    expect(await repair('a = 10L + 0xFFL + 0777\nb = 0 + 00 + 0.5\n', { rules: [py2Numbers] })).toBe('a = 10 + 0xFF + 0o777\nb = 0 + 00 + 0.5\n');
  });
  it("ur'' -> r''", async () => {
    expect(await repair('p = ur"\\d+" + u"x"\n', { rules: [py2UrStrings] })).toBe('p = r"\\d+" + u"x"\n');
  });
});

describe('Python 2 syntax rules together', () => {
  it('make a Python 2 cell compile under Python 3', async () => {
    const out = await repairCells(['try:\n    print "n:", `n`\nexcept IOError, e:\n    raise ValueError, "no"\nif n <> 0L: print\n'], { rules: PYTHON2_SYNTAX_RULES });
    expect(out.cells[0]?.source).toBe("try:\n    print(\"n:\", repr(n))\nexcept IOError as e:\n    raise ValueError(\"no\")\nif n != 0: print()\n");
    expect(compileError('try:\n    print "n:", `n`\nexcept IOError, e:\n    pass\n')).toMatch(/SyntaxError/);
    expect(compileError(out.cells[0]?.source ?? '')).toBeNull();
    expect(out.repairs.map((r) => r.rule)).toEqual(['py2-print', 'py2-print', 'py2-except', 'py2-backticks', 'py2-not-equal', 'py2-numbers', 'py2-raise']);
  });
});
