// A light Python line scanner: for each physical line, whether it starts a logical line (not
// inside a string, brackets or a backslash continuation), its code with comments removed, and
// the string literals on it. Enough to find magics, Python 2 statements and path literals without
// a parser, and without being fooled by text inside strings. Pure.

export interface StringLiteral {
  /** offset of the literal (prefix included) in the physical line */
  start: number;
  /** offset just after the closing quote */
  end: number;
  prefix: string;
  quote: string;
  /** the text between the quotes, as written */
  body: string;
  /** the value, with the escapes a path literal can hold resolved (raw strings left alone) */
  value: string;
}

export interface ScannedLine {
  /** 1-based line number within the cell */
  line: number;
  text: string;
  /** the line begins a logical line: a magic or statement can start here */
  logicalStart: boolean;
  /** the line's code with string contents blanked and the comment removed */
  code: string;
  /** string literals that open and close on this line */
  strings: StringLiteral[];
}

// ur'' is Python 2 only, kept so its literal is still recognised as one
const PREFIX = /^(?:[rRbBuUfF]|[rR][bBfF]|[bBfF][rR]|[uU][rR])$/;

function decode(body: string, raw: boolean): string {
  if (raw) return body;
  return body.replace(/\\(\\|'|"|\n)/g, (_m, c: string) => (c === '\n' ? '' : c));
}

export function scanPython(source: string): ScannedLine[] {
  const lines = source.split('\n');
  const out: ScannedLine[] = [];
  // state carried across lines
  let inString: { quote: string; triple: boolean } | null = null;
  let depth = 0;
  let continued = false;
  for (let n = 0; n < lines.length; n++) {
    const text = lines[n] as string;
    const logicalStart = inString === null && depth === 0 && !continued;
    let code = '';
    const strings: StringLiteral[] = [];
    let i = 0;
    continued = false;
    if (inString) {
      // continue a string opened on an earlier line
      const close = findClose(text, 0, inString.quote, inString.triple);
      if (close < 0) {
        out.push({ line: n + 1, text, logicalStart, code: '', strings });
        if (!inString.triple && !text.endsWith('\\')) inString = null; // unterminated single-quoted string: give up on it
        continue;
      }
      i = close + inString.quote.length * (inString.triple ? 3 : 1);
      code += '""';
      inString = null;
    }
    while (i < text.length) {
      const ch = text[i] as string;
      if (ch === '#') break;
      if (ch === '"' || ch === "'") {
        const triple = text.startsWith(ch.repeat(3), i);
        // a prefix is the identifier characters just before the quote
        let p = i;
        while (p > 0 && /[A-Za-z]/.test(text[p - 1] as string)) p--;
        const prefix = text.slice(p, i);
        const hasPrefix = prefix !== '' && PREFIX.test(prefix);
        const start = hasPrefix ? p : i;
        if (hasPrefix) code = code.slice(0, code.length - prefix.length);
        const bodyStart = i + (triple ? 3 : 1);
        const close = findClose(text, bodyStart, ch, triple);
        if (close < 0) {
          inString = { quote: ch, triple };
          i = text.length;
          break;
        }
        const end = close + (triple ? 3 : 1);
        const body = text.slice(bodyStart, close);
        const pre = hasPrefix ? prefix : '';
        strings.push({ start, end, prefix: pre, quote: triple ? ch.repeat(3) : ch, body, value: decode(body, /r/i.test(pre)) });
        code += '""';
        i = end;
        continue;
      }
      if ('([{'.includes(ch)) depth++;
      else if (')]}'.includes(ch)) depth = Math.max(0, depth - 1);
      code += ch;
      i++;
    }
    continued = inString === null && code.endsWith('\\');
    if (inString && !inString.triple) {
      // a single-quoted string only continues with a trailing backslash
      if (!text.endsWith('\\')) inString = null;
    }
    out.push({ line: n + 1, text, logicalStart, code, strings });
  }
  return out;
}

/** Index of the closing quote (the first of three for triple quotes), honouring escapes; -1 if none. */
function findClose(text: string, from: number, quote: string, triple: boolean): number {
  for (let i = from; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
      continue;
    }
    if (ch === quote && (!triple || text.startsWith(quote.repeat(3), i))) return i;
  }
  return -1;
}
