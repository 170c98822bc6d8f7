// Ctrl-C on a terminal signals the whole foreground process group. The notebook runs must not die
// with it (they would be stored as failed reference runs and never retried): the pipeline finishes
// the stage, stops, says so, and the next run goes on.
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Corpus } from '../../corpus/corpus.js';
import { BIN, runHookmineAsync } from '../helpers/cli.js';
import { tempDir } from '../helpers/tmp.js';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe('Ctrl-C during hookmine demo', () => {
  it('lets the running notebooks finish, stops after the stage, and the next run completes', async () => {
    const root = tempDir();
    chmodSync(root, 0o755);
    const out = join(root, 'demo');
    const log = join(out, 'hookmine.log');
    // detached: a process group of its own, like a shell's foreground job
    const child = spawn(process.execPath, [BIN, '--json', 'demo', '--out', out, '--no-png'], { detached: true, env: { ...process.env, HOOKMINE_DB: '', HOOKMINE_LOG_FILE: '' } });
    let stdout = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', () => undefined);
    const exited = new Promise<number>((resolve) => child.on('close', (code) => resolve(code ?? -1)));
    const deadline = Date.now() + 120_000;
    while (!(existsSync(log) && readFileSync(log, 'utf8').includes('"msg":"stage execute"'))) {
      if (Date.now() > deadline) throw new Error('the demo never reached the execute stage');
      await sleep(50);
    }
    await sleep(700); // the first notebooks are running in the sandbox now
    process.kill(-child.pid!, 'SIGINT'); // the terminal's Ctrl-C: the whole group
    expect(await exited).toBe(1);
    const summary = JSON.parse(stdout) as { stages: { stage: string; status: string }[] };
    expect(summary.stages.map((s) => s.stage)).toEqual(['crawl', 'execute']);

    const corpus = await Corpus.open(join(out, 'hookmine.duckdb'), { readOnly: true });
    let reasons: { ref: string; outcome: string; reason: string | null }[];
    try {
      reasons = await corpus.query(
        "select n.kaggle_ref as ref, x.outcome, x.reason from notebooks n join executions x using (notebook_id) where x.purpose = 'reference' order by 1",
      );
    } finally {
      corpus.close();
    }
    // every notebook ran to its own end: only the two expected failures, none killed by the signal
    expect(reasons.filter((r) => r.outcome === 'failed').map((r) => `${r.ref}:${r.reason}`)).toEqual(['carol/lemonade-python2:python2_syntax', 'dave/lemonade-lightgbm:missing_module']);
    expect(reasons).toHaveLength(6);

    const again = await runHookmineAsync(['--json', 'demo', '--out', out, '--no-png']);
    expect(again.code, again.stderr).toBe(0);
    const stages = (JSON.parse(again.stdout) as typeof summary).stages;
    expect(stages.map((s) => s.stage)).toEqual(['crawl', 'execute', 'repair', 'extract', 'verify', 'synth', 'label', 'export', 'train']);
    expect(stages.find((s) => s.stage === 'execute')).toMatchObject({ status: 'ok' }); // nothing left to run
  }, 300_000);
});
