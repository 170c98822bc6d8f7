#!/usr/bin/env bash
# Measures execute + repair on a development set of real Kaggle notebooks that is NOT the shared
# set (docs/devset.md): ingests <devset>/<competition>/*.ipynb into a fresh corpus, runs the execute
# stage (the "before"), then `hookmine repair --no-llm` (the "after"), and prints, per half of the
# set (MANIFEST.json's `half`), how many notebooks ran to the end, reproduced Kaggle's record, and
# the failure reasons. Half B is the held-out half: it is reported in aggregate only (no per-notebook
# rows), so whoever writes rules stays blind to it.
#
# Usage: bash scripts/devset-measure.sh <devset-dir> <out-dir> [--skip-run]
#   <devset-dir>  folder with MANIFEST.json and one folder per competition slug
#   <out-dir>     where the corpus (devset.duckdb) and the report (report.md) are written
#   --skip-run    only print the report of an existing corpus
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

if [ "${3:-}" != "--skip-run" ]; then
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
