// hookmine's Python runtime (src/runtime: runner, pool server, IPython stand-in, hook module) as it
// is copied into each sandbox: a private read-only copy, so the sandbox user needs no access to the
// install folder, and a digest that says which runtime a stored run used.
import { createHash } from 'node:crypto';
import { cpSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { packagePath } from '../paths.js';

export function runtimeSourceDir(): string {
  return packagePath('src', 'runtime');
}

function pythonFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      if (name !== '__pycache__') out.push(...pythonFiles(path));
    } else if (name.endsWith('.py')) out.push(path);
  }
  return out;
}

/** Copy the runtime's Python files into `dest` (created). */
export function copyRuntime(dest: string, source = runtimeSourceDir()): void {
  cpSync(source, dest, { recursive: true, filter: (src) => !src.includes('__pycache__') && (statSync(src).isDirectory() || src.endsWith('.py')) });
}

let digest: string | undefined;

/** sha256 over the runtime's file names and contents. */
export function runtimeDigest(source = runtimeSourceDir()): string {
  if (digest && source === runtimeSourceDir()) return digest;
  const hash = createHash('sha256');
  for (const file of pythonFiles(source)) hash.update(relative(source, file)).update('\0').update(readFileSync(file)).update('\0');
  const value = hash.digest('hex');
  if (source === runtimeSourceDir()) digest = value;
  return value;
}
