// Kaggle credentials, in the order the official client looks for them: an API token (Bearer) from
// KAGGLE_API_TOKEN (the value, or a path to a file holding it) or ~/.kaggle/access_token, then the
// legacy key (HTTP Basic) from KAGGLE_USERNAME + KAGGLE_KEY or ~/.kaggle/kaggle.json. Every secret
// is registered for redaction the moment it is read.
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { UsageError } from '../src/errors.js';
import { registerSecret } from '../src/secrets.js';

export interface KaggleCredentials {
  kind: 'bearer' | 'basic';
  /** the Authorization header value (secret) */
  header: string;
  /** where they came from, for messages (never the value) */
  source: string;
  /** a non-secret fingerprint: requests with the same credential share one politeness gate */
  fingerprint: string;
}

function fingerprint(header: string): string {
  return createHash('sha256').update(header).digest('hex').slice(0, 12);
}

function bearer(token: string, source: string): KaggleCredentials {
  registerSecret(token);
  const header = `Bearer ${token}`;
  return { kind: 'bearer', header, source, fingerprint: fingerprint(header) };
}

function basic(username: string, key: string, source: string): KaggleCredentials {
  registerSecret(key);
  const encoded = Buffer.from(`${username}:${key}`).toString('base64');
  registerSecret(encoded);
  const header = `Basic ${encoded}`;
  return { kind: 'basic', header, source, fingerprint: fingerprint(header) };
}

function readTrimmed(path: string): string {
  return readFileSync(path, 'utf8').trim();
}

/** The ~/.kaggle folder, or KAGGLE_CONFIG_DIR as the official client allows. */
export function kaggleConfigDir(env: NodeJS.ProcessEnv = process.env, home = homedir()): string {
  return env.KAGGLE_CONFIG_DIR || join(home, '.kaggle');
}

/** Find credentials; null when there are none at all. A malformed kaggle.json is a usage error. */
export function loadCredentials(env: NodeJS.ProcessEnv = process.env, home = homedir()): KaggleCredentials | null {
  const token = env.KAGGLE_API_TOKEN?.trim();
  if (token) {
    // The official client accepts either the token or a path to a file that holds it.
    if (!/\s/.test(token) && token.length < 4096 && (token.startsWith('/') || token.startsWith('~')) && existsSync(token.replace(/^~/, home))) {
      const value = readTrimmed(token.replace(/^~/, home));
      if (value) return bearer(value, 'KAGGLE_API_TOKEN (file)');
    }
    return bearer(token, 'KAGGLE_API_TOKEN');
  }
  const dir = kaggleConfigDir(env, home);
  for (const name of ['access_token', 'access_token.txt']) {
    const path = join(dir, name);
    if (existsSync(path)) {
      const value = readTrimmed(path);
      if (value) return bearer(value, path);
    }
  }
  const username = env.KAGGLE_USERNAME?.trim();
  const key = env.KAGGLE_KEY?.trim();
  if (username && key) return basic(username, key, 'KAGGLE_USERNAME/KAGGLE_KEY');
  const json = join(dir, 'kaggle.json');
  if (existsSync(json)) {
    let parsed: { username?: unknown; key?: unknown };
    try {
      parsed = JSON.parse(readFileSync(json, 'utf8')) as typeof parsed;
    } catch {
      throw new UsageError(`${json} is not valid JSON; it should be {"username": "...", "key": "..."}`);
    }
    if (typeof parsed.key === 'string') registerSecret(parsed.key);
    if (typeof parsed.username !== 'string' || typeof parsed.key !== 'string' || !parsed.username || !parsed.key) {
      throw new UsageError(`${json} must hold {"username": "...", "key": "..."}`);
    }
    return basic(parsed.username, parsed.key, json);
  }
  return null;
}

/** Like loadCredentials, but a crawl without credentials is a usage error that says where to put them. */
export function requireCredentials(env: NodeJS.ProcessEnv = process.env, home = homedir()): KaggleCredentials {
  const creds = loadCredentials(env, home);
  if (!creds) {
    throw new UsageError(
      'no Kaggle credentials: set KAGGLE_API_TOKEN (or write the token to ~/.kaggle/access_token), ' +
        'or KAGGLE_USERNAME and KAGGLE_KEY (or ~/.kaggle/kaggle.json); create them at https://www.kaggle.com/settings/api',
    );
  }
  return creds;
}
