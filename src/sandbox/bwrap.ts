// The bubblewrap command line for a sandbox spec. Pure: the host layout is a parameter, so the
// exact isolation (what is visible, what is writable, which limits) can be read and tested.
import type { HostLayout } from './host.js';
import { MB } from './limits.js';
import type { SandboxSpec } from './types.js';

/**
 * argv for spawn: [setpriv ... (when root)] bwrap <isolation> prlimit <limits> -- <command>.
 *
 * - every namespace is unshared (no network: only a private loopback; own pids, ipc, uts, user);
 * - the host is not visible except /usr, the loader's /etc files and the given mounts, all
 *   read-only, on a read-only root; /tmp is a private, size-limited tmpfs; the writable mounts
 *   are the only way out;
 * - the environment is exactly spec.env (--clearenv): nothing of hookmine's environment leaks;
 * - --die-with-parent: killing bwrap (timeout) kills everything inside; the sandbox has its own
 *   PID namespace, so nothing it starts (detached or not) outlives its init (see lifetime.ts);
 * - with `infoFd`, bwrap writes {"child-pid": N} (that init, as the host sees it) on that fd;
 * - limits apply inside the user namespace, so RLIMIT_NPROC counts this sandbox's processes only.
 */
export function bwrapArgv(spec: SandboxSpec, host: HostLayout, options: { extraReadOnly?: string[]; infoFd?: number } = {}): string[] {
  const args: string[] = [];
  // --pdeathsig: the launcher dies with hookmine even before bwrap has set up its own
  if (host.setpriv) args.push(host.setpriv, `--reuid=${host.uid}`, `--regid=${host.uid}`, '--clear-groups', '--pdeathsig=KILL', '--');
  args.push(host.bwrap, '--unshare-all', '--die-with-parent', '--new-session', '--hostname', 'sandbox');
  if (options.infoFd !== undefined) args.push('--info-fd', String(options.infoFd));
  args.push('--ro-bind', '/usr', '/usr');
  for (const [link, target] of Object.entries(host.symlinks)) args.push('--symlink', target, link);
  for (const dir of host.dirs) args.push('--ro-bind', dir, dir);
  for (const path of host.etc) args.push('--ro-bind', path, path);
  for (const path of options.extraReadOnly ?? []) args.push('--ro-bind', path, path);
  args.push('--proc', '/proc', '--dev', '/dev');
  args.push('--size', String(spec.limits.tmpMb * MB), '--tmpfs', '/tmp');
  for (const m of spec.mounts) args.push(m.writable ? '--bind' : '--ro-bind', m.host, m.sandbox);
  // bwrap builds the tree on a writable tmpfs root: make it read-only once the tree is built, so
  // /etc, /kaggle or /hookmine cannot gain files (only /tmp and the writable mounts can).
  args.push('--remount-ro', '/');
  args.push('--chdir', spec.cwd, '--clearenv');
  for (const [k, v] of Object.entries(spec.env)) args.push('--setenv', k, v);
  const l = spec.limits;
  args.push(
    host.prlimit,
    `--as=${l.memoryMb * MB}`,
    `--cpu=${l.cpuSeconds}:${l.cpuSeconds + 5}`,
    `--fsize=${l.maxFileBytes}`,
    `--nproc=${l.maxProcs}`,
    '--core=0',
    '--',
    ...spec.argv,
  );
  return args;
}
