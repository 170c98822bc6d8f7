// Tokens for the hashing embedding. A step's text (from stepCompletion) has three parts, told
// apart by its comment markers: the name, the code and the value summary; a prompt is prose. Each
// part gets its own token namespace, and every word also goes into one shared namespace (`w:`), so a
// column named in the question and used in the code hash to the same feature. Numbers become
// sign/magnitude buckets: exact values never repeat, their scale does. Pure functions.

const CODE_TOKEN = /[A-Za-z_][A-Za-z0-9_]*|\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|'[^'\n]*'|"[^"\n]*"|==|!=|<=|>=|\*\*|\/\/|[<>+\-*/%&|~=^@]|[()[\]{}.,:]/g;
const VALUE_TOKEN = /-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?|[A-Za-z_][A-Za-z0-9_]*|[{}[\]]/g;
const WORD = /[A-Za-z]+|\d+(?:\.\d+)?/g;
const NUMBER = /^-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?$/;

export interface StepParts {
  name: string;
  code: string;
  value: string;
}

/** Split a step completion back into name, code and value; text without markers is all code. */
export function stepParts(text: string): StepParts {
  const lines = text.split('\n');
  let name = '';
  let value = '';
  const code: string[] = [];
  for (const line of lines) {
    if (!name && line.startsWith('# step: ')) name = line.slice(8);
    else if (/^# value( \([^)]*\))?: /.test(line)) value += `${line.slice(line.indexOf(': ') + 2)} `;
    else code.push(line);
  }
  return { name, code: code.join('\n'), value: value.trim() };
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

/** Every token of a step completion. */
export function stepTokens(text: string): string[] {
  const parts = stepParts(text);
  return [...nameTokens(parts.name), ...codeTokens(parts.code), ...valueTokens(parts.value)];
}
