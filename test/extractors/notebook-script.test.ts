import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { joinScript, notebookToScript, splitScript, type SourceCell } from '../../extractors/notebook-script.js';

const layout = { competition: 'titanic', dataFiles: ['train.csv', 'test.csv', 'gender_submission.csv'] };

function cells(...sources: (string | [string, string])[]): SourceCell[] {
  return sources.map((s, i) => (Array.isArray(s) ? { cellIndex: i, cellType: s[0], source: s[1] } : { cellIndex: i, cellType: 'code', source: s }));
}

describe('notebookToScript: cells and line maps', () => {
  it('keeps code cells in order with their notebook index and skips markdown and empty cells', () => {
    const out = notebookToScript(cells(['markdown', '# Title'], 'import pandas as pd', '   ', 'x = 1\ny = 2'), layout);
    expect(out.cells.map((c) => c.cellIndex)).toEqual([1, 3]);
    expect(out.cells[1]?.lineMap).toEqual([
      { cell: 3, line: 1 },
      { cell: 3, line: 2 },
    ]);
    expect(out.deviations).toEqual([]);
    expect(out.python2).toEqual([]);
  });

  it('joins cells into a script with markers and splits it back', () => {
    const out = notebookToScript(cells('a = 1', ['markdown', 'x'], 'print(a)\n'), layout);
    expect(out.script).toBe('# %% [cell 0]\na = 1\n\n# %% [cell 2]\nprint(a)\n\n');
    expect(splitScript(out.script)).toEqual([
      { cellIndex: 0, code: 'a = 1' },
      { cellIndex: 2, code: 'print(a)' },
    ]);
    expect(splitScript(joinScript([{ cellIndex: 7, code: 'z = 3' }]))).toEqual([{ cellIndex: 7, code: 'z = 3' }]);
  });
});

