// Tokens for the hashing embedding. A step's text (from stepCompletion) has three parts, told
// apart by its comment markers: the name, the code and the value summary; a prompt is prose. Each
// part gets its own token namespace, and every word also goes into one shared namespace (`w:`), so a
// column named in the question and used in the code hash to the same feature. Numbers become
// sign/magnitude buckets: exact values never repeat, their scale does. Pure functions.

import { codeConcepts, conceptPairTokens, questionConcepts } from './concepts.js';
import { exactMatchTokens } from './exact-match.js';
import { LEFT_OUT_MARKER, leftOutFeatures } from './column-coverage.js';
import { UNCHANGED_MARKER } from './step-text.js';

const CODE_TOKEN = /[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|'[^'\n]*'|"[^"\n]*"|==|!=|<=|>=|\*\*|\/\/|[<>+\-*/%&|~=^@]|[()[\]{}.,:]/g;
const VALUE_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|[{}[\]]/g;
const WORD = /[A-Za-z]+|\d+(?:\.\d+)?/g;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

export interface StepParts {
  name: string;
  code: string;
  value: string;
  /** the value's type from the `# value (<type>):` marker, '' when absent */
  valueType: string;
  /** the step's value equals an earlier step's (the `# unchanged:` line) */
  unchanged: boolean;
  /** feature tokens of the `# left out:` line (column-coverage.ts), [] without one */
  leftOut: string[];
}

/** Split a step completion back into name, code and value; text without markers is all code. */
export function stepParts(text: string): StepParts {
  const lines = text.split('\n');
  let name = '';
  let value = '';
  let valueType = '';
  let unchanged = false;
  let leftOut: string[] = [];
  const code: string[] = [];
  for (const line of lines) {
    const marker = /^# value(?: \(([^)]*)\))?: /.exec(line);
    if (!name && line.startsWith('# step: ')) name = line.slice(8);
    else if (line.startsWith(UNCHANGED_MARKER)) unchanged = true;
    else if (line.startsWith(LEFT_OUT_MARKER)) leftOut = leftOutFeatures(line);
    else if (marker) {
      value += `${line.slice(marker[0].length)} `;
      valueType ||= marker[1] ?? '';
    } else code.push(line);
  }
  return { name, code: code.join('\n'), value: value.trim(), valueType, unchanged, leftOut };
}

/** "+e1" for 12.5, "-e0" for -3, "0" for zero: the sign and decimal order of magnitude, bounded. */
export function numberBucket(text: string): string {
  const x = Number(text);
  if (!Number.isFinite(x)) return 'nan';
  if (x === 0) return '0';
  const order = Math.max(-4, Math.min(9, Math.floor(Math.log10(Math.abs(x)))));
  const kind = Number.isInteger(x) ? 'i' : 'f';
  return `${x < 0 ? '-' : '+'}e${order}${kind}`;
}

/** Lower-case words of an identifier: "meanFare_by_class" -> mean, fare, by, class. */
export function identifierWords(identifier: string): string[] {
  return identifier
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter((w) => w.length > 1 && !/^\d+$/.test(w))
    .map((w) => w.toLowerCase());
}

export function codeTokens(code: string): string[] {
  const out: string[] = [];
  const raw = code.match(CODE_TOKEN) ?? [];
  let previous = '^';
  for (const token of raw) {
    let unit: string;
    if (token.startsWith("'") || token.startsWith('"')) {
      const inner = token.slice(1, -1);
      unit = `str:${inner.toLowerCase()}`;
      for (const w of identifierWords(inner)) out.push(`w:${w}`);
    } else if (NUMBER.test(token)) {
      unit = `num:${numberBucket(token)}`;
      out.push(`c:lit:${token.length <= 4 ? token : numberBucket(token)}`);
    } else {
      unit = token;
      if (/^[A-Za-z_]/.test(token)) for (const w of identifierWords(token)) out.push(`w:${w}`);
    }
    out.push(`c:${unit}`, `c2:${previous} ${unit}`);
    previous = unit;
  }
  return out;
}

export function valueTokens(value: string): string[] {
  const out: string[] = [];
  let key = '';
  for (const token of value.match(VALUE_TOKEN) ?? []) {
    if (NUMBER.test(token)) {
      const bucket = numberBucket(token);
      out.push(`v:num:${bucket}`, `vk:${key}=${bucket}`);
    } else if (/^[{}[\]]$/.test(token)) {
      out.push(`v:${token}`);
    } else {
      const lower = token.toLowerCase();
      key = lower;
      out.push(`v:${lower}`);
      for (const w of identifierWords(token)) out.push(`w:${w}`);
    }
  }
  return out;
}

export function nameTokens(name: string): string[] {
  return identifierWords(name).flatMap((w) => [`n:${w}`, `w:${w}`]);
}

/** Prose (a question): words, word pairs and number buckets. */
export function proseTokens(text: string): string[] {
  const out: string[] = [];
  let previous = '^';
  for (const token of text.match(WORD) ?? []) {
    const unit = NUMBER.test(token) ? `num:${numberBucket(token)}` : token.toLowerCase();
    out.push(`q:${unit}`, `q2:${previous} ${unit}`);
    if (!unit.startsWith('num:') && unit.length > 1) out.push(`w:${unit}`);
    previous = unit;
  }
  return out;
}

/** Every token of a step completion. The value's type is a token too: `error` marks a crash. */
export function stepTokens(text: string): string[] {
  const parts = stepParts(text);
  const type = parts.valueType ? [`vt:${parts.valueType.toLowerCase()}`] : [];
  return [...nameTokens(parts.name), ...codeTokens(parts.code), ...valueTokens(parts.value), ...type, ...stepValueFeatures(parts)];
}

