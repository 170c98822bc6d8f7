// Meta Kaggle in the corpus: DuckDB reads the CSVs itself (by header name, never by position, as
// newer dumps add columns), keeps the kernels and kernel versions attached to competitions, fills
// competitions, and gives crawled notebooks their real medal. Also the lookups the crawler (medal
// by ref) and ingest (Meta Kaggle Code files by kernel version id) need.
import type { Corpus, Session } from './corpus.js';
import { CorpusError } from '../src/errors.js';

export const META_KAGGLE_FILES = {
  Kernels: ['Id', 'AuthorUserId', 'CurrentKernelVersionId', 'CurrentUrlSlug', 'Medal', 'MedalAwardDate', 'TotalVotes', 'TotalViews', 'TotalComments', 'CreationDate'],
  KernelVersions: ['Id', 'ScriptId', 'VersionNumber', 'Title', 'ScriptLanguageId', 'CreationDate', 'TotalVotes'],
  KernelVersionCompetitionSources: ['Id', 'KernelVersionId', 'SourceCompetitionId'],
  Competitions: [
    'Id', 'Slug', 'Title', 'HostSegmentTitle', 'EnabledDate', 'DeadlineDate', 'OnlyAllowKernelSubmissions',
    'EvaluationAlgorithmAbbreviation', 'EvaluationAlgorithmName', 'CanQualifyTiers', 'TotalTeams',
  ],
  CompetitionTags: ['CompetitionId', 'TagId'],
  Tags: ['Id', 'Name'],
  Users: ['Id', 'UserName'],
} as const;
export type MetaKaggleTable = keyof typeof META_KAGGLE_FILES;

export interface MetaKaggleImport {
  kernels: number;
  kernel_versions: number;
  competitions: number;
  medals: { gold: number; silver: number; bronze: number };
  notebooks_updated: number;
}

const CSV = `header = true, all_varchar = true, quote = '"', escape = '"'`;
const TS_FORMATS = `['%m/%d/%Y %H:%M:%S', '%m/%d/%Y %H:%M', '%m/%d/%Y', '%Y-%m-%d %H:%M:%S', '%Y-%m-%dT%H:%M:%S', '%Y-%m-%d']`;
const ts = (col: string) => `try_strptime(${col}, ${TS_FORMATS})`;

/** The header of one CSV, by DuckDB's reader. */
export async function csvColumns(db: Corpus | Session, path: string): Promise<string[]> {
  const rows = await db.query<{ column_name: string }>(`DESCRIBE SELECT * FROM read_csv($1, ${CSV})`, [path]);
  return rows.map((r) => r.column_name);
}

/**
 * Load the seven CSVs (paths by table name) and update the corpus, in one transaction. Columns are
 * checked first by the caller (csvColumns) so a bad dump fails before anything changes.
 */
