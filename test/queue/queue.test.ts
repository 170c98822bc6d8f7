// The job queue end to end, with real processes: Debian's redis-server on a free loopback port,
// `hookmine worker` processes, and `hookmine execute --queue` as the coordinator. Kills are tied
// to events (a job going active on a known worker, a stored result printed), never to timers.
// These tests fail, never skip, when redis-server is missing.
import { chmodSync, cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Queue, QueueEvents } from 'bullmq';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Corpus } from '../../corpus/corpus.js';
import { runHookmine } from '../helpers/cli.js';
import { redisCli, startHookmine, startMonitor, startRedis, startWorker, stopAll, type Proc, type RedisServer } from '../helpers/queue.js';
import { scaledBudget } from '../helpers/budget.js';
import { tempDir } from '../helpers/tmp.js';
import { notebookJson } from '../helpers/toy-notebook.js';

const DEMO = fileURLToPath(new URL('../../samples/demo', import.meta.url));
const QUEUE_NAME = 'hookmine-runs';

type Row = {
  notebook_id: string;
  title: string;
  outcome: string;
  reason: string | null;
  reason_detail: string | null;
};

async function outcomes(db: string): Promise<Row[]> {
  const corpus = await Corpus.open(db, { readOnly: true });
  try {
    return await corpus.query<Row>(
      `SELECT e.notebook_id, n.title, e.outcome, e.reason, e.reason_detail FROM executions e JOIN notebooks n USING (notebook_id) WHERE e.purpose = 'reference' ORDER BY n.title`,
    );
  } finally {
    corpus.close();
  }
}

/** A corpus with the given notebooks of competition `shop` ingested, and its path. */
function shopCorpus(root: string, name: string, notebooks: Record<string, string[]>): string {
  const dir = join(root, 'nb', name, 'shop');
  mkdirSync(dir, { recursive: true });
  for (const [title, cells] of Object.entries(notebooks)) writeFileSync(join(dir, `${title}.ipynb`), notebookJson(cells));
  const db = join(root, `${name}.duckdb`);
  const r = runHookmine(['--db', db, 'ingest', dir]);
  expect(r.code, r.stderr).toBe(0);
  return db;
}

const totalRuns = (workers: Proc[]) => workers.reduce((n, w) => n + w.runs.length, 0);

/** Wait until the workers have printed `n` runs in all (their pipes are read asynchronously). */
function runsReach(workers: Proc[], n: number): Promise<unknown> {
  return Promise.race(workers.map((w) => w.waitFor(() => totalRuns(workers) >= n)));
}

let root: string;
let dataRoot: string;
let redis: RedisServer;
let w1: Proc;
let w2: Proc;

beforeAll(async () => {
  root = tempDir('hookmine-queue-');
  chmodSync(root, 0o755);
  dataRoot = join(root, 'data');
  cpSync(join(DEMO, 'data'), dataRoot, { recursive: true });
  mkdirSync(join(dataRoot, 'shop'));
  writeFileSync(join(dataRoot, 'shop', 'sales.csv'), 'id,temp,sales\n1,20,50\n2,26,70\n3,30,80\n');
  redis = await startRedis(root);
  [w1, w2] = await Promise.all([startWorker({ url: redis.url, name: 'w1', dataRoot }), startWorker({ url: redis.url, name: 'w2', dataRoot })]);
}, scaledBudget(120_000));

// Each test starts sandboxes (a warm pool with pandas, notebook runs) in worker processes: on a
// busy machine that takes several times the idle minute, so the budget scales with the load.
const BUDGET = { timeout: scaledBudget(60_000) };

afterAll(async () => {
  await stopAll();
});

