// What `--csv` names, resolved to tables a program can load inside the sandbox: CSV files under
// the data root (competition data, read at /kaggle/input/<slug>/... as on Kaggle), any other CSV
// (its folder mounted read-only at /data/<hash>/), and the real datasets bundled with sklearn and
// statsmodels (loaded through their loaders, no file access needed).
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';
import { pyStr } from '../../templates/python.js';
import { SANDBOX_PATHS } from '../sandbox/env.js';
import type { Mount } from '../sandbox/types.js';

export type SourceKind = 'competition' | 'csv' | 'sklearn' | 'statsmodels';

export interface SourceSpec {
  kind: SourceKind;
  /** identity: `<slug>/<file>`, `sklearn:iris`, or the absolute path */
  key: string;
  /** episodes.dataset */
  dataset: string;
  /** how questions name the table */
  name: string;
  imports: string[];
  loadExpr: string;
  /** CSV files: the host file and the folder whose tables may be joined with it */
  hostPath?: string;
  group?: string;
}

export const SKLEARN_DATASETS = ['iris', 'wine', 'breast_cancer', 'diabetes', 'linnerud'] as const;
/** statsmodels' bundled datasets that load as tables (version 0.13/0.14). */
export const STATSMODELS_DATASETS = [
  'anes96', 'cancer', 'ccard', 'china_smoking', 'co2', 'committee', 'copper', 'cpunish', 'danish_data', 'elec_equip', 'elnino', 'engel', 'fair', 'fertility',
  'grunfeld', 'heart', 'interest_inflation', 'longley', 'macrodata', 'modechoice', 'nile', 'randhie', 'scotland', 'spector', 'stackloss', 'star98',
  'statecrime', 'strikes', 'sunspots',
] as const;

const SLUG = /^[a-z0-9][a-z0-9-]*$/;

export interface ResolvedSources {
  sources: SourceSpec[];
  mounts: Mount[];
  /** inputs that name nothing (no such path, unknown bundled dataset), with the reason */
  missing: { input: string; reason: string }[];
}

function csvFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
    if (entry.name.startsWith('.')) continue;
    const path = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...csvFiles(path));
    else if (entry.isFile() && /\.csv$/i.test(entry.name)) out.push(path);
  }
  return out;
}

function bundled(kind: 'sklearn' | 'statsmodels', name: string): SourceSpec {
  if (kind === 'sklearn') {
    return { kind, key: `sklearn:${name}`, dataset: `sklearn:${name}`, name: `sklearn's ${name} dataset`, imports: [`from sklearn.datasets import load_${name}`], loadExpr: `load_${name}(as_frame=True).frame` };
  }
  return { kind, key: `statsmodels:${name}`, dataset: `statsmodels:${name}`, name: `statsmodels' ${name} dataset`, imports: [`from statsmodels.datasets import ${name}`], loadExpr: `${name}.load_pandas().data` };
}

/** Resolve `--csv` inputs (files, folders, `sklearn:<name>`, `statsmodels:<name>`, `*` for all). */
export function resolveSources(inputs: readonly string[], dataRoot: string): ResolvedSources {
  const missing: ResolvedSources['missing'] = [];
  const byKey = new Map<string, SourceSpec>();
  const mounts = new Map<string, Mount>();
  const root = existsSync(dataRoot) ? realpathSync(dataRoot) : resolve(dataRoot);

  const addFile = (file: string) => {
    const real = realpathSync(file);
    const rel = relative(root, real);
    const parts = rel.split(sep);
    if (!rel.startsWith('..') && parts.length >= 2 && SLUG.test(parts[0] as string)) {
      mounts.set(SANDBOX_PATHS.input, { host: root, sandbox: SANDBOX_PATHS.input });
      const inBox = `${SANDBOX_PATHS.input}/${parts.join('/')}`;
      byKey.set(parts.join('/'), { kind: 'competition', key: parts.join('/'), dataset: parts[0] as string, name: parts.slice(1).join('/'), imports: [], loadExpr: `pd.read_csv(${pyStr(inBox)})`, hostPath: real, group: dirname(real) });
      return;
    }
    const folder = dirname(real);
    const mountPoint = `/data/${createHash('sha256').update(folder).digest('hex').slice(0, 12)}`;
    mounts.set(mountPoint, { host: folder, sandbox: mountPoint });
    byKey.set(real, { kind: 'csv', key: real, dataset: `csv:${real}`, name: basename(real), imports: [], loadExpr: `pd.read_csv(${pyStr(`${mountPoint}/${basename(real)}`)})`, hostPath: real, group: folder });
  };

  for (const input of inputs) {
    const named = /^(sklearn|statsmodels):(.+)$/.exec(input);
    if (named) {
      const kind = named[1] as 'sklearn' | 'statsmodels';
      const known: readonly string[] = kind === 'sklearn' ? SKLEARN_DATASETS : STATSMODELS_DATASETS;
      const wanted = named[2] === '*' ? known : [named[2] as string];
      for (const name of wanted) {
        if (!known.includes(name)) missing.push({ input, reason: `unknown ${kind} dataset "${name}" (known: ${known.join(', ')})` });
        else byKey.set(`${kind}:${name}`, bundled(kind, name));
      }
      continue;
    }
    if (!existsSync(input)) {
      missing.push({ input, reason: 'no such file or folder' });
      continue;
    }
    if (statSync(input).isDirectory()) {
      const files = csvFiles(input);
      if (files.length === 0) missing.push({ input, reason: 'no .csv file in this folder' });
      files.forEach(addFile);
    } else addFile(input);
  }
  return { sources: [...byKey.values()], mounts: [...mounts.values()], missing };
}
