// The template library as `hookmine synth --list` prints it (text or JSON).
import { FAMILIES } from '../../templates/registry.js';

export function listLibrary(format: 'text' | 'json'): unknown {
  if (format === 'json') {
    return FAMILIES.map((f) => ({ id: f.id, category: f.category, title: f.title, distractor: Boolean(f.distractor), needsPartner: Boolean(f.needsPartner), variants: f.variants }));
  }
  const lines = [`${FAMILIES.length} template families (* = held-out variant, kept apart for generalisation tests; + = validation variant, never trained on, where the PRM's epoch and threshold are chosen):`];
  let category = '';
  for (const f of FAMILIES) {
    if (f.category !== category) {
      category = f.category;
      lines.push('', `${category}:`);
    }
    const variants = f.variants.map((v) => `${v.id}${v.heldout ? '*' : v.validation ? '+' : ''}`).join(', ');
    lines.push(`  ${f.id.padEnd(28)} ${f.title}${f.distractor ? ' [distractor]' : ''}${f.needsPartner ? ' [two tables]' : ''}`, `  ${''.padEnd(28)} variants: ${variants}`);
  }
  return lines.join('\n');
}
