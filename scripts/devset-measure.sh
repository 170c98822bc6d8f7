#!/usr/bin/env bash
# Measures execute + repair and the yield of extract + verify on a development set of real Kaggle
# notebooks that is NOT the shared set (docs/devset.md): ingests <devset>/<competition>/*.ipynb into
# a fresh corpus, runs the execute stage (the "before"), then `hookmine repair --no-llm` (the
# "after"), then `hookmine run --stages extract,verify`, and prints, per half of the set
# (MANIFEST.json's `half`), how many notebooks ran to the end, reproduced Kaggle's record, and the
# failure reasons; then the yield: notebooks with a gold Kaggle episode (per evidence tier), the
# median of verified hooks per episode, nondeterministic hooks rejected, two checks that must be 0,
# and why the others have no episode (scripts/evidence-yield.sql, shared with e2e:evidence). Half B
# is the held-out half: it is reported in aggregate only (no per-notebook rows), so whoever writes
# rules stays blind to it.
#
# Usage: bash scripts/devset-measure.sh <devset-dir> <out-dir> [--skip-run | --skip-yield]
#   <devset-dir>  folder with MANIFEST.json and one folder per competition slug
#   <out-dir>     where the corpus (devset.duckdb) and the report (report.md) are written
#   --skip-run    only print the report of an existing corpus (<out-dir>/devset.duckdb)
#   --skip-yield  run ingest, execute and repair but not extract + verify
# Env:   HOOKMINE_SHARED (default ../shared) for the competition data; HOOKMINE_TIMEOUT,
#        HOOKMINE_REPAIR_BUDGET, HOOKMINE_JOBS as for the CLI.
set -euo pipefail
E2E_NAME=devset-measure
E2E_DATA_ONLY=1
DEVSET="$(cd "${1:?usage: devset-measure.sh <devset-dir> <out-dir>}" && pwd)"
OUT="${2:?usage: devset-measure.sh <devset-dir> <out-dir>}"
mkdir -p "$OUT"
OUT="$(cd "$OUT" && pwd)"
source "$(dirname "$0")/e2e-env.sh"
[ -f "$DEVSET/MANIFEST.json" ] || { echo "$E2E_NAME: $DEVSET/MANIFEST.json not found" >&2; exit 2; }
DB="$OUT/devset.duckdb"
hookmine() { node bin/hookmine.js --db "$DB" "$@"; }

MODE="${3:-}"
case "$MODE" in ''|--skip-run|--skip-yield) ;; *) echo "$E2E_NAME: unknown option '$MODE' (--skip-run or --skip-yield)" >&2; exit 2 ;; esac

if [ "$MODE" != "--skip-run" ]; then
  rm -f "$DB" "$DB.wal"
  # Only the competition folders: the devset folder may also hold tools and run outputs.
  mapfile -t dirs < <(node -e 'const m=require(process.argv[1]);console.log([...new Set(m.map(e=>e.competition))].join("\n"))' "$DEVSET/MANIFEST.json")
  for d in "${dirs[@]}"; do hookmine ingest "$DEVSET/$d" >&2 || true; done
  status=0
  hookmine --data-root "$DATA" execute >&2 || status=$?
  [ "$status" -le 1 ] || exit "$status"
  status=0
  hookmine --data-root "$DATA" repair --no-llm >&2 || status=$?
  [ "$status" -le 1 ] || exit "$status"
  if [ "$MODE" != "--skip-yield" ]; then
    status=0
    hookmine --data-root "$DATA" run --skip crawl --stages extract,verify >&2 || status=$?
    [ "$status" -le 1 ] || exit "$status"
  fi
fi

