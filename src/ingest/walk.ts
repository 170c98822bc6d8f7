// Expand the paths given to `ingest` into candidate files, in a stable order.
import { readdirSync, realpathSync, statSync } from 'node:fs';
import { extname, join, resolve } from 'node:path';

export interface WalkResult {
  files: string[];
  /** paths given on the command line that do not exist */
  missing: string[];
}

const SKIP_DIRS = new Set(['node_modules', '__pycache__', '.ipynb_checkpoints', '.git']);

/**
 * Files named explicitly are always candidates; inside folders only files with one of
 * `extensions` are picked up (so a README or a data CSV next to the notebooks is not an error).
 */
export function walkInputs(paths: readonly string[], extensions: ReadonlySet<string>): WalkResult {
  const files: string[] = [];
  const missing: string[] = [];
  const seen = new Set<string>();
  const visitDir = (dir: string) => {
    let real: string;
    try {
      real = realpathSync(dir);
    } catch {
      return;
    }
    if (seen.has(`dir:${real}`)) return; // symlink loops
    seen.add(`dir:${real}`);
    let entries;
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      // An unreadable folder is reported as one unreadable input.
      files.push(dir);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) continue;
      const full = join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      if (entry.isSymbolicLink()) {
        try {
          const st = statSync(full);
          isDir = st.isDirectory();
          isFile = st.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (isDir) visitDir(full);
      else if (isFile && extensions.has(extname(entry.name).toLowerCase())) addFile(full);
    }
  };
  const addFile = (file: string) => {
    const key = `file:${resolve(file)}`;
    if (seen.has(key)) return;
    seen.add(key);
    files.push(file);
  };
  for (const p of paths) {
    let st;
    try {
      st = statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) visitDir(p);
    else addFile(p);
  }
  return { files, missing };
}