/** What the value is (valueFeatures) and what the step text's marker lines say about it. */
function stepValueFeatures(parts: StepParts): string[] {
  return [...valueFeatures(parts.value, parts.valueType), ...(parts.unchanged ? ['vf:unchanged'] : []), ...parts.leftOut];
}

const SCALAR = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

/**
 * What a value is, in words that mean the same on any dataset (hashing v4): a whole number or a
 * fraction, a share (0..1) or a percentage-sized number, negative, zero, missing, an empty table, a
 * table with missing values, a crash. Paired with the question's words and concepts (pairTokens),
 * they let a verifier judge a value against what was asked: "how many" next to a fraction, "share"
 * next to 37.0.
 */
export function valueFeatures(value: string, valueType = ''): string[] {
  const out: string[] = [];
  const v = value.trim();
  const type = valueType.toLowerCase();
  if (type === 'error') return ['vf:error'];
  if (v === 'None' || /^nan$/i.test(v) || v === 'NaN') return ['vf:missing'];
  if (v === 'True' || v === 'False') return ['vf:bool'];
  if (SCALAR.test(v)) {
    const x = Number(v);
    out.push(Number.isInteger(x) && !v.includes('.') ? 'vf:whole' : 'vf:fraction');
    if (x === 0) out.push('vf:zero');
    else if (x < 0) out.push('vf:negative');
    else if (x <= 1) out.push('vf:unit');
    else if (x <= 100) out.push('vf:percent-size');
    else out.push('vf:large');
    return out;
  }
  if (v.startsWith('"')) return ['vf:text'];
  const shape = /shape: \[(\d+)(?:, (\d+))?\]/.exec(v);
  if (shape) {
    const rows = Number(shape[1]);
    out.push(rows === 0 ? 'vf:empty' : rows === 1 ? 'vf:one-row' : 'vf:rows');
    if (/missing: \{[^}]/.test(v)) out.push('vf:has-missing');
    if (/\bnan\b|None/.test(v)) out.push('vf:nan-inside');
  } else if (v.startsWith('[')) out.push(v === '[]' ? 'vf:empty' : 'vf:list');
  else if (v.startsWith('{')) out.push('vf:object');
  return out;
}

// Function words carry no meaning in a question x code pair.
const STOP = new Set(
  'a an and are as at be by do does for from has have how in is it its of on or than that the their there these this to was what when where which who whose with'.split(' '),
);

/** Content words of a question (lower case, no function words, no numbers). */
export function questionWords(prompt: string): Set<string> {
  const out = new Set<string>();
  for (const token of prompt.match(WORD) ?? []) {
    const w = token.toLowerCase();
    if (w.length > 1 && !NUMBER.test(w) && !STOP.has(w)) out.add(w);
  }
  return out;
}

/**
 * Tokens of a (question, step) pair, the hashing provider's way of relating a step to what was
 * asked: quadratic features `x:<question word>|<code token>` (Vowpal Wabbit's -q), so "average"
 * next to `.sum` is a feature of its own, and exact-match counts (DrQA) of the column names and
 * words in the code that the question does or does not mention, which mean the same on any dataset,
 * and concept pairs (concepts.ts), which mean the same in any template family.
 */
export function pairTokens(prompt: string, step: string): string[] {
  const question = questionWords(prompt);
  const parts = stepParts(step);
  const code = parts.code;
  const out: string[] = [];
  for (const token of codeTokens(code)) {
    if (token.startsWith('c:str:')) {
      const words = identifierWords(token.slice(6));
      if (words.length) out.push(words.every((w) => question.has(w)) ? 'em:column-in' : 'em:column-out');
    }
  }
  out.push(...exactMatchTokens(prompt, code));
  const ops = operationTokens(code);
  for (const q of question) for (const op of ops) out.push(`x:${q}|${op}`);
  const concepts = questionConcepts(question);
  out.push(...conceptPairTokens(concepts, codeConcepts(ops, code)));
  // The value against the question (hashing v4): question words and concepts x what the value is.
  for (const f of stepValueFeatures(parts)) {
    for (const q of question) out.push(`xv:${q}|${f}`);
    for (const c of concepts) out.push(`semv:${c}|${f}`);
  }
  // The step's name says what it is meant to compute ("mean_fare"): pair it with what the code does.
  for (const n of identifierWords(parts.name)) for (const op of ops) out.push(`y:${n}|${op}`);
  return out;
}

/**
 * What a line of code does, without the names it does it to: methods and attributes (`.mean`),
 * called functions, keyword arguments with their value (`ascending=True`), comparison and
 * arithmetic operators and small literals. Variable and column names are left out: pairing them
 * with question words would make dataset-specific features that do not carry over.
 */
export function operationTokens(code: string): Set<string> {
  const raw = code.match(CODE_TOKEN) ?? [];
  const out = new Set<string>();
  raw.forEach((token, i) => {
    const before = raw[i - 1];
    const after = raw[i + 1];
    if (/^(==|!=|<=|>=|<|>|[+\-*/%]|\*\*|\/\/|&|\||~)$/.test(token)) out.add(token);
    else if (/^[A-Za-z_]/.test(token)) {
      if (before === '.') out.add(`.${token}`);
      else if (after === '(') out.add(`${token}(`);
      else if (after === '=' && raw[i + 2] !== undefined && before !== undefined && /[(,]/.test(before)) out.add(`${token}=${raw[i + 2]}`);
    } else if (NUMBER.test(token) && token.length <= 3) out.add(`lit:${token}`);
  });
  return out;
}