hookmine sql --format jsonl "
  with ref as (
    select notebook_id, outcome, reason, reason_detail, status from executions where purpose = 'reference'
    qualify row_number() over (partition by notebook_id order by started_at desc) = 1
  ), ses as (
    select * from repair_sessions qualify row_number() over (partition by notebook_id order by started_at desc) = 1
  )
  select n.source_path, n.competition,
         ref.status = 'completed' as before_ran, ref.outcome = 'reproduced' as before_reproduced,
         ref.reason as before_reason, ref.reason_detail as before_detail,
         ses.status as session, ses.after_outcome, ses.after_reason, ses.after_detail, ses.rules
  from notebooks n join ref using (notebook_id) left join ses using (notebook_id)
  order by n.source_path" |
  MANIFEST="$DEVSET/MANIFEST.json" node --input-type=module -e '
    import { readFileSync } from "node:fs";
    const manifest = JSON.parse(readFileSync(process.env.MANIFEST, "utf8"));
    const rows = readFileSync(0, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const entryFor = (path) => manifest.find((m) => path.endsWith("/" + m.file));
    const cell = (s, n = 140) => { const t = String(s ?? "").replace(/\|/g, "\\|").replace(/\s+/g, " ").trim(); return t.length > n ? t.slice(0, n - 1) + "…" : t; };
    const ranAfter = (r) => r.after_outcome === "reproduced" || r.after_outcome === "ran" || r.after_reason === "output_mismatch";
    const halves = { A: [], B: [] };
    for (const r of rows) {
      const e = entryFor(r.source_path);
      if (!e) continue;
      const repaired = r.session !== null && r.session !== undefined;
      r.after_ran = repaired ? ranAfter(r) : r.before_ran;
      r.after_reproduced = repaired ? r.after_outcome === "reproduced" : r.before_reproduced;
      r.after_reason2 = repaired ? r.after_reason : r.before_reason;
      r.entry = e;
      halves[e.half].push(r);
    }
    const count = (xs, f) => xs.filter(f).length;
    const reasons = (xs, key) => { const c = {}; for (const x of xs) if (x[key]) c[x[key]] = (c[x[key]] ?? 0) + 1; return Object.entries(c).sort((a, b) => b[1] - a[1]).map(([k, v]) => `${k} ${v}`).join(", "); };
    console.log("| half | notebooks | imports all here | ran to the end (before / after repair) | reproduced (before / after repair) | reproduced, imports all here (before / after) | failure reasons before | after |");
    console.log("|---|---:|---:|---|---|---|---|---|");
    for (const h of ["A", "B"]) {
      const xs = halves[h];
      const here = xs.filter((r) => r.entry.imports_not_in_debian.length === 0);
      console.log(`| ${h} | ${xs.length} | ${here.length} | ${count(xs, (r) => r.before_ran)} / ${count(xs, (r) => r.after_ran)} | ${count(xs, (r) => r.before_reproduced)} / ${count(xs, (r) => r.after_reproduced)} | ${count(here, (r) => r.before_reproduced)} / ${count(here, (r) => r.after_reproduced)} | ${reasons(xs, "before_reason")} | ${reasons(xs, "after_reason2")} |`);
    }
    console.log("");
    console.log("Half A, per notebook (half B is held out: aggregates only):");
    console.log("");
    console.log("| notebook | before | reason | after | reason | rules | detail |");
    console.log("|---|---|---|---|---|---|---|");
    const state = (ran, rep) => (rep ? "reproduced" : ran ? "ran" : "failed");
    for (const r of halves.A) {
      console.log(`| ${r.entry.file} | ${state(r.before_ran, r.before_reproduced)} | ${r.before_reason ?? ""} | ${state(r.after_ran, r.after_reproduced)} | ${r.after_reason2 ?? ""} | ${(r.rules ?? []).join(", ")} | ${cell(r.after_reproduced ? "" : (r.after_detail ?? r.before_detail))} |`);
    }
  ' | tee "$OUT/report.md"

# The yield of extract + verify per half, from the query e2e:evidence uses. A corpus that extract
# has not run on shows 0 episodes ("no proposal: not extracted").
hookmine sql --format jsonl "select * from ($(cat scripts/evidence-yield.sql)) order by source_path" |
  MANIFEST="$DEVSET/MANIFEST.json" node --input-type=module -e '
    import { readFileSync } from "node:fs";
    const manifest = JSON.parse(readFileSync(process.env.MANIFEST, "utf8"));
    const rows = readFileSync(0, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const entryFor = (path) => manifest.find((m) => path.endsWith("/" + m.file));
    const cell = (s, n = 140) => { const t = String(s ?? "").replace(/\|/g, "\\|").replace(/\s+/g, " ").trim(); return t.length > n ? t.slice(0, n - 1) + "…" : t; };
    const halves = { A: [], B: [] };
    for (const r of rows) {
      const e = entryFor(r.source_path);
      if (e) halves[e.half].push({ ...r, entry: e });
    }
    const sum = (xs, key) => xs.reduce((a, x) => a + Number(x[key] ?? 0), 0);
    const median = (xs) => { if (xs.length === 0) return "-"; const s = [...xs].sort((a, b) => a - b), m = s.length >> 1; return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2; };
    const reasons = (xs) => { const c = {}; for (const x of xs) if (x.why_none) c[x.why_none] = (c[x.why_none] ?? 0) + 1; return Object.entries(c).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([k, v]) => `${cell(k, 100)} ${v}`).join("; "); };
    console.log("");
    console.log("Yield of extract + verify (gold Kaggle episodes):");
    console.log("");
    console.log("| half | notebooks | with a gold episode | kaggle_reproduced | local_deterministic | prefix | median verified hooks per episode | nondeterministic hooks rejected | differing verified hooks (must be 0) | prefix steps at/after stop (must be 0) | no episode: why |");
    console.log("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|");
    for (const h of ["A", "B"]) {
      const xs = halves[h];
      const eps = xs.filter((r) => r.tier);
      const tier = (t) => eps.filter((r) => r.tier === t).length;
      console.log(`| ${h} | ${xs.length} | ${eps.length} | ${tier("kaggle_reproduced")} | ${tier("local_deterministic")} | ${tier("prefix")} | ${median(eps.map((r) => Number(r.verified_hooks)))} | ${sum(xs, "nondeterministic")} | ${sum(xs, "differing_verified_hooks")} | ${sum(xs, "prefix_steps_at_or_after_stop")} | ${reasons(xs)} |`);
    }
    console.log("");
    console.log("Half A, per notebook (half B is held out: aggregates only):");
    console.log("");
    console.log("| notebook | reference run: why it failed | tier | verified hooks | nondeterministic | stop reason, or why no episode |");
    console.log("|---|---|---|---:|---:|---|");
    for (const r of halves.A) {
      console.log(`| ${r.entry.file} | ${r.reference_run ?? ""} | ${r.tier ?? "-"} | ${r.verified_hooks} | ${r.nondeterministic} | ${cell(r.tier ? (r.stop_reason ?? "") : r.proposal && !r.why_none.startsWith("proposed") ? r.proposal : r.why_none)} |`);
    }
  ' | tee -a "$OUT/report.md"
