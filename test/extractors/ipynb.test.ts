import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { notebookLanguage, parseIpynb } from '../../extractors/ipynb.js';
import type { InvalidNotebookError } from '../../src/errors.js';

const fixture = (name: string) => readFileSync(new URL(`../fixtures/notebooks/${name}`, import.meta.url), 'utf8');
const reasonOf = (text: string) => {
  try {
    parseIpynb(text);
    return 'ok';
  } catch (error) {
    return (error as InvalidNotebookError).reason;
  }
};

describe('parseIpynb (nbformat 4)', () => {
  const nb = parseIpynb(fixture('good/titanic/v4-with-outputs.ipynb'));

  it('reads cells in order with their types, joined sources and execution counts', () => {
    expect(nb.nbformat).toBe(4);
    expect(nb.cells.map((c) => c.type)).toEqual(['markdown', 'code', 'code', 'code', 'code', 'raw']);
    expect(nb.cells.map((c) => c.codeIndex)).toEqual([null, 0, 1, 2, 3, null]);
    expect(nb.cells[1]?.source).toBe("import pandas as pd\ndf = pd.read_csv('/kaggle/input/titanic/train.csv')");
    expect(nb.cells[2]?.executionCount).toBe(2);
    expect(nb.language).toBe('python');
    expect(nb.languageVersion).toBe('3.10.13');
  });

  it('keeps text outputs and reduces images to type, size and hash', () => {
    const [stream, result] = nb.cells[2]?.outputs ?? [];
    expect(stream).toMatchObject({ output_type: 'stream', name: 'stdout', text: 'rows: 891\n' });
    expect(result).toMatchObject({ output_type: 'execute_result', text: '0.3838', execution_count: 2, mimes: ['text/plain', 'text/html'] });
    const display = nb.cells[3]?.outputs[0];
    expect(display?.blobs?.[0]).toMatchObject({ mime: 'image/png', bytes: 12 });
    expect(nb.cells[4]?.outputs[0]).toMatchObject({ output_type: 'error', ename: 'KeyError', evalue: "'Cabin_x'" });
  });

  it("keeps Kaggle's run metadata but drops papermill parameters", () => {
    expect(nb.kaggleMetadata?.kaggle).toMatchObject({ dockerImageVersionId: 30646 });
    expect(nb.kaggleMetadata?.papermill).toEqual({ duration: 12.5, environment_variables: {} });
  });
});

describe('parseIpynb (nbformat 3)', () => {
  const nb = parseIpynb(fixture('good/titanic/v3-legacy.ipynb'));
  it('flattens worksheets, maps input/prompt_number and pyout/pyerr, and turns headings into markdown', () => {
    expect(nb.nbformat).toBe(3);
    expect(nb.title).toBe('old-titanic');
    expect(nb.cells.map((c) => c.type)).toEqual(['markdown', 'code', 'code', 'code', 'markdown']);
    expect(nb.cells[0]?.source).toBe('# An nbformat 3 notebook');
    expect(nb.cells[1]?.source).toBe("import pandas as pd\nprint 'hello'");
    expect(nb.cells[2]?.outputs[0]).toMatchObject({ output_type: 'execute_result', text: '2', execution_count: 2 });
    expect(nb.cells[3]?.outputs[0]).toMatchObject({ output_type: 'error', ename: 'ZeroDivisionError' });
    expect(nb.cells[3]?.executionCount).toBe(3);
  });
});

describe('parseIpynb refusals', () => {
  it.each([
    ['{ "cells": [', 'invalid_json'],
    ['[1, 2]', 'not_a_notebook'],
    ['"just a string"', 'not_a_notebook'],
    ['{"name": "dataset", "files": []}', 'not_a_notebook'],
    ['{"cells": [], "nbformat": 5}', 'unsupported_nbformat'],
    ['{"cells": [], "nbformat": 2}', 'unsupported_nbformat'],
    ['{"cells": {}, "nbformat": 4}', 'invalid_notebook'],
    ['{"cells": [{"cell_type": "widget", "source": ""}], "nbformat": 4}', 'invalid_notebook'],
    ['{"cells": [{"cell_type": "code", "source": 42}], "nbformat": 4}', 'invalid_notebook'],
    ['{"cells": [], "nbformat": 4, "metadata": {"kernelspec": {"name": "ir", "language": "R"}}}', 'unsupported_language'],
    ['{"cells": [], "nbformat": 4, "metadata": {"kernelspec": {"name": "julia-1.9"}}}', 'unsupported_language'],
  ])('%s -> %s', (text, reason) => {
    expect(reasonOf(text)).toBe(reason);
  });
});

describe('notebookLanguage', () => {
  it('assumes Python only when no metadata names a language', () => {
    expect(notebookLanguage({})).toEqual({ language: 'python', assumed: true });
    expect(notebookLanguage({ language_info: { name: 'python' } })).toEqual({ language: 'python', assumed: false });
    expect(() => notebookLanguage({ kernelspec: { name: 'ir' } })).toThrow(/R/);
  });
});
