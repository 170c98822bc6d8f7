// How the host reads a path that sandboxed code could have written (the runner's result files, hook
// captures, /kaggle/working): never through a link, never blocking, regular files only, bounded.
// The host runs as root, so following a notebook's symlink could read any host file, and opening
// its named pipe would hang the stage. The checks are made on the opened descriptor, so nothing
// can be swapped between a check and the read.
import { constants, type Dirent, type Stats } from 'node:fs';
import { lstat, open, opendir, readlink, type FileHandle } from 'node:fs/promises';
import { SandboxViolationError } from '../errors.js';

const { O_RDONLY, O_NOFOLLOW, O_NONBLOCK, O_NOCTTY, O_DIRECTORY } = constants;
/** no link followed (ELOOP instead), no wait on a FIFO's writer, no terminal taken over */
const FILE_FLAGS = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_NOCTTY;
const DIR_FLAGS = O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_DIRECTORY;
const CHUNK = 1024 * 1024;

/** What a file system entry is, in words, for a violation's detail. */
export function kindOf(entry: Stats | Dirent): string {
  if (entry.isFile()) return 'a regular file';
  if (entry.isDirectory()) return 'a folder';
  if (entry.isSymbolicLink()) return 'a symbolic link';
  if (entry.isFIFO()) return 'a named pipe (FIFO)';
  if (entry.isSocket()) return 'a socket';
  if (entry.isCharacterDevice()) return 'a character device';
  if (entry.isBlockDevice()) return 'a block device';
  return 'an unknown kind of file';
}

/** What is at `path`, looked at without following or opening it (a link's target is named). */
export async function describePath(path: string): Promise<string> {
  try {
    const st = await lstat(path);
    if (!st.isSymbolicLink()) return kindOf(st);
    const target = await readlink(path).catch(() => '?');
    return `a symbolic link to ${JSON.stringify(target.slice(0, 200))}`;
  } catch (error) {
    return `unreadable (${(error as NodeJS.ErrnoException).code ?? 'error'})`;
  }
}

function violation(shown: string, found: string): SandboxViolationError {
  return new SandboxViolationError(shown, found);
}

/**
 * Open a regular file the sandbox could have written. `shown` is the path as the report names it
 * (the path inside the sandbox). Null when nothing is there; a SandboxViolationError for a link, a
 * pipe, a socket, a folder or anything else that cannot be opened as a plain file.
 */
export async function openSandboxFile(path: string, shown = path): Promise<{ handle: FileHandle; size: number } | null> {
  let handle: FileHandle;
  try {
    handle = await open(path, FILE_FLAGS);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return null;
    // ELOOP: a link (O_NOFOLLOW); ENXIO: a socket; anything else: say what is there
    throw violation(shown, await describePath(path));
  }
  try {
    const st = await handle.stat();
    if (!st.isFile()) throw violation(shown, kindOf(st));
    return { handle, size: st.size };
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/**
 * Read at most `maxBytes` from an open sandbox file, in chunks handed to `onChunk` (so a large
 * output file is hashed without being held). Returns the bytes read.
 */
export async function readChunks(handle: FileHandle, maxBytes: number, onChunk: (chunk: Buffer) => void): Promise<number> {
  const buf = Buffer.alloc(Math.min(CHUNK, Math.max(1, maxBytes)));
  let total = 0;
  while (total < maxBytes) {
    const { bytesRead } = await handle.read(buf, 0, Math.min(buf.length, maxBytes - total), total);
    if (bytesRead === 0) break;
    onChunk(Buffer.from(buf.subarray(0, bytesRead)));
    total += bytesRead;
  }
  return total;
}

/** The first `maxBytes` of a sandbox file and its size, or null when it is absent. */
export async function readSandboxFile(path: string, maxBytes: number, shown = path): Promise<{ bytes: Buffer; size: number; truncated: boolean } | null> {
  const opened = await openSandboxFile(path, shown);
  if (!opened) return null;
  try {
    const chunks: Buffer[] = [];
    const n = await readChunks(opened.handle, Math.min(maxBytes, opened.size), (c) => chunks.push(c));
    return { bytes: Buffer.concat(chunks, n), size: opened.size, truncated: opened.size > n };
  } finally {
    await opened.handle.close();
  }
}

export interface SandboxDirEntry {
  /** the entry's name inside its folder */
  name: string;
  /** a path that reaches the entry through the opened folder (/proc/self/fd/N/name): a folder
   * swapped for a link after it was opened is not followed */
  path: string;
  kind: 'file' | 'dir' | 'link' | 'other';
  /** what it is, in words (for 'other') */
  found: string;
}

/**
 * The entries of a folder the sandbox could have written, at most `maxEntries`, sorted by name,
 * without following a link: `path` must be a folder (not a link to one). `visit` runs while the
 * folder is held open, so the entries' paths stay valid and tied to this folder.
 */
export async function withSandboxDir<T>(path: string, shown: string, maxEntries: number, visit: (entries: SandboxDirEntry[]) => Promise<T>): Promise<T> {
  let handle: FileHandle;
  try {
    handle = await open(path, DIR_FLAGS);
  } catch {
    throw violation(shown, await describePath(path));
  }
  try {
    const base = `/proc/self/fd/${handle.fd}`;
    const names: string[] = [];
    const dir = await opendir(base);
    for await (const d of dir) {
      names.push(d.name);
      if (names.length >= maxEntries) break; // breaking out closes the listing
    }
    names.sort();
    const entries: SandboxDirEntry[] = [];
    for (const name of names) {
      const entryPath = `${base}/${name}`;
      let st: Stats;
      try {
        st = await lstat(entryPath);
      } catch {
        continue; // removed meanwhile
      }
      const kind = st.isFile() ? 'file' : st.isDirectory() ? 'dir' : st.isSymbolicLink() ? 'link' : 'other';
      entries.push({ name, path: entryPath, kind, found: kindOf(st) });
    }
    return await visit(entries);
  } finally {
    await handle.close();
  }
}
