// Serve a competition from a plain folder, the layout of samples/demo/ (documented in
// docs/crawling.md):
//   data/<slug>/...                                  the competition's data files (any depth)
//   notebooks/<slug>/<owner>--<kernel-slug>.ipynb    a kernel (.ipynb notebook, or .py script)
//   notebooks/<slug>/<owner>--<kernel-slug>.kernel.json   optional metadata: totalVotes, title, score, ...
//   outputs/<slug>/<owner>--<kernel-slug>/...        optional: the kernel's output files
//   competitions/<slug>.json                         optional competition metadata: title, category, tags, ...
// Missing metadata gets defaults that make every notebook a bronze-tier Python kernel of a
// tabular playground competition.
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, extname, join, relative, sep } from 'node:path';
import type { ServerCompetition, ServerData, ServerFile, ServerKernel } from './types.js';

export const DEFAULT_VOTES = 10;

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string) => {
    for (const e of readdirSync(d, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name.startsWith('.')) continue;
      const full = join(d, e.name);
      if (e.isDirectory()) walk(full);
      else if (e.isFile()) out.push(full);
    }
  };
  walk(dir);
  return out;
}

function files(dir: string): ServerFile[] {
  return listFiles(dir).map((path) => ({ name: relative(dir, path).split(sep).join('/'), content: readFileSync(path) }));
}

function readJson(path: string): Record<string, unknown> {
  if (!existsSync(path)) return {};
  const value = JSON.parse(readFileSync(path, 'utf8')) as unknown;
  if (!value || typeof value !== 'object' || Array.isArray(value)) throw new Error(`${path}: expected a JSON object`);
  return value as Record<string, unknown>;
}

function stableId(text: string): number {
  return Number.parseInt(createHash('sha256').update(text).digest('hex').slice(0, 8), 16);
}

function subdirs(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((n) => !n.startsWith('.') && statSync(join(dir, n)).isDirectory())
    .sort();
}

const KERNEL_EXT: Record<string, { kernelType: string; language: string }> = {
  '.ipynb': { kernelType: 'notebook', language: 'python' },
  '.py': { kernelType: 'script', language: 'python' },
  '.r': { kernelType: 'script', language: 'r' },
  '.irnb': { kernelType: 'notebook', language: 'r' },
};

export function loadFolder(root: string): ServerData {
  const slugs = [...new Set([...subdirs(join(root, 'data')), ...subdirs(join(root, 'notebooks'))])];
  const competitions: ServerCompetition[] = slugs.map((slug) => {
    const meta = readJson(join(root, 'competitions', `${slug}.json`));
    return {
      slug,
      id: stableId(`competition:${slug}`),
      title: slug.replace(/-/g, ' ').replace(/\b\w/g, (c) => c.toUpperCase()),
      category: 'HOST_SEGMENT_PLAYGROUND',
      tags: ['Tabular'],
      evaluationMetric: 'RMSE',
      ...meta,
      files: files(join(root, 'data', slug)),
    } as ServerCompetition;
  });
  const kernels: ServerKernel[] = [];
  for (const slug of slugs) {
    const dir = join(root, 'notebooks', slug);
    for (const path of listFiles(dir)) {
      const ext = extname(path).toLowerCase();
      const kind = KERNEL_EXT[ext];
      if (!kind || relative(dir, path).includes(sep)) continue;
      const stem = basename(path, extname(path));
      const [owner, kernelSlug] = stem.includes('--') ? stem.split('--', 2) : ['sample', stem];
      const ref = `${owner}/${kernelSlug}`;
      const meta = readJson(join(dir, `${stem}.kernel.json`));
      kernels.push({
        ref,
        id: stableId(`kernel:${ref}`),
        title: (kernelSlug as string).replace(/-/g, ' '),
        author: owner,
        competition: slug,
        ...kind,
        totalVotes: DEFAULT_VOTES,
        currentVersionNumber: 1,
        lastRunTime: '2024-01-01T00:00:00.000Z',
        ...meta,
        source: readFileSync(path, 'utf8'),
        outputs: files(join(root, 'outputs', slug, stem)),
      } as ServerKernel);
    }
  }
  return { competitions, kernels };
}
