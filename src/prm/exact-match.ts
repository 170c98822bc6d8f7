// Exact-match features of a (question, step) pair beyond column names (hashing v5): does a number in
// the code appear in the question, and does a list of the question's columns leave some of them
// out? They mean the same on any dataset and in any template family, so a verifier can check a
// step against what was asked: "max_depth=4" asked and `max_depth=5` written, "the five largest"
// asked and `.nlargest(6)` written, four columns listed in the question and two in the code. Pure.

import { NUMBER_WORDS } from '../../extractors/mutations/question-text.js';
import { operandOrderTokens, rankIndexTokens } from './operand-order.js';

/** The question line of a prompt (episodePrompt writes `# question: ...`); the whole text otherwise. */
export function questionLine(prompt: string): string {
  const line = prompt.split('\n').find((l) => l.startsWith('# question: '));
  return line === undefined ? prompt : line.slice('# question: '.length);
}

/** The numbers a question states, in digits or as words; a percentage also as its fraction. */
export function questionNumbers(question: string): Set<number> {
  const out = new Set<number>();
  for (const m of question.matchAll(/(?<![\w.])-?\d+(?:\.\d+)?(%?)/g)) {
    const x = Number(m[0].replace('%', ''));
    if (!Number.isFinite(x)) continue;
    out.add(x);
    if (m[1]) out.add(x / 100);
  }
  for (const m of question.toLowerCase().matchAll(/[a-z]+/g)) {
    const i = NUMBER_WORDS.indexOf(m[0]);
    if (i >= 0) out.add(i);
  }
  return out;
}

/** Columns the question names (templates and questions written for notebooks quote them in backticks). */
export function questionColumns(question: string): Set<string> {
  return new Set([...question.matchAll(/`([^`\n]+)`/g)].map((m) => m[1] as string));
}

/** The `name=value` settings a question states ("max_depth=4, random_state=0"). */
export function questionSettings(question: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of question.matchAll(/\b([A-Za-z_]\w*)\s*=\s*(-?\d+(?:\.\d+)?)(?![\w.])/g)) out.set(m[1] as string, Number(m[2]));
  return out;
}

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * `em:number-in` / `em:number-out` for each number literal of the code (a keyword argument's value
 * gets `em:kw-number-*`, and `em:kw-stated-same` / `em:kw-stated-conflict` where the question states
 * that setting: `max_depth=5` written, `max_depth=4` asked); 0 and 1 are bookkeeping in most code
 * and get their own token. `em:list-omits:<k>` for a list of string literals that all name question columns and leave
 * k of the question's columns out (capped at 3), `em:list-extra` when it holds one it does not name.
 * Then the order features of operand-order.ts (hashing v7): operands in the question's order or
 * swapped, a subscript at the stated rank's position or the one after.
 */
export function exactMatchTokens(prompt: string, code: string): string[] {
  const question = questionLine(prompt);
  const numbers = questionNumbers(question);
  const out: string[] = [];
  const known = (x: number) => [...numbers].some((n) => near(n, x));
  const settings = questionSettings(question);
  for (const m of code.matchAll(/(?<![\w.'"])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.])/g)) {
    const keyword = /[(,]\s*(\w+)\s*=\s*$/.exec(code.slice(0, m.index))?.[1];
    const x = Number(m[0]);
    const stated = keyword === undefined ? undefined : settings.get(keyword);
    // a setting the question states with another value is a contradiction, whatever the numbers
    if (stated !== undefined) out.push(near(stated, x) ? 'em:kw-stated-same' : 'em:kw-stated-conflict');
    else out.push(`em:${keyword === undefined ? 'number' : 'kw-number'}-${x === 0 || x === 1 ? '01' : known(x) ? 'in' : 'out'}`);
  }
  const columns = questionColumns(question);
  if (columns.size >= 2) {
    for (const list of code.matchAll(/\[((?:\s*(['"])[^'"\n]*\2\s*,)*\s*(['"])[^'"\n]*\3\s*,?\s*)\]/g)) {
      // `df["x"]` is a lookup, not a list: a list literal follows `=`, `(`, `,` or `[` (as in `df[["x"]]`)
      if (!/[=(,[]\s*$/.test(code.slice(0, list.index))) continue;
      const items = [...(list[1] as string).matchAll(/(['"])([^'"\n]*)\1/g)].map((x) => x[2] as string);
      if (items.some((i) => !columns.has(i))) out.push('em:list-extra');
      else out.push(`em:list-omits:${Math.min(3, [...columns].filter((c) => !items.includes(c)).length)}`);
    }
  }
  out.push(...operandOrderTokens(question, code), ...rankIndexTokens(question, code));
  return out;
}
