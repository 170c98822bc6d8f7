// Listings of Kaggle's folders (os.walk / glob over /kaggle/input, os.listdir of /kaggle) compared
// as sets, with what only Kaggle's machine can have set aside. Pure.
//
// Kaggle's record of such a cell lists what its machine had: the competition's files in the file
// system's order, and often datasets the author attached besides the competition (other
// /kaggle/input/<dataset>/ folders). The sandbox mounts the competition's data only, so:
//   - order never counts (line order is the file system's);
//   - an entry the run printed must be in the record (nothing the sandbox invents is accepted);
//   - an entry of the record the run did not print is set aside only when it lies in a folder the
//     run printed nothing of: a dataset not attached here (/kaggle/input/<other>/...), or Kaggle's
//     own /kaggle/lib, /kaggle/config, /kaggle/src trees. A file missing from a folder the run
//     did list (the competition's own) is a mismatch;
//   - the run must have printed at least one entry.
// A one-line Python list of file names (os.listdir) is compared as a set of names, exactly.
import { MATCH, mismatch, type MatchResult } from './tolerance.js';

const KAGGLE_PATH = /^(?:\/kaggle\/|\.\.\/input\/|\.\/input\/)\S*$/;
// Kaggle's own trees that no notebook data lives in
const KAGGLE_SYSTEM = /^\/kaggle\/(?:lib|config|src)(?:\/|$)/;
// names os.listdir prints for Kaggle's folders: data files and the /kaggle folders
const LISTED_NAME = /^(?:[\w.-]+\.(?:csv|tsv|txt|json|zip|gz|parquet|feather|pkl|pickle|npy|npz|h5|hdf5|ipynb|md|xlsx|jpg|png)|input|working|lib|config|src|tmp)$/;
const LIST_REPR = /^\[\s*(?:'[^'\n]*'|"[^"\n]*")(?:\s*,\s*(?:'[^'\n]*'|"[^"\n]*"))*\s*,?\s*\]$/;

function lines(text: string): string[] {
  return text
    .replace(/\r\n?/g, '\n')
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '');
}

/** The folder a listed path belongs to for the set-aside rule: /kaggle/input/<dataset>, else its first two parts. */
function topFolder(path: string): string {
  const p = path.replace(/^\.{1,2}\/input\//, '/kaggle/input/');
  const parts = p.split('/').filter(Boolean);
  return parts[0] === 'kaggle' && parts[1] === 'input' ? `/kaggle/input/${parts[2] ?? ''}` : `/${parts.slice(0, 2).join('/')}`;
}

function listItems(line: string): string[] | null {
  if (!LIST_REPR.test(line)) return null;
  const items = [...line.matchAll(/'([^'\n]*)'|"([^"\n]*)"/g)].map((m) => m[1] ?? m[2] ?? '');
  return items.every((i) => LISTED_NAME.test(i)) ? items : null;
}

/** Whether a printed text is a listing of Kaggle's folders (every line a /kaggle path, or one list of file names). */
export function isKaggleListing(text: string): boolean {
  const ls = lines(text);
  if (ls.length === 0) return false;
  return ls.every((l) => KAGGLE_PATH.test(l)) || (ls.length === 1 && listItems(ls[0] as string) !== null);
}

/**
 * A recorded listing against a produced one, by the rules above; null when the recorded text is
 * not a listing (the caller compares it as text).
 */
export function compareKaggleListing(expected: string, actual: string): MatchResult | null {
  const e = lines(expected);
  const a = lines(actual);
  if (e.length === 0 || !isKaggleListing(expected)) return null;
  if (e.length === 1 && listItems(e[0] as string)) {
    const ei = listItems(e[0] as string) as string[];
    const ai = a.length === 1 ? listItems(a[0] as string) : null;
    if (!ai) return mismatch(`a listing of ${ei.length} name(s) recorded, not produced`);
    const es = [...ei].sort();
    const as = [...ai].sort();
    if (es.join('\n') === as.join('\n')) return { match: true, note: 'same names listed in another order' };
    const missing = es.filter((x) => !as.includes(x));
    const extra = as.filter((x) => !es.includes(x));
    return mismatch(`listing: ${missing.length ? `recorded '${missing[0]}' not listed` : `'${extra[0]}' listed, not recorded`}`);
  }
  if (a.length === 0) return mismatch(`a listing of ${e.length} path(s) recorded, none produced`);
  const recorded = new Set(e);
  const extra = a.find((l) => !recorded.has(l));
  if (extra) return mismatch(`listing: '${extra}' listed, not recorded`);
  const produced = new Set(a);
  const producedFolders = new Set(a.map(topFolder));
  let setAside = 0;
  for (const l of e) {
    if (produced.has(l)) continue;
    const folder = topFolder(l);
    if (KAGGLE_SYSTEM.test(l) || !producedFolders.has(folder)) {
      setAside++;
      continue;
    }
    return mismatch(`listing: recorded '${l}' not listed (its folder ${folder} was)`);
  }
  if (setAside === 0) return e.length === a.length && e.every((l, i) => l === a[i]) ? MATCH : { match: true, note: 'same entries listed in another order' };
  return { match: true, note: `same entries; ${setAside} recorded entr${setAside === 1 ? 'y' : 'ies'} of folders only Kaggle's machine had (attached datasets, /kaggle/lib) set aside` };
}
