// Profiling tables in the sandbox: one job per table (types as pandas reads them, cardinality,
// missing values, top values, numeric and date ranges), one per pair of tables of a folder that
// share columns (how many rows a shared key matches).
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { isIdLike } from '../../templates/columns.js';
import type { DataProfile, PartnerInfo, SourceInfo } from '../../templates/types.js';
import { ItemError } from '../errors.js';
import { failureOf, type JobRunner } from './runner.js';
import { pairProgram, PROFILE_MARKER, profileProgram } from './profile-script.js';
import type { SourceSpec } from './sources.js';

export interface ProfiledSource {
  spec: SourceSpec;
  info: SourceInfo;
  profile: DataProfile;
  partners: PartnerInfo[];
}


async function fileSha256(path: string): Promise<string> {
  const hash = createHash('sha256');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

function parseMarked<T>(stdout: string): T | undefined {
  const line = stdout.split('\n').find((l) => l.startsWith(PROFILE_MARKER));
  return line ? (JSON.parse(line.slice(PROFILE_MARKER.length)) as T) : undefined;
}

interface RawProfile extends DataProfile {
  datetimeIndex: boolean;
  sha256?: string;
}

async function runProfile(runner: JobRunner, spec: SourceSpec, loadExpr: string, timeoutMs: number): Promise<RawProfile> {
  const result = await runner.run({ code: profileProgram(spec.imports, loadExpr, !spec.hostPath), timeoutMs });
  if (!result.ok) {
    const { reason, detail } = failureOf(result);
    // The sandbox runs as its own user: a file only its owner may read is invisible there.
    const hint = /PermissionError/.test(detail) ? ' (the sandbox runs as another user: make the file and its folders readable by all, e.g. chmod o+rX)' : '';
    throw new ItemError(spec.key, reason === 'error' ? 'unreadable_table' : reason, `cannot load the table: ${detail}${hint}`);
  }
  const raw = parseMarked<RawProfile>(result.stdout);
  if (!raw) throw new ItemError(spec.key, 'unreadable_table', 'the profile job printed no profile');
  return raw;
}

/** Profile one table; a table that cannot be read raises an ItemError naming it. */
export async function profileSource(runner: JobRunner, spec: SourceSpec, timeoutMs: number): Promise<ProfiledSource> {
  let loadExpr = spec.loadExpr;
  let raw = await runProfile(runner, spec, loadExpr, timeoutMs);
  if (raw.datetimeIndex) {
    // statsmodels' time series keep their dates in the index: make them a column.
    loadExpr = `${loadExpr}.rename_axis("date").reset_index()`;
    raw = await runProfile(runner, spec, loadExpr, timeoutMs);
  }
  if (raw.rows === 0 || raw.columns.length === 0) throw new ItemError(spec.key, 'empty_table', `the table has ${raw.rows} rows and ${raw.columns.length} usable columns`);
  const contentSha256 = spec.hostPath ? await fileSha256(spec.hostPath) : (raw.sha256 ?? '');
  const { datetimeIndex: _d, sha256: _s, ...profile } = raw;
  return {
    spec: { ...spec, loadExpr },
    info: { key: spec.key, dataset: spec.dataset, name: spec.name, imports: spec.imports, loadExpr, contentSha256 },
    profile,
    partners: [],
  };
}

/** How `b` joins onto `a` (shared columns, a key and its matches), or null when they share nothing. */
export async function pairSources(runner: JobRunner, a: ProfiledSource, b: ProfiledSource, timeoutMs: number): Promise<PartnerInfo | null> {
  const bNames = new Map(b.profile.columns.map((c) => [c.name, c]));
  const shared = a.profile.columns.filter((c) => bNames.has(c.name)).map((c) => c.name);
  if (shared.length === 0) return null;
  const keys = shared.filter((name) => {
    const ca = a.profile.columns.find((c) => c.name === name);
    const cb = bNames.get(name);
    return (ca && isIdLike(ca, a.profile.rows)) || (cb && isIdLike(cb, b.profile.rows));
  });
  let key: string | null = null;
  let matches = 0;
  let partnerUnique = false;
  if (keys.length) {
    const result = await runner.run({ code: pairProgram(a.info, b.info, keys), timeoutMs });
    const stats = result.ok ? parseMarked<Record<string, { matches: number; unique: boolean }>>(result.stdout) : undefined;
    if (stats) {
      // The key that matches most rows (the first listed on ties).
      for (const k of keys) {
        const s = stats[k];
        if (s && (key === null || s.matches > matches)) [key, matches, partnerUnique] = [k, s.matches, s.unique];
      }
    }
  }
  return { source: b.info, profile: b.profile, shared, key, matches, partnerUnique };
}