describe('notebookToScript: IPython magics and shell escapes', () => {
  it('drops %matplotlib on its own line, keeping line numbers, and records it', () => {
    const out = notebookToScript(cells('import matplotlib.pyplot as plt\n%matplotlib inline\nplt.plot([1])'), layout);
    expect(out.cells[0]?.code.split('\n')).toEqual(['import matplotlib.pyplot as plt', 'pass  # hookmine: %matplotlib inline', 'plt.plot([1])']);
    expect(out.deviations).toEqual([
      { kind: 'magic_dropped', cell: 0, line: 2, before: '%matplotlib inline', after: 'pass', detail: expect.stringMatching(/inline backend/) },
    ]);
  });

  it('runs the statement of %time and the body of %%time with the original line numbers', () => {
    const out = notebookToScript(cells('%time m = fit(x)', '%%time\nm = fit(x)\nscore = 1'), layout);
    expect(out.cells[0]?.code).toBe('m = fit(x)  # hookmine: %time m = fit(x)');
    expect(out.cells[1]?.code.split('\n')).toEqual(['# %%time', 'm = fit(x)', 'score = 1']);
    expect(out.cells[1]?.lineMap.map((o) => o.line)).toEqual([1, 2, 3]);
    expect(out.deviations.map((d) => [d.kind, d.cell, d.line])).toEqual([
      ['magic_shimmed', 0, 1],
      ['magic_dropped', 1, 1],
    ]);
  });

  it('turns %%capture into a capture instruction for the runner', () => {
    const out = notebookToScript(cells('%%capture out --no-stderr\nprint("noisy")'), layout);
    expect(out.cells[0]?.capture).toEqual({ variable: 'out', stdout: true, stderr: false });
    expect(out.cells[0]?.code).toBe('# %%capture out --no-stderr\nprint("noisy")');
  });

  it('drops package installs and downloads, and runs other shell escapes through the shim', () => {
    const out = notebookToScript(cells('!pip install lightgbm\n!ls ../input\nfiles = !ls ../input\nif True:\n    !wget http://x/y.csv'), layout);
    expect(out.cells[0]?.code.split('\n')).toEqual([
      'pass  # hookmine: !pip install lightgbm',
      `__import__('hookmine_ipython').system("ls ../input")  # hookmine: !ls ../input`,
      `files = __import__('hookmine_ipython').getoutput("ls ../input")  # hookmine: files = !ls ../input`,
      'if True:',
      '    pass  # hookmine: !wget http://x/y.csv',
    ]);
    expect(out.deviations.map((d) => d.kind)).toEqual(['shell_dropped', 'shell_shimmed', 'shell_shimmed', 'shell_dropped']);
    expect(out.deviations[3]).toMatchObject({ cell: 0, line: 5, before: '!wget http://x/y.csv' });
  });

  it('leaves IPython-looking text inside strings and comparison continuations alone', () => {
    const src = 'doc = """\n%matplotlib inline\n!pip install x\n"""\nok = (a\n      != b)\n# !ls in a comment';
    const out = notebookToScript(cells(src), layout);
    expect(out.cells[0]?.code).toBe(src);
    expect(out.deviations).toEqual([]);
  });

  it('records display() and get_ipython() as provided by the stand-in', () => {
    const out = notebookToScript(cells('display(df.head())\nget_ipython().run_line_magic("matplotlib", "inline")'), layout);
    expect(out.deviations.map((d) => [d.kind, d.line, d.detail])).toEqual([
      ['ipython_shimmed', 1, "display() is provided by hookmine's IPython stand-in"],
      ['ipython_shimmed', 2, "get_ipython() is provided by hookmine's IPython stand-in"],
    ]);
  });

  it('writes %%writefile cells through the shim and drops display-only cell magics', () => {
    const out = notebookToScript(cells('%%writefile helper.py\ndef f():\n    return 1', '%%html\n<b>hi</b>', '%%timeit\nsum(range(10))'), layout);
    expect(out.cells.map((c) => c.cellIndex)).toEqual([0]);
    expect(out.cells[0]?.code).toBe(`__import__('hookmine_ipython').writefile("helper.py", "def f():\\n    return 1\\n", append=False)`);
    expect(out.deviations.map((d) => [d.kind, d.cell])).toEqual([
      ['magic_shimmed', 0],
      ['cell_dropped', 1],
      ['cell_dropped', 2],
    ]);
  });

  it("understands IPython's automagic (a magic written without %) but not Python that starts with the same word", () => {
    const out = notebookToScript(cells('pip install plotly --upgrade\nmatplotlib inline\npip = 3\nconda.run(x)\ntimeit in names'), layout);
    expect(out.cells[0]?.code.split('\n')).toEqual(['pass  # hookmine: pip install plotly --upgrade', 'pass  # hookmine: matplotlib inline', 'pip = 3', 'conda.run(x)', 'timeit in names']);
    expect(out.deviations.map((d) => [d.kind, d.line])).toEqual([
      ['shell_dropped', 1],
      ['magic_dropped', 2],
    ]);
    expect(out.deviations[0]?.detail).toMatch(/automagic/);
  });

  it('shims %env, %cd and %pwd and drops help lines', () => {
    const out = notebookToScript(cells('%env SEED=42\n%cd /kaggle/working\nhere = %pwd\npd.read_csv?'), layout);
    expect(out.cells[0]?.code.split('\n').map((l) => l.replace(/ {2}# hookmine:.*$/, ''))).toEqual([
      `__import__('os').environ["SEED"] = "42"`,
      `__import__('os').chdir("/kaggle/working")`,
      `here = __import__('os').getcwd()`,
      'pass',
    ]);
  });

  it('produces code that Python 3 compiles', () => {
    const out = notebookToScript(
      cells('%matplotlib inline\nimport os', '%%time\nx = 1\nx', '!ls\nfiles = !ls\n%env A=1', '%%capture\nprint(1)', '%%writefile a.txt\nhello "quoted" \\ text', '%%bash\necho hi'),
      layout,
    );
    const program = `import sys, json\nfor i, c in enumerate(json.load(sys.stdin)):\n    compile(c, f"<cell {i}>", "exec")\nprint("ok")`;
    const r = spawnSync('/usr/bin/python3', ['-c', program], { input: JSON.stringify(out.cells.map((c) => c.code)), encoding: 'utf8' });
    expect(r.stderr).toBe('');
    expect(r.stdout.trim()).toBe('ok');
  });
});

describe('notebookToScript: Python 2', () => {
  it('reports Python 2 statements with cell, line and construct', () => {
    const out = notebookToScript(cells('x = 1\nprint x', 'try:\n    f()\nexcept ValueError, e:\n    print "bad", e', 'n = 10L\nm = 0777\nif a <> b: pass\ns = `x`'), layout);
    expect(out.python2.map((f) => [f.cell, f.line, f.construct])).toEqual([
      [0, 2, 'print statement'],
      [1, 3, 'except E, e'],
      [1, 4, 'print statement'],
      [2, 1, 'long integer literal'],
      [2, 2, 'old octal literal'],
      [2, 3, "'<>' operator"],
      [2, 4, 'backtick repr'],
    ]);
  });

  it('does not flag Python 3 code that merely looks similar', () => {
    const src = 'print(x)\nprint (x), y\nprint\ns = "print x <> y `z`"\n# print x\nexcept_ = 1\nn = 00 + 0.05 + 1e05 + 0x1F';
    const out = notebookToScript(cells(src), layout);
    expect(out.python2).toEqual([]);
  });
});

describe('notebookToScript: paths', () => {
  const remaps = (src: string, files = layout.dataFiles) => {
    const out = notebookToScript(cells(src), { competition: 'titanic', dataFiles: files });
    return { code: out.cells[0]?.code, deviations: out.deviations, flat: out.flatInput };
  };

  it('remaps personal paths of competition files to the input folder and records before/after', () => {
    const r = remaps(`a = pd.read_csv('/Users/john/Downloads/titanic/train.csv')\nb = pd.read_csv(r'C:\\Users\\jo\\data\\test.csv')\nc = pd.read_csv("/content/drive/MyDrive/kaggle/gender_submission.csv")\nd = pd.read_csv('/home/ana/kaggle/train.csv')`);
    expect(r.code?.split('\n')).toEqual([
      "a = pd.read_csv('/kaggle/input/titanic/train.csv')",
      "b = pd.read_csv(r'/kaggle/input/titanic/test.csv')",
      'c = pd.read_csv("/kaggle/input/titanic/gender_submission.csv")',
      "d = pd.read_csv('/kaggle/input/titanic/train.csv')",
    ]);
    expect(r.deviations[0]).toEqual({
      kind: 'path_remapped',
      cell: 0,
      line: 1,
      before: '/Users/john/Downloads/titanic/train.csv',
      after: '/kaggle/input/titanic/train.csv',
      detail: "personal path: 'train.csv' is a file of the competition data",
    });
    expect(r.deviations[1]?.before).toBe('C:\\Users\\jo\\data\\test.csv');
  });

  it('sends writes to personal or repository folders to /kaggle/working', () => {
    const r = remaps(`sub.to_csv('/Users/john/Downloads/titanic/submission.csv', index=False)\nsub.to_csv('out/dir/sub.csv')\nwith open('C:/work/log.txt', 'w') as f: pass`);
    expect(r.code?.split('\n')).toEqual([
      "sub.to_csv('/kaggle/working/submission.csv', index=False)",
      "sub.to_csv('/kaggle/working/sub.csv')",
      "with open('/kaggle/working/log.txt', 'w') as f: pass",
    ]);
    expect(r.deviations).toHaveLength(3);
  });

  it('remaps repository-relative data paths and bare data file names that are read', () => {
    const r = remaps(`t = pd.read_csv('data/titanic-kaggle/train.csv')\nu = pd.read_csv("test.csv")\nsub.to_csv("submission.csv")`);
    expect(r.code?.split('\n')).toEqual([
      "t = pd.read_csv('/kaggle/input/titanic/train.csv')",
      'u = pd.read_csv("/kaggle/input/titanic/test.csv")',
      'sub.to_csv("submission.csv")',
    ]);
  });

  it('maps a personal data folder to the competition folder', () => {
    const r = remaps(`PATH = '/Users/john/Downloads/titanic/'\ntrain = pd.read_csv(PATH + 'train.csv')`);
    expect(r.code?.split('\n')[0]).toBe("PATH = '/kaggle/input/titanic/'");
  });

  it('leaves Kaggle paths alone and notices the flat ../input layout', () => {
    const kaggle = remaps(`a = pd.read_csv('../input/titanic/train.csv')\nb = pd.read_csv('/kaggle/input/titanic/test.csv')\nfor d, _, fs in os.walk('/kaggle/input'): pass`);
    expect(kaggle.deviations).toEqual([]);
    expect(kaggle.flat).toBe(false);
    const flat = remaps(`a = pd.read_csv('../input/train.csv')`);
    expect(flat.deviations).toEqual([]);
    expect(flat.flat).toBe(true);
  });

  it('remaps a file read from another dataset folder when the competition has that file', () => {
    const r = remaps(`a = pd.read_csv('/kaggle/input/titanic-dataset/train.csv')`);
    expect(r.code).toBe("a = pd.read_csv('/kaggle/input/titanic/train.csv')");
    expect(r.deviations[0]?.detail).toMatch(/dataset folder 'titanic-dataset' is not mounted/);
  });

  it('does not touch f-strings, byte strings, URLs or strings in comments', () => {
    const src = `a = pd.read_csv(f'/Users/x/{name}.csv')\nb = b'/Users/x/train.csv'\nu = 'https://example.org/train.csv'\n# pd.read_csv('/Users/x/train.csv')`;
    const r = remaps(src);
    expect(r.code).toBe(src);
    expect(r.deviations).toEqual([]);
  });

  it('records a remap inside a %%time cell at its original line', () => {
    const out = notebookToScript(cells('%%time\n\ndf = pd.read_csv("/Users/a/train.csv")'), layout);
    expect(out.deviations.map((d) => [d.kind, d.line])).toEqual([
      ['magic_dropped', 1],
      ['path_remapped', 3],
    ]);
  });
});
