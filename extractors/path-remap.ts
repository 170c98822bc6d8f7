// Paths in string literals -> Kaggle's layout. A personal path (C:\..., /Users/..., /home/<user>/...,
// /content/drive/...) or a repository-relative one (data/titanic/train.csv) names a competition file
// by its file name: a read goes to /kaggle/input/<slug>/<name>, a write to /kaggle/working/<name>.
// Paths already in Kaggle's layout are left alone; the old flat layout (../input/train.csv) is
// noticed so the sandbox can mount the files there too. Every rewrite is a Deviation. Pure.
import type { Deviation } from './deviations.js';
import type { ScannedLine, StringLiteral } from './python-lines.js';

export interface DataLayout {
  competition: string | null;
  /** the competition's data files, relative to its data folder (`train.csv`, `extra/x.csv`) */
  dataFiles: string[];
}

export interface LineRemap {
  text: string;
  deviations: Deviation[];
  /** the line reads a data file through the flat /kaggle/input/<file> layout */
  flat: boolean;
}

const PERSONAL = /^(?:[A-Za-z]:[\\/]|\/Users\/|\/home\/[^/]+\/|\/content\/|\/Volumes\/|\/mnt\/[a-z]\/|~[\\/])/;
const KAGGLE_INPUT = /^(?:\.\.\/input|\/kaggle\/input)(?:\/(.*))?$/;
const WRITE_CALL = /(?:to_csv|to_excel|to_parquet|to_json|to_pickle|to_feather|to_hdf|savefig|save|savez|savetxt|dump|write_csv)\s*\(\s*(?:path_or_buf\s*=\s*|fname\s*=\s*)?$/;
const READ_CALL = /(?:read_csv|read_table|read_excel|read_parquet|read_json|read_pickle|read_feather|read_hdf|loadtxt|genfromtxt|load|imread|open)\s*\(\s*(?:filepath_or_buffer\s*=\s*|fname\s*=\s*|file\s*=\s*)?$/;
const WRITE_MODE = /^\s*,\s*(?:mode\s*=\s*)?[rbuU]?["'][^"']*[wax]/;

type Access = 'read' | 'write' | 'unknown';

function accessOf(line: ScannedLine, s: StringLiteral): Access {
  const before = line.text.slice(0, s.start);
  if (WRITE_CALL.test(before)) return 'write';
  if (READ_CALL.test(before)) {
    if (/open\s*\(\s*$/.test(before) && WRITE_MODE.test(line.text.slice(s.end))) return 'write';
    return 'read';
  }
  return 'unknown';
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts[parts.length - 1] ?? '';
}

function looksLikeFile(name: string): boolean {
  return /\.[A-Za-z0-9]{1,8}$/.test(name);
}

export function remapLine(cell: number, line: ScannedLine, layout: DataLayout): LineRemap {
  const byName = new Map<string, string>();
  for (const f of layout.dataFiles) if (!byName.has(baseName(f))) byName.set(baseName(f), f.replace(/\\/g, '/'));
  const slug = layout.competition;
  const input = slug ? `/kaggle/input/${slug}` : '/kaggle/input';
  let text = line.text;
  let flat = false;
  const deviations: Deviation[] = [];
  // Right to left, so earlier offsets stay valid as literals are replaced.
  for (const s of [...line.strings].reverse()) {
    if (/[bBfF]/.test(s.prefix) || s.quote.length === 3 || s.value === '') continue;
    const value = s.value;
    const name = baseName(value);
    const inData = byName.get(name);
    const access = accessOf(line, s);
    let target: string | undefined;
    let detail = '';
    const kaggle = KAGGLE_INPUT.exec(value);
    if (kaggle) {
      const rest = kaggle[1] ?? '';
      const first = rest.split('/')[0] ?? '';
      if (rest === '' || first === slug) continue;
      if (byName.has(rest)) {
        flat = true; // ../input/train.csv: Kaggle's old flat layout
        continue;
      }
      if (inData && looksLikeFile(name)) {
        target = `${input}/${inData}`;
        detail = `the dataset folder '${first}' is not mounted; '${name}' is a file of the competition data`;
      }
    } else if (PERSONAL.test(value)) {
      if (inData && access !== 'write') {
        target = `${input}/${inData}`;
        detail = `personal path: '${name}' is a file of the competition data`;
      } else if (looksLikeFile(name)) {
        target = `/kaggle/working/${name}`;
        detail = access === 'write' ? 'personal path written: the file goes to /kaggle/working' : `personal path: '${name}' is not in the competition data; /kaggle/working is the only writable folder`;
      } else if (access !== 'write') {
        target = /[\\/]$/.test(value) ? `${input}/` : input;
        detail = 'personal data folder: the competition data is mounted at ' + input;
      } else {
        target = /[\\/]$/.test(value) ? '/kaggle/working/' : '/kaggle/working';
        detail = 'personal folder written to: /kaggle/working is the only writable folder';
      }
    } else if (/^(?:\.{1,2}\/)?[^/\\:]+(?:[\\/][^/\\:]+)+$/.test(value) && looksLikeFile(name) && !value.startsWith('/')) {
      // a repository-relative path such as data/titanic/train.csv
      if (access === 'write') {
        target = `/kaggle/working/${name}`;
        detail = 'relative folder that does not exist on Kaggle: the file goes to /kaggle/working';
      } else if (inData) {
        target = `${input}/${inData}`;
        detail = `relative path outside Kaggle's layout: '${name}' is a file of the competition data`;
      }
    } else if (access === 'read' && inData && value === name) {
      target = `${input}/${inData}`;
      detail = `bare file name read from the working folder: '${name}' is a file of the competition data`;
    }
    if (target === undefined || target === value) continue;
    const literal = `${s.prefix}${s.quote}${target}${s.quote}`;
    text = text.slice(0, s.start) + literal + text.slice(s.end);
    deviations.push({ kind: 'path_remapped', cell, line: line.line, before: value, after: target, detail });
  }
  deviations.reverse();
  return { text, deviations, flat };
}