describe('hookmine execute --queue (redis-server and two hookmine workers)', BUDGET, () => {
  it('gives each notebook the same outcome as the in-process run, names its workers, and sends no secret to Redis', async () => {
    const picked = ['carol--lemonade-python2', 'dave--lemonade-lightgbm', 'erin--lemonade-eda', 'gus--lemonade-first-try'];
    const nbDir = join(root, 'nb', 'demo');
    for (const t of picked) {
      const ext = t.startsWith('erin') ? 'py' : 'ipynb';
      mkdirSync(join(nbDir, 'lemonade-stand'), { recursive: true });
      cpSync(join(DEMO, 'notebooks', 'lemonade-stand', `${t}.${ext}`), join(nbDir, 'lemonade-stand', `${t}.${ext}`));
      cpSync(join(DEMO, 'notebooks', 'lemonade-stand', `${t}.kernel.json`), join(nbDir, 'lemonade-stand', `${t}.kernel.json`));
    }
    const local = join(root, 'local.duckdb');
    const queued = join(root, 'queued.duckdb');
    for (const db of [local, queued]) expect(runHookmine(['--db', db, 'ingest', nbDir]).code).toBe(0);
    const inProcess = runHookmine(['--db', local, '--data-root', dataRoot, 'execute', '--jobs', '2']);
    expect(inProcess.code, inProcess.stderr).toBe(1); // python2 and lightgbm fail

    const monitor = startMonitor(redis.port);
    await monitor.waitFor(/^OK/);
    const secrets = { OPENAI_API_KEY: 'sk-queue-test-0123456789abcdef', KAGGLE_KEY: 'kaggle-queue-test-secret-42' };
    const before = totalRuns([w1, w2]);
    // The coordinator has no data root of its own: the workers read theirs.
    const viaQueue = runHookmine(['--db', queued, '--data-root', join(root, 'nowhere'), '--json', 'execute', '--queue', redis.url, '--jobs', '4'], { env: secrets });
    expect(viaQueue.code, viaQueue.stderr).toBe(1);
    const summary = JSON.parse(viaQueue.stdout) as { queue: { workers: Record<string, number>; url: string } };
    expect(Object.values(summary.queue.workers).reduce((a, b) => a + b, 0)).toBe(picked.length);
    for (const name of Object.keys(summary.queue.workers)) expect(['w1', 'w2']).toContain(name);
    await runsReach([w1, w2], before + picked.length);
    expect(totalRuns([w1, w2]) - before).toBe(picked.length);

    const strip = (rows: Row[]) => rows.map((r) => ({ title: r.title, outcome: r.outcome, reason: r.reason }));
    const expected = strip(await outcomes(local));
    expect(expected.map((r) => r.outcome).sort()).toEqual(['failed', 'failed', 'ran', 'reproduced']);
    expect(strip(await outcomes(queued))).toEqual(expected);

    const traffic = monitor.lines.join('\n');
    expect(traffic).toContain('bull:hookmine-runs'); // the monitor saw the run's traffic
    for (const secret of Object.values(secrets)) expect(traffic).not.toContain(secret);
  });

  it('runs the job of a worker killed with SIGKILL mid-run on the other worker, and stores it once', async () => {
    const db = shopCorpus(root, 'killworker', { sleepy: ['import time\ntime.sleep(4)\nprint("slept")'] });
    const queue = new Queue(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port } });
    const events = new QueueEvents(QUEUE_NAME, { connection: { host: '127.0.0.1', port: redis.port } });
    await events.waitUntilReady();
    try {
      const workers = { w1, w2 };
      const killed = new Promise<string>((resolve) => {
        events.once('active', ({ jobId }) => {
          void queue.getJob(jobId).then((job) => {
            const name = job?.processedBy as 'w1' | 'w2';
            workers[name].child.kill('SIGKILL');
            resolve(name);
          });
        });
      });
      const coordinator = startHookmine(['--db', db, '--data-root', dataRoot, '--json', 'execute', '--queue', redis.url]);
      const victim = await killed;
      const survivor = victim === 'w1' ? w2 : w1;
      const code = await coordinator.exited();
      expect(code, coordinator.lines.join('\n')).toBe(0);
      const summary = JSON.parse(coordinator.lines.filter((l) => !l.startsWith('warning')).join('\n')) as { queue: { workers: Record<string, number> } };
      expect(summary.queue.workers).toEqual({ [survivor === w1 ? 'w1' : 'w2']: 1 });
      expect(survivor.runs.at(-1)).toMatch(/ completed /);
      const rows = await outcomes(db);
      expect(rows).toHaveLength(1);
      expect(rows[0]?.outcome).toBe('ran');
      // a fresh worker in place of the killed one, for the tests after this one
      const replacement = await startWorker({ url: redis.url, name: victim, dataRoot });
      if (victim === 'w1') w1 = replacement;
      else w2 = replacement;
    } finally {
      await events.close();
      await queue.close();
    }
  });

  it('after the coordinator is killed with SIGKILL, the next run stores what finished meanwhile and runs nothing again', async () => {
    const notebooks: Record<string, string[]> = {};
    for (let i = 0; i < 5; i++) notebooks[`nb${i}`] = [`import time\ntime.sleep(${i === 0 ? 0 : 1})\nprint(${i})`];
    const db = shopCorpus(root, 'killcoord', notebooks);
    const before = totalRuns([w1, w2]);
    const first = startHookmine(['--db', db, '--data-root', dataRoot, '-v', 'execute', '--queue', redis.url, '--jobs', '8']);
    // killed right after it stored its first result (the -v line printed after the row is written)
    await first.waitFor(/nb_\w+ ran/);
    first.child.kill('SIGKILL');
    await first.exited();
    const storedBefore = (await outcomes(db)).length;
    expect(storedBefore).toBeGreaterThanOrEqual(1);
    expect(storedBefore).toBeLessThan(5);

    const second = runHookmine(['--db', db, '--data-root', dataRoot, '--json', 'execute', '--queue', redis.url, '--jobs', '8']);
    expect(second.code, second.stderr).toBe(0);
    const summary = JSON.parse(second.stdout) as { notebooks: number; queue: { collected: number } };
    expect(summary.notebooks).toBe(5 - storedBefore);
    const rows = await outcomes(db);
    expect(rows.map((r) => r.title).sort()).toEqual(['nb0', 'nb1', 'nb2', 'nb3', 'nb4']); // each stored once
    await runsReach([w1, w2], before + 5);
    expect(totalRuns([w1, w2]) - before).toBe(5); // nothing ran twice
  });

  it('records a sandbox timeout as the outcome (reason timeout), run once, not retried', async () => {
    const db = shopCorpus(root, 'timeout', { forever: ['import time\ntime.sleep(120)'] });
    const before = totalRuns([w1, w2]);
    const r = runHookmine(['--db', db, '--data-root', dataRoot, 'execute', '--queue', redis.url, '--timeout', '2']);
    expect(r.code, r.stderr).toBe(1);
    const rows = await outcomes(db);
    expect(rows.map((x) => [x.outcome, x.reason])).toEqual([['failed', 'timeout']]);
    await runsReach([w1, w2], before + 1);
    expect(totalRuns([w1, w2]) - before).toBe(1);
  });

  it('ends a run whose data the worker lacks with data_missing, naming the slug and the worker, not retried', async () => {
    const bare = join(root, 'bare-data');
    mkdirSync(bare);
    const lonely = await startWorker({ url: `${redis.url}/3`, name: 'no-data-worker', dataRoot: bare });
    const db = shopCorpus(root, 'nodata', { reader: ["import pandas as pd\nprint(pd.read_csv('/kaggle/input/shop/sales.csv').shape)"] });
    const r = runHookmine(['--db', db, '--data-root', dataRoot, 'execute', '--queue', `${redis.url}/3`]);
    expect(r.code, r.stderr).toBe(1);
    const rows = await outcomes(db);
    expect(rows).toHaveLength(1);
    expect(rows[0]?.reason).toBe('data_missing');
    expect(rows[0]?.reason_detail).toContain('shop');
    expect(rows[0]?.reason_detail).toContain('no-data-worker');
    await lonely.waitFor(/^ran run-/);
    expect(lonely.runs).toHaveLength(1);
  });
});

