// IPython syntax -> plain Python, one cell at a time: line magics (%matplotlib, %time), cell
// magics (%%time, %%capture, %%writefile), shell escapes (!pip install, !ls, x = !ls) and help
// (obj?). Each rewrite keeps one output line per input line where it can, so line numbers still
// point into the original cell; each is recorded as a Deviation. Pure.
import type { Deviation } from './deviations.js';
import { scanPython } from './python-lines.js';

/** How the runner must treat a %%capture cell: its output is swallowed (and kept in `variable`). */
export interface CaptureSpec {
  variable: string | null;
  stdout: boolean;
  stderr: boolean;
}

export interface MagicTransform {
  /** the Python lines to run */
  lines: string[];
  /** for each output line, the 1-based line of the original cell it came from */
  lineMap: number[];
  deviations: Deviation[];
  capture?: CaptureSpec;
  /** the whole cell does not run here */
  dropped?: boolean;
}

// Shell commands that need the network or change the installation: never run in the sandbox.
const DROPPED_SHELL = /^\s*(sudo\s+)?(pip3?|python3?\s+-m\s+pip|conda|mamba|apt(-get)?|wget|curl|kaggle|git|jupyter|nvidia-smi|gdown|huggingface-cli)\b/;

const SHIM = "__import__('hookmine_ipython')";

