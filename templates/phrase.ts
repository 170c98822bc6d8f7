// Question text with bookkeeping: everything a question names (columns, values, numbers, files)
// is recorded, so a paraphrase can be checked to keep it verbatim.
import { colText, numberText, valueText } from './python.js';
import type { Scalar } from './types.js';

export class Phrase {
  private readonly kept = new Set<string>();

  col(name: string): string {
    this.kept.add(name);
    return colText(name);
  }

  val(value: Scalar): string {
    this.kept.add(typeof value === 'string' ? value : valueText(value));
    return valueText(value);
  }

  num(n: number): string {
    const text = numberText(n);
    this.kept.add(text);
    return text;
  }

  file(name: string): string {
    this.kept.add(name);
    return `\`${name}\``;
  }

  get keep(): string[] {
    return [...this.kept];
  }
}
