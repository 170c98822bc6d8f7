import { describe, expect, it } from 'vitest';
import { bwrapArgv } from '../../src/sandbox/bwrap.js';
import type { HostLayout } from '../../src/sandbox/host.js';
import { limitsFor, sandboxEnv } from '../../src/sandbox/index.js';

const host: HostLayout = {
  bwrap: '/usr/bin/bwrap',
  prlimit: '/usr/bin/prlimit',
  setpriv: '/usr/bin/setpriv',
  uid: 61234,
  symlinks: { '/bin': 'usr/bin', '/lib': 'usr/lib' },
  dirs: [],
  etc: ['/etc/ld.so.cache', '/etc/alternatives'],
};

const spec = {
  argv: ['/usr/bin/python3', 'run.py'],
  mounts: [
    { host: '/data/titanic', sandbox: '/kaggle/input/titanic' },
    { host: '/tmp/w', sandbox: '/kaggle/working', writable: true },
  ],
  env: { PATH: '/usr/bin', PYTHONHASHSEED: '0' },
  cwd: '/kaggle/working',
  limits: limitsFor({ timeoutSeconds: 60, memoryMb: 1024, maxProcs: 128, maxFileBytes: 1000, tmpMb: 64 }),
};

function pairs(argv: string[], flag: string): string[][] {
  const out: string[][] = [];
  argv.forEach((a, i) => {
    if (a === flag) out.push(argv.slice(i + 1, i + 3));
  });
  return out;
}

describe('bwrapArgv', () => {
  const argv = bwrapArgv(spec, host);

  it('leaves root for the sandbox uid before bwrap when running as root', () => {
    expect(argv.slice(0, 7)).toEqual(['/usr/bin/setpriv', '--reuid=61234', '--regid=61234', '--clear-groups', '--pdeathsig=KILL', '--', '/usr/bin/bwrap']);
    expect(bwrapArgv(spec, { ...host, setpriv: null })[0]).toBe('/usr/bin/bwrap');
  });

  it('unshares every namespace (so no network), dies with its parent and clears the environment', () => {
    expect(bwrapArgv(spec, host, { infoFd: 3 }).join(' ')).toContain('/usr/bin/bwrap --unshare-all --die-with-parent --new-session --hostname sandbox --info-fd 3 ');
    for (const flag of ['--unshare-all', '--die-with-parent', '--new-session', '--clearenv']) expect(argv).toContain(flag);
    expect(argv).not.toContain('--share-net');
    expect(pairs(argv, '--setenv')).toEqual([
      ['PATH', '/usr/bin'],
      ['PYTHONHASHSEED', '0'],
    ]);
  });

  it('shows the host read-only (only /usr and loader files), mounts data read-only and the working folder writable', () => {
    expect(pairs(argv, '--ro-bind')).toEqual([
      ['/usr', '/usr'],
      ['/etc/ld.so.cache', '/etc/ld.so.cache'],
      ['/etc/alternatives', '/etc/alternatives'],
      ['/data/titanic', '/kaggle/input/titanic'],
    ]);
    expect(pairs(argv, '--bind')).toEqual([['/tmp/w', '/kaggle/working']]);
    expect(argv.indexOf('--remount-ro')).toBeGreaterThan(argv.lastIndexOf('--bind'));
    expect(argv).not.toContain('/root');
  });

  it('applies the limits through prlimit inside the sandbox', () => {
    const at = argv.indexOf('/usr/bin/prlimit');
    expect(argv.slice(at)).toEqual(['/usr/bin/prlimit', `--as=${1024 * 1024 * 1024}`, '--cpu=70:75', '--fsize=1000', '--nproc=128', '--core=0', '--', '/usr/bin/python3', 'run.py']);
    expect(pairs(argv, '--size')[0]?.[0]).toBe(String(64 * 1024 * 1024));
  });
});

describe('sandboxEnv', () => {
  it('holds fixed values only: seeds, one BLAS thread, the runtime path and the hook output', () => {
    const env = sandboxEnv({ seed: 5, executor: 'local' });
    expect(env).toMatchObject({ PYTHONHASHSEED: '5', OPENBLAS_NUM_THREADS: '1', OMP_NUM_THREADS: '1', MKL_NUM_THREADS: '1', PYTHONPATH: '/hookmine/runtime', HOOKMINE_HOOK_OUT: '/hookmine/out/hooks.jsonl' });
    expect(env.HOOKMINE_HOOK_OUT.startsWith('/kaggle/working')).toBe(false);
    expect(Object.keys(env).some((k) => /KAGGLE|OPENAI|TOKEN|SECRET/.test(k))).toBe(false);
  });
});
