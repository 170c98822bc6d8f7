// Python 2 syntax that Python 3 cannot compile: print statements, `except E, e`, backticks,
// `<>`, `exec "code"`, `raise E, "msg"`, long and old octal literals, `ur''` strings. Found on
// code with strings and comments blanked, so text inside strings never counts. Pure.
import { scanPython } from './python-lines.js';

export interface Python2Finding {
  cell: number;
  /** 1-based line within the cell */
  line: number;
  construct: string;
  text: string;
}

const RULES: [RegExp, string, boolean][] = [
  // [pattern on the blanked code, construct, only at the start of a logical line]
  [/^\s*print\s*(?:>>|[^\s=(.,;)\]}:+\-*/%&|^<>!]|"")/, 'print statement', true],
  [/^\s*exec\s+(?:""|[A-Za-z_])/, 'exec statement', true],
  [/^\s*except\s+[\w.]+\s*,\s*\w+\s*:/, "except E, e", true],
  [/^\s*raise\s+[\w.]+\s*,/, 'raise E, value', true],
  [/`/, 'backtick repr', false],
  [/<>/, "'<>' operator", false],
  [/(?<![\w.])\d+[lL]\b/, 'long integer literal', false],
  [/(?<![\w.])0[0-7]*[1-7][0-7]*\b(?![.eEjJ])/, 'old octal literal', false],
];

export function findPython2(cell: number, source: string): Python2Finding[] {
  const findings: Python2Finding[] = [];
  for (const line of scanPython(source)) {
    if (line.code.trim() === '') continue;
    for (const s of line.strings) {
      if (/^(ur|UR|uR|Ur)$/.test(s.prefix)) findings.push({ cell, line: line.line, construct: "ur'' string", text: line.text.trim() });
    }
    for (const [pattern, construct, atStart] of RULES) {
      if (atStart && !line.logicalStart) continue;
      if (pattern.test(line.code)) {
        findings.push({ cell, line: line.line, construct, text: line.text.trim() });
        break;
      }
    }
  }
  return findings;
}
