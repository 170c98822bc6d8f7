// What the local sandbox needs to know about this machine: where bwrap, setpriv and prlimit are,
// how the root file system is laid out (merged /usr or not), and which user the sandbox runs as.
import { existsSync, lstatSync, readdirSync, readlinkSync } from 'node:fs';

/**
 * The host user sandboxes run as when hookmine runs as root. RLIMIT_NPROC (the fork-bomb limit) is
 * not enforced for root, so the sandbox switches to this otherwise unused uid first; its processes
 * are counted per sandbox because each sandbox has its own user namespace.
 */
export const SANDBOX_UID = 61234;

export interface HostLayout {
  bwrap: string;
  prlimit: string;
  /** setpriv, used to leave root; null when hookmine does not run as root */
  setpriv: string | null;
  /** uid the sandbox runs as on the host */
  uid: number;
  /** top-level folders that are symlinks into /usr on this host (merged /usr): name -> target */
  symlinks: Record<string, string>;
  /** top-level library and binary folders that are real folders, bound read-only */
  dirs: string[];
  /** files and folders of /etc the interpreter needs (dynamic loader, BLAS alternatives, fonts) */
  etc: string[];
}

const TOP = ['bin', 'sbin', 'lib', 'lib32', 'lib64', 'libx32'];
const ETC = ['ld.so.cache', 'ld.so.conf', 'ld.so.conf.d', 'alternatives', 'fonts', 'matplotlibrc', 'mime.types', 'nsswitch.conf', 'hosts', 'host.conf', 'os-release', 'localtime'];

function which(names: string[]): string | null {
  for (const n of names) if (existsSync(n)) return n;
  return null;
}

let cached: HostLayout | undefined;

export function hostLayout(): HostLayout {
  if (cached) return cached;
  const bwrap = which(['/usr/bin/bwrap', '/usr/local/bin/bwrap', '/bin/bwrap']);
  const prlimit = which(['/usr/bin/prlimit', '/bin/prlimit']);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const setpriv = isRoot ? which(['/usr/bin/setpriv', '/bin/setpriv']) : null;
  const symlinks: Record<string, string> = {};
  const dirs: string[] = [];
  for (const name of TOP) {
    const path = `/${name}`;
    try {
      const st = lstatSync(path);
      if (st.isSymbolicLink()) symlinks[path] = readlinkSync(path);
      else if (st.isDirectory()) dirs.push(path);
    } catch {
      // absent on this host
    }
  }
  const etc = ETC.map((e) => `/etc/${e}`).filter((p) => existsSync(p));
  try {
    for (const e of readdirSync('/etc')) if (/^python3(\.\d+)?$/.test(e)) etc.push(`/etc/${e}`);
  } catch {
    // no /etc listing: the loader files above are enough
  }
  cached = {
    bwrap: bwrap ?? '',
    prlimit: prlimit ?? '',
    setpriv,
    uid: isRoot ? SANDBOX_UID : (process.getuid?.() ?? 0),
    symlinks,
    dirs,
    etc,
  };
  return cached;
}

/** Why the local sandbox cannot run here, or null when it can. */
export function localSandboxProblem(layout = hostLayout()): string | null {
  if (!layout.bwrap) return 'bubblewrap (bwrap) is not installed: run scripts/setup.sh or apt-get install bubblewrap';
  if (!layout.prlimit) return 'prlimit (util-linux) is not installed';
  if (typeof process.getuid === 'function' && process.getuid() === 0 && !layout.setpriv) return 'setpriv (util-linux) is needed to leave root before sandboxing';
  return null;
}
