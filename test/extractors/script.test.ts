import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseNotebookFile } from '../../extractors/notebook.js';
import { parseScript } from '../../extractors/script.js';

describe('parseScript', () => {
  it('keeps a plain script as one code cell, verbatim', () => {
    const text = readFileSync(new URL('../fixtures/notebooks/good/titanic/plain-script.py', import.meta.url), 'utf8');
    const nb = parseScript(text);
    expect(nb.kind).toBe('script');
    expect(nb.cells).toHaveLength(1);
    expect(nb.cells[0]?.source).toBe(text);
  });

  it('splits percent-format cells and turns [markdown] cells into markdown', () => {
    const nb = parseScript(readFileSync(new URL('../fixtures/notebooks/good/titanic/percent-script.py', import.meta.url), 'utf8'));
    expect(nb.cells.map((c) => c.type)).toEqual(['markdown', 'code', 'code']);
    expect(nb.cells[0]?.source).toBe('# A Kaggle script kernel in percent format');
    expect(nb.cells[2]?.source).toBe('print(train.shape)');
    expect(nb.cells.map((c) => c.codeIndex)).toEqual([null, 0, 1]);
  });

  it("splits nbconvert's `# In[n]:` markers", () => {
    const nb = parseScript('#!/usr/bin/env python\n\n# In[1]:\n\nx = 1\n\n\n# In[2]:\n\nprint(x)\n');
    expect(nb.cells.map((c) => c.source.trim())).toEqual(['#!/usr/bin/env python', 'x = 1', 'print(x)']);
  });
});

describe('parseNotebookFile', () => {
  it('refuses R, Julia and SQL kernels by extension', () => {
    for (const name of ['k.R', 'k.Rmd', 'k.jl', 'k.irnb', 'k.sql']) {
      expect(() => parseNotebookFile(name, Buffer.from('x <- 1'))).toThrow(/not supported/);
    }
  });
  it('reads a .json file as a notebook when it is one', () => {
    const parsed = parseNotebookFile('n.json', Buffer.from('{"cells": [], "nbformat": 4, "nbformat_minor": 5}'));
    expect(parsed.notebook.cells).toEqual([]);
  });
  it('refuses other text files', () => {
    expect(() => parseNotebookFile('notes.txt', Buffer.from('hello'))).toThrow(/neither a notebook/);
  });
});
