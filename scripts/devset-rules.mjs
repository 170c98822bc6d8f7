#!/usr/bin/env node
// Which repair rules rewrite something in each notebook of a development set (docs/devset.md),
// without running the notebooks: the rule pass alone, with facts introspected from the installed
// libraries in the sandbox. Prints, per half, how many notebooks any rule rewrites and how often
// each rule fires; per-notebook rules for half A only (half B is held out).
// Usage: node scripts/devset-rules.mjs <devset-dir> [<project-root-with-dist>]   (after npm run build)
import { readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const devset = resolve(process.argv[2] ?? '');
const root = resolve(process.argv[3] ?? '.');
if (!process.argv[2]) {
  console.error('usage: node scripts/devset-rules.mjs <devset-dir> [<project-root-with-dist>]');
  process.exit(2);
}
const load = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
const { loadPythonParser } = await load('extractors/python/parser.js');
const { openSandbox } = await load('src/sandbox/index.js');
const { Introspector } = await load('src/repair/facts.js');
const { rulePass } = await load('src/repair/rule-pass.js');

const manifest = JSON.parse(readFileSync(join(devset, 'MANIFEST.json'), 'utf8'));
const parser = await loadPythonParser();
const sandbox = await openSandbox({ kind: 'local', python: process.env.HOOKMINE_PYTHON || '/usr/bin/python3', image: 'unused' });
const introspector = new Introspector(sandbox.executor);
const halves = { A: { n: 0, ruled: 0, rules: {} }, B: { n: 0, ruled: 0, rules: {} } };
const rowsA = [];
// DEVSET_RULES_JSON=<file>: also write {file: [rules]} for every notebook (to select runs by it, unread)
const perFile = {};
for (const e of manifest) {
  const nb = JSON.parse(readFileSync(join(devset, e.file), 'utf8'));
  const src = (s) => (Array.isArray(s) ? s.join('') : (s ?? ''));
  const cells = (nb.cells ?? []).map((c, i) => ({ cellIndex: i, cellType: c.cell_type, source: src(c.source) }));
  const dataFiles = [];
  const out = await rulePass(parser, introspector, cells, { competition: e.competition, dataFiles });
  const names = [...new Set(out.repairs.map((r) => r.rule))].sort();
  perFile[e.file] = names;
  const h = halves[e.half];
  h.n++;
  if (names.length > 0) h.ruled++;
  for (const r of names) h.rules[r] = (h.rules[r] ?? 0) + 1;
  if (e.half === 'A') rowsA.push(`| ${e.file} | ${names.join(', ')} |`);
}
console.log('| half | notebooks | rewritten by some rule | notebooks per rule |');
console.log('|---|---:|---:|---|');
for (const [k, h] of Object.entries(halves)) {
  console.log(`| ${k} | ${h.n} | ${h.ruled} | ${Object.entries(h.rules).sort((a, b) => b[1] - a[1]).map(([r, c]) => `${r} ${c}`).join(', ')} |`);
}
console.log('\nHalf A, per notebook:\n\n| notebook | rules |\n|---|---|');
for (const r of rowsA) console.log(r);
if (process.env.DEVSET_RULES_JSON) writeFileSync(process.env.DEVSET_RULES_JSON, JSON.stringify(perFile));
sandbox.close?.();
