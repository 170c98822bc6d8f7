// Exact-match features of a (question, step) pair beyond column names (hashing v5): does a number in
// the code appear in the question, and does a list of the question's columns leave some of them
// out? They mean the same on any dataset and in any template family, so a verifier can check a
// step against what was asked: "max_depth=4" asked and `max_depth=5` written, "the five largest"
// asked and `.nlargest(6)` written, four columns listed in the question and two in the code. Pure.

const NUMBER_WORDS = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen', 'twenty'];

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

const near = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/**
 * `em:number-in` / `em:number-out` for each number literal of the code (a keyword argument's value
 * gets `em:kw-number-*`, as `max_depth=5`); 0 and 1 are bookkeeping in most code and get their own
 * token. `em:list-omits:<k>` for a list of string literals that all name question columns and leave
 * k of the question's columns out (capped at 3), `em:list-extra` when it holds one it does not name.
 */
export function exactMatchTokens(prompt: string, code: string): string[] {
  const question = questionLine(prompt);
  const numbers = questionNumbers(question);
  const out: string[] = [];
  const known = (x: number) => [...numbers].some((n) => near(n, x));
  for (const m of code.matchAll(/(?<![\w.'"])-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?(?![\w.])/g)) {
    const kind = /[(,]\s*\w+\s*=\s*$/.test(code.slice(0, m.index)) ? 'kw-number' : 'number';
    const x = Number(m[0]);
    out.push(`em:${kind}-${x === 0 || x === 1 ? '01' : known(x) ? 'in' : 'out'}`);
  }
  const columns = questionColumns(question);
  if (columns.size >= 2) {
    for (const list of code.matchAll(/\[((?:\s*(['"])[^'"\n]*\2\s*,)+\s*(['"])[^'"\n]*\3\s*,?\s*)\]/g)) {
      const items = [...(list[1] as string).matchAll(/(['"])([^'"\n]*)\1/g)].map((x) => x[2] as string);
      if (items.some((i) => !columns.has(i))) out.push('em:list-extra');
      else out.push(`em:list-omits:${Math.min(3, [...columns].filter((c) => !items.includes(c)).length)}`);
    }
  }
  return out;
}
