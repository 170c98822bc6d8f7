// Facts about the libraries installed where notebooks run, for the repair rules: signatures,
// existence of modules and attributes, scikit-learn's declared options. Read by running
// src/runtime/hookmine_introspect.py in the same sandbox (so the docker image's libraries when that
// is the executor), and cached per interpreter for the life of the process.
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LibraryFacts, type NameFacts } from '../../extractors/repairs/types.js';
import { SandboxError } from '../errors.js';
import { limitsFor, sandboxEnv, SANDBOX_PATHS, type Executor } from '../sandbox/index.js';
import { copyRuntime } from '../sandbox/runtime-files.js';

const caches = new Map<string, Map<string, NameFacts>>();

function cacheKey(executor: Executor): string {
  return [executor.info.kind, executor.info.python, executor.info.image ?? ''].join('\u0000');
}

export class Introspector {
  private readonly cache: Map<string, NameFacts>;
  /** interpreter processes started (each answers many names) */
  calls = 0;

  constructor(private readonly executor: Executor) {
    const key = cacheKey(executor);
    let cache = caches.get(key);
    if (!cache) caches.set(key, (cache = new Map()));
    this.cache = cache;
  }

  /** Facts over everything learnt so far. */
  facts(): LibraryFacts {
    return new LibraryFacts(this.cache);
  }

  /** Introspect the names not known yet (one sandboxed interpreter for all of them). */
  async learn(names: Iterable<string>): Promise<void> {
    const wanted = [...new Set(names)].filter((n) => !this.cache.has(n) && /^[A-Za-z_][\w.]*$/.test(n)).sort();
    if (wanted.length === 0) return;
    const dir = mkdtempSync(join(tmpdir(), 'hookmine-introspect-'));
    try {
      copyRuntime(join(dir, 'runtime'));
      chmodSync(dir, 0o755); // the sandbox user must reach the runtime copy
      this.calls++;
      const outcome = await this.executor.run({
        argv: [this.executor.info.python, '-s', `${SANDBOX_PATHS.runtime}/hookmine_introspect.py`],
        mounts: [{ host: join(dir, 'runtime'), sandbox: SANDBOX_PATHS.runtime }],
        env: sandboxEnv({ seed: 0, executor: this.executor.info.kind }),
        cwd: '/tmp',
        limits: limitsFor({ wallMs: 120_000, memoryMb: 4096 }),
        stdin: JSON.stringify(wanted),
        keepBytes: 16 * 1024 * 1024,
      });
      if (outcome.sandboxError || outcome.exitCode !== 0) {
        throw new SandboxError(`introspecting the installed libraries failed: ${outcome.sandboxError ?? outcome.stderr.trim().slice(-300)}`);
      }
      const line = outcome.stdout.trim().split('\n').pop() ?? '';
      let parsed: Record<string, NameFacts>;
      try {
        parsed = JSON.parse(line) as Record<string, NameFacts>;
      } catch {
        throw new SandboxError(`introspecting the installed libraries printed no JSON: ${outcome.stdout.slice(0, 200)}`);
      }
      for (const name of wanted) this.cache.set(name, parsed[name] ?? { exists: false });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
}
