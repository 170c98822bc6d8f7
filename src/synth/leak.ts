// "The answer never appears in the question": every way the answer could be printed (a number as
// Python prints it, rounded to a few decimals, with thousands separators; a string value; every
// member of a list or answer set), searched as a whole token in the text. Pure.

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

function significantDigits(text: string): number {
  const digits = text.replace(/^[-+]?0*\.?0*/, '').replace(/[^0-9]/g, '');
  return digits.length;
}

/** The texts a number may be printed as (at least two significant digits, or the integer itself). */
export function numberForms(n: number): string[] {
  if (!Number.isFinite(n)) return [];
  const forms = new Set<string>([String(n)]);
  if (Number.isInteger(n)) {
    if (Math.abs(n) >= 1000) forms.add(n.toLocaleString('en-US'));
    forms.add(n.toFixed(1));
  } else {
    for (let d = 1; d <= 6; d++) forms.add(n.toFixed(d));
    for (let p = 2; p <= 8; p++) forms.add(String(Number(n.toPrecision(p))));
  }
  return [...forms].filter((f) => Number.isInteger(n) || significantDigits(f) >= 2).filter((f) => !/e/i.test(f));
}

function scalarLeak(text: string, value: unknown): string | null {
  if (typeof value === 'number') {
    for (const form of numberForms(value)) {
      if (new RegExp(`(?<![0-9.A-Za-z_])${escape(form)}(?![0-9]|\\.[0-9])`).test(text)) return form;
    }
    return null;
  }
  if (typeof value === 'string') {
    const v = value.trim();
    if (!v) return null;
    return new RegExp(`(?<![A-Za-z0-9_])${escape(v)}(?![A-Za-z0-9_])`, 'i').test(text) ? v : null;
  }
  return null;
}

/**
 * The form in which `answer` (a stored answer `{value}` / `{values}`, or a raw value) appears in
 * `text`, or null when it does not.
 */
export function answerLeak(text: string, answer: unknown): string | null {
  const values: unknown[] = [];
  const collect = (v: unknown) => {
    if (Array.isArray(v)) v.forEach(collect);
    else values.push(v);
  };
  if (answer && typeof answer === 'object' && !Array.isArray(answer) && ('value' in answer || 'values' in answer)) {
    const a = answer as { value?: unknown; values?: unknown[] };
    collect('values' in a ? a.values : a.value);
  } else collect(answer);
  for (const v of values) {
    const leak = scalarLeak(text, v);
    if (leak !== null) return leak;
  }
  return null;
}