export async function loadMetaKaggle(corpus: Corpus, paths: Record<MetaKaggleTable, string>, runId: string | null): Promise<MetaKaggleImport> {
  return corpus.transaction(async (s) => {
    const p = paths;
    await s.run(`CREATE OR REPLACE TEMP TABLE mk_sources AS
      SELECT TRY_CAST(Id AS BIGINT) AS id, TRY_CAST(KernelVersionId AS BIGINT) AS kvid, TRY_CAST(SourceCompetitionId AS BIGINT) AS cid
      FROM read_csv($1, ${CSV})`, [p.KernelVersionCompetitionSources]);
    await s.run(`CREATE OR REPLACE TEMP TABLE mk_comps AS
      SELECT TRY_CAST(Id AS BIGINT) AS id, lower(Slug) AS slug, Title AS title, HostSegmentTitle AS segment,
             ${ts('EnabledDate')} AS enabled, ${ts('DeadlineDate')} AS deadline,
             lower(OnlyAllowKernelSubmissions) IN ('true', '1') AS kernels_only,
             coalesce(nullif(EvaluationAlgorithmAbbreviation, ''), nullif(EvaluationAlgorithmName, '')) AS metric,
             lower(CanQualifyTiers) IN ('true', '1') AS tiers, TRY_CAST(TotalTeams AS INTEGER) AS teams
      FROM read_csv($1, ${CSV}) WHERE Slug IS NOT NULL AND Slug <> ''`, [p.Competitions]);
    await s.run(`CREATE OR REPLACE TEMP TABLE mk_kernels AS
      SELECT TRY_CAST(Id AS BIGINT) AS id, TRY_CAST(AuthorUserId AS BIGINT) AS author, TRY_CAST(CurrentKernelVersionId AS BIGINT) AS current_version,
             CurrentUrlSlug AS url_slug, TRY_CAST(TRY_CAST(Medal AS DOUBLE) AS INTEGER) AS medal, ${ts('MedalAwardDate')} AS medal_date,
             TRY_CAST(TotalVotes AS INTEGER) AS votes, TRY_CAST(TotalViews AS BIGINT) AS views, TRY_CAST(TotalComments AS INTEGER) AS comments,
             ${ts('CreationDate')} AS created
      FROM read_csv($1, ${CSV})`, [p.Kernels]);
    // Only the versions a competition links, plus each kernel's current version (for its number).
    await s.run(`CREATE OR REPLACE TEMP TABLE mk_versions AS
      SELECT TRY_CAST(Id AS BIGINT) AS id, TRY_CAST(ScriptId AS BIGINT) AS kernel, TRY_CAST(VersionNumber AS INTEGER) AS number, Title AS title,
             TRY_CAST(ScriptLanguageId AS INTEGER) AS language, ${ts('CreationDate')} AS created, TRY_CAST(TotalVotes AS INTEGER) AS votes
      FROM read_csv($1, ${CSV})
      WHERE TRY_CAST(Id AS BIGINT) IN (SELECT kvid FROM mk_sources UNION SELECT current_version FROM mk_kernels)`, [p.KernelVersions]);
    await s.run(`CREATE OR REPLACE TEMP TABLE mk_users AS
      SELECT TRY_CAST(Id AS BIGINT) AS id, UserName AS user_name FROM read_csv($1, ${CSV})
      WHERE TRY_CAST(Id AS BIGINT) IN (SELECT author FROM mk_kernels)`, [p.Users]);
    await s.run(`CREATE OR REPLACE TEMP TABLE mk_tags AS
      SELECT TRY_CAST(ct.CompetitionId AS BIGINT) AS cid, list(DISTINCT t.Name ORDER BY t.Name) AS tags
      FROM read_csv($1, ${CSV}) ct JOIN read_csv($2, ${CSV}) t ON TRY_CAST(t.Id AS BIGINT) = TRY_CAST(ct.TagId AS BIGINT)
      GROUP BY 1`, [p.CompetitionTags, p.Tags]);

    await s.run(
      `INSERT OR REPLACE INTO meta_kaggle_kernel_versions
       SELECT v.id, v.kernel, v.number, v.title, v.language, c.slug, v.created, v.votes, now()::TIMESTAMP, $1
       FROM mk_sources src JOIN mk_versions v ON v.id = src.kvid JOIN mk_comps c ON c.id = src.cid
       WHERE v.id IS NOT NULL AND v.kernel IS NOT NULL
       QUALIFY row_number() OVER (PARTITION BY v.id ORDER BY src.id) = 1`,
      [runId],
    );
    await s.run(
      `INSERT OR REPLACE INTO meta_kaggle_kernels
       SELECT k.id, CASE WHEN u.user_name IS NOT NULL AND k.url_slug IS NOT NULL THEN lower(u.user_name || '/' || k.url_slug) END,
              k.author, k.current_version, cur.number,
              coalesce((SELECT competition FROM meta_kaggle_kernel_versions v WHERE v.kernel_version_id = k.current_version),
                       (SELECT arg_max(competition, kernel_version_id) FROM meta_kaggle_kernel_versions v WHERE v.kernel_id = k.id)),
              CASE k.medal WHEN 1 THEN 'gold' WHEN 2 THEN 'silver' WHEN 3 THEN 'bronze' END,
              k.medal_date, k.votes, k.views, k.comments, k.created, now()::TIMESTAMP, $1
       FROM mk_kernels k
       LEFT JOIN mk_users u ON u.id = k.author
       LEFT JOIN mk_versions cur ON cur.id = k.current_version
       WHERE k.id IN (SELECT kernel_id FROM meta_kaggle_kernel_versions)
       QUALIFY row_number() OVER (PARTITION BY k.id) = 1`,
      [runId],
    );
    // Competitions that imported kernels link to: new rows come from Meta Kaggle; rows the API made
    // keep their values and only get what they lack.
    await s.run(
      `INSERT INTO competitions (slug, kaggle_id, title, url, host_segment, tags, evaluation_metric, deadline, enabled_date, team_count,
                                 awards_points, kernels_submissions_only, source, first_seen_at, updated_at)
       SELECT c.slug, c.id, c.title, 'https://www.kaggle.com/competitions/' || c.slug,
              'HOST_SEGMENT_' || upper(replace(trim(c.segment), ' ', '_')), coalesce(t.tags, []::VARCHAR[]), c.metric, c.deadline, c.enabled,
              c.teams, c.tiers, c.kernels_only, 'meta-kaggle', now()::TIMESTAMP, now()::TIMESTAMP
       FROM mk_comps c LEFT JOIN mk_tags t ON t.cid = c.id
       WHERE c.slug IN (SELECT DISTINCT competition FROM meta_kaggle_kernel_versions)
       QUALIFY row_number() OVER (PARTITION BY c.slug) = 1
       ON CONFLICT (slug) DO UPDATE SET
         kaggle_id = coalesce(kaggle_id, excluded.kaggle_id), title = coalesce(title, excluded.title), url = coalesce(url, excluded.url),
         host_segment = coalesce(host_segment, excluded.host_segment),
         tags = CASE WHEN tags IS NULL OR len(tags) = 0 THEN excluded.tags ELSE tags END,
         evaluation_metric = coalesce(evaluation_metric, excluded.evaluation_metric), deadline = coalesce(deadline, excluded.deadline),
         enabled_date = coalesce(enabled_date, excluded.enabled_date), team_count = coalesce(team_count, excluded.team_count),
         awards_points = coalesce(awards_points, excluded.awards_points),
         kernels_submissions_only = coalesce(kernels_submissions_only, excluded.kernels_submissions_only), updated_at = excluded.updated_at`,
    );
    const updated = await setRealMedals(s);
    const [counts] = await s.query<{ kernels: number; versions: number; competitions: number; gold: number; silver: number; bronze: number }>(
      `SELECT count(*)::INTEGER AS kernels,
              (SELECT count(*) FROM meta_kaggle_kernel_versions WHERE run_id IS NOT DISTINCT FROM $1)::INTEGER AS versions,
              (SELECT count(DISTINCT competition) FROM meta_kaggle_kernel_versions WHERE run_id IS NOT DISTINCT FROM $1)::INTEGER AS competitions,
              count(*) FILTER (WHERE medal = 'gold')::INTEGER AS gold, count(*) FILTER (WHERE medal = 'silver')::INTEGER AS silver,
              count(*) FILTER (WHERE medal = 'bronze')::INTEGER AS bronze
       FROM meta_kaggle_kernels WHERE run_id IS NOT DISTINCT FROM $1`,
      [runId],
    );
    for (const t of ['mk_sources', 'mk_comps', 'mk_kernels', 'mk_versions', 'mk_users', 'mk_tags']) await s.run(`DROP TABLE IF EXISTS ${t}`);
    if (!counts) throw new CorpusError('Meta Kaggle import: no counts');
    return {
      kernels: counts.kernels,
      kernel_versions: counts.versions,
      competitions: counts.competitions,
      medals: { gold: counts.gold, silver: counts.silver, bronze: counts.bronze },
      notebooks_updated: updated,
    };
  });
}

