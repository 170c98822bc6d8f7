// One entry point: a file's name and bytes -> a parsed Python notebook, or an InvalidNotebookError
// that says why not. Pure.
import { extname } from 'node:path';
import { InvalidNotebookError } from '../src/errors.js';
import { decodeText, stripBom } from './file-content.js';
import { parseIpynb, type ParsedNotebook } from './ipynb.js';
import { parseScript } from './script.js';

/** Extensions a folder walk picks up: notebooks and kernel scripts of any language (others are reported). */
export const NOTEBOOK_EXTENSIONS = new Set(['.ipynb', '.py', '.r', '.rmd', '.jl', '.irnb', '.ijlnb', '.sql']);

const OTHER_LANGUAGES: Record<string, string> = {
  '.r': 'R',
  '.rmd': 'R Markdown',
  '.irnb': 'R',
  '.jl': 'Julia',
  '.ijlnb': 'Julia',
  '.sql': 'SQL',
};

export interface ParsedFile {
  text: string;
  notebook: ParsedNotebook;
}

export function parseNotebookFile(fileName: string, bytes: Uint8Array): ParsedFile {
  const ext = extname(fileName).toLowerCase();
  const language = OTHER_LANGUAGES[ext];
  if (language) {
    throw new InvalidNotebookError('unsupported_language', `${language} kernels (${ext}) are not supported; only Python`);
  }
  const text = decodeText(bytes);
  if (ext === '.py') return { text, notebook: parseScript(text) };
  if (ext === '.ipynb' || ext === '.json' || stripBom(text).trimStart().startsWith('{')) {
    return { text, notebook: parseIpynb(text) };
  }
  throw new InvalidNotebookError('unsupported_file', `"${ext || 'no extension'}" is neither a notebook (.ipynb) nor a Python script (.py)`);
}