describe('warm-pool jobs through the queue (synth, synthetic labels)', BUDGET, () => {
  it("runs a pool job in a worker's warm pool with the worker's data root at /kaggle/input, and reports missing data", async () => {
    const { QueueCoordinator } = await import('../../src/queue/coordinator.js');
    const coordinator = await QueueCoordinator.open(redis.url);
    try {
      // the coordinator's own data root is elsewhere: the worker mounts its own
      const runner = await coordinator.pool({ mounts: [{ host: join(root, 'nowhere'), sandbox: '/kaggle/input' }], size: 1, limits: { wallMs: 60_000, memoryMb: 2048 } });
      const ok = await runner.run({ code: "import pandas as pd\nprint(pd.read_csv('/kaggle/input/shop/sales.csv').shape)", timeoutMs: 60_000 });
      expect(ok.ok, JSON.stringify(ok.error)).toBe(true);
      expect(ok.stdout).toContain('(3, 3)');
      // a mount outside the data root must exist at the same path on the worker (shared storage)
      const elsewhere = await coordinator.pool({ mounts: [{ host: join(root, 'no-such-folder'), sandbox: '/data/abc' }], size: 1 });
      const missing = await elsewhere.run({ code: 'print(2)' });
      expect(missing.ok).toBe(false);
      expect(missing.error?.ename).toBe('DataMissing');
      expect(missing.error?.evalue).toContain('no-such-folder');
      expect(Object.keys(coordinator.summary().workers).length).toBeGreaterThan(0);
    } finally {
      await coordinator.close();
    }
  });
});