/** Give notebooks that Meta Kaggle knows (by kernel id or ref) its medal and kernel version id. */
export async function setRealMedals(s: Session): Promise<number> {
  const [{ n } = { n: 0 }] = await s.query<{ n: number }>(
    `SELECT count(*)::INTEGER AS n FROM notebooks n JOIN meta_kaggle_kernels k ON n.kaggle_id = k.kernel_id OR lower(n.kaggle_ref) = k.ref`,
  );
  await s.run(
    `UPDATE notebooks SET medal = k.medal, medal_source = 'meta-kaggle', medal_award_date = k.medal_date, kaggle_id = coalesce(notebooks.kaggle_id, k.kernel_id)
     FROM (SELECT kernel_id, ref, medal, medal_award_date AS medal_date FROM meta_kaggle_kernels) k
     WHERE notebooks.kaggle_id = k.kernel_id OR lower(notebooks.kaggle_ref) = k.ref`,
  );
  await s.run(
    `UPDATE notebooks SET kernel_version_id = v.kernel_version_id
     FROM meta_kaggle_kernel_versions v JOIN meta_kaggle_kernels k ON k.kernel_id = v.kernel_id
     WHERE notebooks.kernel_version_id IS NULL AND notebooks.kaggle_version = v.version_number
       AND (notebooks.kaggle_id = k.kernel_id OR lower(notebooks.kaggle_ref) = k.ref)`,
  );
  return n;
}

export type MetaKaggleKernel = {
  kernel_id: number;
  ref: string | null;
  medal: string | null;
  medal_award_date: string | null;
  competition: string | null;
};

/** Meta Kaggle's kernels by lower-case ref (for the crawler's medal check). */
export async function metaKaggleKernelsByRef(db: Corpus | Session, refs: readonly string[]): Promise<Map<string, MetaKaggleKernel>> {
  if (refs.length === 0) return new Map();
  const rows = await db.query<MetaKaggleKernel>(
    `SELECT kernel_id, ref, medal, medal_award_date, competition FROM meta_kaggle_kernels WHERE list_contains($1, ref)`,
    [refs.map((r) => r.toLowerCase())],
  );
  return new Map(rows.map((r) => [r.ref as string, r]));
}

export type MetaKaggleVersion = {
  kernel_version_id: number;
  kernel_id: number;
  version_number: number | null;
  title: string | null;
  competition: string;
  ref: string | null;
  medal: string | null;
  medal_award_date: string | null;
};

/** Meta Kaggle Code files are named by kernel version id: what the import knows about those ids. */
export async function metaKaggleVersions(db: Corpus | Session, ids: readonly number[]): Promise<Map<number, MetaKaggleVersion>> {
  if (ids.length === 0) return new Map();
  const rows = await db.query<MetaKaggleVersion>(
    `SELECT v.kernel_version_id, v.kernel_id, v.version_number, v.title, v.competition, k.ref, k.medal, k.medal_award_date
     FROM meta_kaggle_kernel_versions v LEFT JOIN meta_kaggle_kernels k ON k.kernel_id = v.kernel_id
     WHERE list_contains($1, v.kernel_version_id)`,
    [ids.map((i) => BigInt(i))],
  );
  return new Map(rows.map((r) => [r.kernel_version_id, r]));
}