// IPython's automagic: `pip install x` or `matplotlib inline` without the %. Only a magic name
// followed by a word Python cannot continue with counts (`time = 3` or `ls[0]` stay Python).
const AUTOMAGIC = /^(pip|conda|matplotlib|load_ext|reload_ext|config|pylab|cd|env|timeit|who|whos|history|reset|autoreload)\s+(?![=([.,:;+\-*/%<>!&|^~@]|(?:in|is|and|or|not|if|else|for)\b)(\S.*)$/;

function py(value: string): string {
  // A JSON string is a valid Python string literal.
  return JSON.stringify(value);
}

function indentOf(line: string): string {
  return /^\s*/.exec(line)?.[0] ?? '';
}

type LineResult = { code: string; kind: Deviation['kind']; detail: string };

/** Line magics: name -> the Python that replaces the line (`pass` when it does nothing here). */
function lineMagic(name: string, args: string): LineResult {
  const a = args.trim();
  switch (name) {
    case 'matplotlib':
      return { code: 'pass', kind: 'magic_dropped', detail: "figures are rendered by the sandbox's inline backend" };
    case 'pylab':
      return { code: 'import numpy; import matplotlib; from matplotlib.pylab import *', kind: 'magic_shimmed', detail: '%pylab imports numpy and pylab names' };
    case 'time':
    case 'prun':
      return a ? { code: a, kind: 'magic_shimmed', detail: `%${name} runs the statement; its timing is not reproduced` } : { code: 'pass', kind: 'magic_dropped', detail: `%${name} without a statement` };
    case 'timeit':
    case 'memit':
      return { code: 'pass', kind: 'magic_dropped', detail: `%${name} keeps nothing in the namespace; its timing is not reproduced` };
    case 'env': {
      const m = /^(\w+)\s*[= ]\s*(.*)$/.exec(a);
      if (m) return { code: `__import__('os').environ[${py(m[1] as string)}] = ${py((m[2] as string).trim())}`, kind: 'magic_shimmed', detail: '%env sets an environment variable' };
      return { code: 'pass', kind: 'magic_dropped', detail: '%env listing' };
    }
    case 'cd':
      return { code: a ? `__import__('os').chdir(${py(a)})` : 'pass', kind: 'magic_shimmed', detail: '%cd changes the working directory' };
    case 'pwd':
      return { code: "__import__('os').getcwd()", kind: 'magic_shimmed', detail: '%pwd is os.getcwd()' };
    case 'ls':
    case 'cat':
    case 'mkdir':
    case 'rm':
    case 'cp':
    case 'mv':
    case 'sx':
    case 'system':
      return { code: `${SHIM}.system(${py(name === 'sx' || name === 'system' ? a : `${name} ${a}`.trim())})`, kind: 'shell_shimmed', detail: `%${name} runs in the sandbox's shell` };
    case 'pip':
    case 'conda':
      return { code: 'pass', kind: 'shell_dropped', detail: 'no package installs: the sandbox has no network' };
    default:
      return { code: 'pass', kind: 'magic_dropped', detail: `%${name} has no effect on results here` };
  }
}

/** A shell escape `!cmd` or an assignment `x = !cmd`. */
function shellLine(cmd: string, target: string | null): LineResult {
  if (DROPPED_SHELL.test(cmd)) {
    return { code: target ? `${target} = []` : 'pass', kind: 'shell_dropped', detail: 'installs and downloads do not run: the sandbox has no network' };
  }
  if (target) return { code: `${target} = ${SHIM}.getoutput(${py(cmd)})`, kind: 'shell_shimmed', detail: "runs in the sandbox's shell; the output lines are the value" };
  return { code: `${SHIM}.system(${py(cmd)})`, kind: 'shell_shimmed', detail: "runs in the sandbox's shell" };
}

const DISPLAY_ONLY = new Set(['html', 'HTML', 'javascript', 'js', 'markdown', 'latex', 'svg', 'perl', 'ruby', 'sql', 'debug', 'timeit', 'memit']);

function cellMagic(cell: number, source: string): MagicTransform | undefined {
  const lines = source.split('\n');
  const firstIndex = lines.findIndex((l) => l.trim() !== '');
  const first = firstIndex >= 0 ? (lines[firstIndex] as string) : '';
  const m = /^\s*%%(\w+)\s*(.*)$/.exec(first);
  if (!m) return undefined;
  const name = m[1] as string;
  const args = (m[2] as string).trim();
  const body = lines.slice(firstIndex + 1).join('\n');
  const deviation = (kind: Deviation['kind'], after: string, detail: string): Deviation => ({ kind, cell, line: firstIndex + 1, before: first.trim(), after, detail });
  const keepBody = (dev: Deviation, capture?: CaptureSpec): MagicTransform => {
    // The magic line becomes a comment: the body keeps its line numbers.
    const inner = transformLines(cell, body, firstIndex + 1);
    return {
      lines: [...lines.slice(0, firstIndex), `# ${first.trim()}`, ...inner.lines],
      lineMap: [...lines.slice(0, firstIndex + 1).map((_l, i) => i + 1), ...inner.lineMap],
      deviations: [dev, ...inner.deviations],
      capture,
    };
  };
  if (name === 'time' || name === 'prun') {
    return keepBody(deviation('magic_dropped', '', `%%${name} runs the cell; its timing is not reproduced`));
  }
  if (name === 'capture') {
    const words = args.split(/\s+/).filter(Boolean);
    const variable = words.find((w) => !w.startsWith('-')) ?? null;
    const capture = { variable, stdout: !words.includes('--no-stdout'), stderr: !words.includes('--no-stderr') };
    return keepBody(deviation('magic_shimmed', '', `%%capture: the cell's output is captured${variable ? ` into ${variable}` : ''}, as in IPython`), capture);
  }
  if (name === 'writefile' || name === 'file') {
    const append = /(^|\s)(-a|--append)(\s|$)/.test(args);
    const path = args.replace(/(^|\s)(-a|--append)(\s|$)/, ' ').trim().replace(/^["']|["']$/g, '');
    const code = `${SHIM}.writefile(${py(path)}, ${py(body.endsWith('\n') ? body : `${body}\n`)}, append=${append ? 'True' : 'False'})`;
    return { lines: [code], lineMap: [firstIndex + 1], deviations: [deviation('magic_shimmed', code, '%%writefile writes the cell to a file')] };
  }
  if (name === 'bash' || name === 'sh' || name === 'script' || name === 'system') {
    if (body.split('\n').some((l) => DROPPED_SHELL.test(l))) {
      return { lines: ['pass'], lineMap: [firstIndex + 1], deviations: [deviation('cell_dropped', 'pass', 'shell cell with installs or downloads: the sandbox has no network')], dropped: true };
    }
    const code = `${SHIM}.system(${py(body)})`;
    return { lines: [code], lineMap: [firstIndex + 1], deviations: [deviation('shell_shimmed', code, `%%${name} runs in the sandbox's shell`)] };
  }
  const why = DISPLAY_ONLY.has(name) ? `%%${name} output is not reproduced` : `unknown cell magic %%${name}`;
  return { lines: ['pass'], lineMap: [firstIndex + 1], deviations: [deviation('cell_dropped', 'pass', why)], dropped: true };
}

/** Line-level rewrites of one cell's source; `offset` shifts line numbers (a cell magic's body). */
function transformLines(cell: number, source: string, offset = 0): MagicTransform {
  const scanned = scanPython(source);
  const lines: string[] = [];
  const lineMap: number[] = [];
  const deviations: Deviation[] = [];
  for (const s of scanned) {
    const lineNo = s.line + offset;
    lineMap.push(lineNo);
    const trimmed = s.text.trim();
    const indent = indentOf(s.text);
    let result: LineResult | undefined;
    let m: RegExpExecArray | null;
    if (!s.logicalStart || trimmed === '' || trimmed.startsWith('#')) result = undefined;
    else if ((m = /^%(?!%)(\w+)\s*(.*)$/.exec(trimmed))) result = lineMagic(m[1] as string, m[2] as string);
    else if ((m = AUTOMAGIC.exec(trimmed))) {
      const inner = lineMagic(m[1] as string, m[2] as string);
      result = { ...inner, detail: `${inner.detail} (written without %: IPython's automagic)` };
    }
    else if ((m = /^!(?!=)(.*)$/.exec(trimmed))) result = shellLine((m[1] as string).trim(), null);
    else if ((m = /^([\w.,\s[\]]+?)\s*=\s*!(?!=)(.*)$/.exec(trimmed))) result = shellLine((m[2] as string).trim(), (m[1] as string).trim());
    else if ((m = /^([\w.,\s]+?)\s*=\s*%(?!%)(\w+)\s*(.*)$/.exec(trimmed))) {
      const inner = lineMagic(m[2] as string, m[3] as string);
      result = { ...inner, code: inner.code === 'pass' ? `${(m[1] as string).trim()} = None` : `${(m[1] as string).trim()} = ${inner.code}` };
    } else if (/^\?\??[\w.]+$|^[\w.]+\?\??$/.test(trimmed)) result = { code: 'pass', kind: 'magic_dropped', detail: 'help (?) shows documentation only' };
    if (!result) {
      lines.push(s.text);
      if (/\b(display|get_ipython)\s*\(/.test(s.code)) {
        const what = /\bget_ipython\s*\(/.test(s.code) ? 'get_ipython()' : 'display()';
        deviations.push({ kind: 'ipython_shimmed', cell, line: lineNo, before: trimmed, after: trimmed, detail: `${what} is provided by hookmine's IPython stand-in` });
      }
      continue;
    }
    // Keep the original text as a comment on the same line: the line count does not change.
    const code = result.code === 'pass' && result.kind.endsWith('dropped') ? 'pass' : result.code;
    lines.push(`${indent}${code}  # hookmine: ${trimmed.replace(/\\$/, '')}`);
    deviations.push({ kind: result.kind, cell, line: lineNo, before: trimmed, after: code, detail: result.detail });
  }
  return { lines, lineMap, deviations };
}

/** Rewrite one code cell's IPython syntax into Python. */
export function transformMagics(cell: number, source: string): MagicTransform {
  return cellMagic(cell, source) ?? transformLines(cell, source);
}