describe('queue faults outside a worker', BUDGET, () => {
  it('finishes the run when Redis restarts mid-run: coordinator and workers reconnect', async () => {
    const dir = tempDir('hookmine-redis-restart-');
    const persistent = await startRedis(dir, { persist: true });
    const a = await startWorker({ url: persistent.url, name: 'ra', dataRoot });
    const notebooks: Record<string, string[]> = {};
    for (let i = 0; i < 4; i++) notebooks[`restart${i}`] = [`import time\ntime.sleep(1)\nprint(${i})`];
    const db = shopCorpus(root, 'restart', notebooks);
    const coordinator = startHookmine(['--db', db, '--data-root', dataRoot, 'execute', '--queue', persistent.url, '--jobs', '4']);
    await a.waitFor(/^ran run-/); // one run answered: restart Redis now
    await persistent.stop();
    const again = await startRedis(dir, { persist: true, port: persistent.port });
    const code = await coordinator.exited();
    expect(code, coordinator.lines.join('\n')).toBe(0);
    expect((await outcomes(db)).map((r) => r.outcome)).toEqual(['ran', 'ran', 'ran', 'ran']);
    await again.stop();
  });

  it('refuses a bad or unreachable queue URL with exit 2, naming it without its password', async () => {
    const db = join(root, 'bad.duckdb');
    const scheme = runHookmine(['--db', db, 'execute', '--queue', 'http://example.com']);
    expect(scheme.code).toBe(2);
    expect(scheme.stderr).toMatch(/invalid queue URL http:\/\/example\.com.*redis:\/\//);
    const closed = await import('../helpers/queue.js').then((m) => m.freePort());
    const unreachable = runHookmine(['--db', db, 'execute', '--queue', `redis://:hunter2-secret-pw@127.0.0.1:${closed}`]);
    expect(unreachable.code).toBe(2);
    expect(unreachable.stderr).toContain(`redis://:***@127.0.0.1:${closed}`);
    expect(unreachable.stderr).not.toContain('hunter2-secret-pw');
    const worker = runHookmine(['worker', '--queue', `redis://:hunter2-secret-pw@127.0.0.1:${closed}`]);
    expect(worker.code).toBe(2);
    expect(worker.stderr).not.toContain('hunter2-secret-pw');
  });

  it('uses Redis auth: a wrong password is refused with exit 2, the right one works', async () => {
    const dir = tempDir('hookmine-redis-auth-');
    const locked = await startRedis(dir, { password: 'queue-pass-123456' });
    expect(redisCli(locked.port, ['-a', 'queue-pass-123456', '--no-auth-warning', 'ping']).trim()).toBe('PONG');
    const wrong = runHookmine(['worker', '--queue', `redis://:not-the-password@127.0.0.1:${locked.port}`]);
    expect(wrong.code).toBe(2);
    expect(wrong.stderr).toContain(`redis://:***@127.0.0.1:${locked.port}`);
    const w = await startWorker({ url: `redis://:queue-pass-123456@127.0.0.1:${locked.port}`, name: 'authed', dataRoot });
    expect(w.lines.join('\n')).toContain(`redis://:***@127.0.0.1:${locked.port}`);
    await locked.stop();
  });
});
