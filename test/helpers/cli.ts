// Run the built CLI (dist/) as a user would, capturing its output and exit code.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const BIN = fileURLToPath(new URL('../../bin/hookmine.js', import.meta.url));
const MAIN = fileURLToPath(new URL('../../dist/src/cli/main.js', import.meta.url));

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function cliBuilt(): boolean {
  return existsSync(MAIN);
}

export function runHookmine(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string; cwd?: string } = {}): CliResult {
  if (!cliBuilt()) throw new Error('dist/ is missing: run `npm run build` before the CLI tests (npm test does)');
  const result = spawnSync(process.execPath, [BIN, ...args], {
    encoding: 'utf8',
    input: options.input,
    cwd: options.cwd,
    env: { ...process.env, HOOKMINE_DB: '', HOOKMINE_LOG_FILE: '', ...options.env },
    timeout: 120_000,
  });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Like runHookmine, without blocking the test's event loop (needed when the test itself serves HTTP). */
export async function runHookmineAsync(args: string[], options: { env?: NodeJS.ProcessEnv; input?: string } = {}): Promise<CliResult> {
  const { spawn } = await import('node:child_process');
  if (!cliBuilt()) throw new Error('dist/ is missing: run `npm run build` before the CLI tests (npm test does)');
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, HOOKMINE_DB: '', HOOKMINE_LOG_FILE: '', ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}
