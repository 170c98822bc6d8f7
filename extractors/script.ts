// Kaggle script kernels (.py) -> cells. A plain script is one code cell; the percent format
// (`# %%`, `# %% [markdown]`) and nbconvert's `# In[3]:` markers split it the way Jupyter would.
import { stripBom } from './file-content.js';
import type { ParsedCell, ParsedNotebook } from './ipynb.js';

const PERCENT = /^#\s?%%(.*)$/;
const NBCONVERT = /^# In\[[\d ]*\]:\s*$/;

function commentToMarkdown(lines: string[]): string {
  return lines.map((l) => l.replace(/^#\s?/, '')).join('\n');
}

export function parseScript(text: string): ParsedNotebook {
  const body = stripBom(text);
  const lines = body.split(/\r?\n/);
  const hasMarkers = lines.some((l) => PERCENT.test(l) || NBCONVERT.test(l));
  const chunks: { type: 'code' | 'markdown'; lines: string[] }[] = [];
  if (!hasMarkers) {
    chunks.push({ type: 'code', lines });
  } else {
    let current: { type: 'code' | 'markdown'; lines: string[] } = { type: 'code', lines: [] };
    for (const line of lines) {
      const percent = PERCENT.exec(line);
      if (percent || NBCONVERT.test(line)) {
        chunks.push(current);
        const isMarkdown = percent ? /\[(markdown|md)\]/i.test(percent[1] ?? '') : false;
        current = { type: isMarkdown ? 'markdown' : 'code', lines: [] };
        continue;
      }
      current.lines.push(line);
    }
    chunks.push(current);
  }
  let codeIndex = 0;
  const cells: ParsedCell[] = chunks
    .map((c) => ({ ...c, text: c.type === 'markdown' ? commentToMarkdown(c.lines) : c.lines.join('\n') }))
    .filter((c, i) => !(hasMarkers && i === 0 && c.text.trim() === ''))
    .map((c, index) => ({
      index,
      codeIndex: c.type === 'code' ? codeIndex++ : null,
      type: c.type,
      source: hasMarkers ? c.text.replace(/\n+$/, '') : c.text,
      executionCount: null,
      outputs: [],
    }));
  return {
    kind: 'script',
    nbformat: null,
    nbformatMinor: null,
    language: 'python',
    languageAssumed: false,
    languageVersion: null,
    kernelName: null,
    title: null,
    cells,
    kaggleMetadata: null,
  };
}
