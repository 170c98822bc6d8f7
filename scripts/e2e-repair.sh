#!/usr/bin/env bash
# End-to-end run of the repair stage over the real Kaggle notebooks in ../shared/kaggle-notebooks
# with their data in ../shared/kaggle-data (outside CI: it takes many minutes). Ingests them into
# a fresh corpus, runs the execute stage (the "before"), then `hookmine repair` (the "after"), and
# prints the before/after table (ran, reproduced, reason; rules applied per notebook) and the
# reproduction counts among the notebooks whose imports exist here (MANIFEST.json).
#
# Usage: bash scripts/e2e-repair.sh [-- repair flags]      (default: --jobs=2)
#        npm run e2e:repair -- --timeout 900 --budget 1800
# Env:   HOOKMINE_SHARED (default ../shared); E2E_DIR (where the corpus is kept; default a temp
#        folder); E2E_REUSE=1 keeps an E2E_DIR corpus that already has its reference runs.
set -euo pipefail
E2E_NAME=e2e:repair
source "$(dirname "$0")/e2e-env.sh"
e2e_corpus e2e-repair e2e.duckdb "${E2E_REUSE:-0}"

echo "e2e:repair: corpus $DB" >&2
hookmine ingest "$NOTEBOOKS" >&2
status=0
hookmine --data-root "$DATA" execute --jobs=2 >&2 || status=$?
[ "$status" -le 1 ] || exit "$status"
status=0
hookmine --data-root "$DATA" repair "${@:---jobs=2}" >&2 || status=$?
[ "$status" -le 1 ] || exit "$status"

hookmine sql --format jsonl "
  with ref as (
    select notebook_id, outcome, reason, reason_detail, status from executions where purpose = 'reference'
    qualify row_number() over (partition by notebook_id order by started_at desc) = 1
  ), ses as (
    select * from repair_sessions qualify row_number() over (partition by notebook_id order by started_at desc) = 1
  )
  select n.source_path, n.competition, n.title,
         ref.status = 'completed' as before_ran, ref.outcome = 'reproduced' as before_reproduced, ref.reason as before_reason,
         ses.status as session, ses.after_outcome, ses.after_reason, ses.after_detail, ses.rules, ses.llm_attempts, ses.runs, ses.wall_ms, ses.seed_dependent
  from notebooks n join ref using (notebook_id) left join ses using (notebook_id)
  order by n.competition, n.title" |
  MANIFEST="$NOTEBOOKS/MANIFEST.json" node --input-type=module -e '
    import { readFileSync } from "node:fs";
    const manifest = JSON.parse(readFileSync(process.env.MANIFEST, "utf8"));
    const rows = readFileSync(0, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const entryFor = (path) => manifest.find((m) => path.endsWith(m.file));
    const cell = (s, n = 150) => { const t = String(s ?? "").replace(/\|/g, "\\|").replace(/\s+/g, " ").trim(); return t.length > n ? t.slice(0, n - 1) + "…" : t; };
    const yn = (b) => (b ? "yes" : "no");
    const ranAfter = (r) => r.after_outcome === "reproduced" || r.after_outcome === "ran" || r.after_reason === "output_mismatch";
    console.log("| notebook | before: ran | reproduced | reason | after: ran | reproduced | reason | rules applied | LLM | why not reproduced |");
    console.log("|---|---|---|---|---|---|---|---|---:|---|");
    let runnable = 0, before = 0, after = 0;
    for (const r of rows) {
      const missing = entryFor(r.source_path)?.imports_not_in_debian ?? [];
      const repaired = r.session !== null && r.session !== undefined;
      const aRan = repaired ? ranAfter(r) : r.before_ran;
      const aRep = repaired ? r.after_outcome === "reproduced" : r.before_reproduced;
      const aReason = repaired ? (r.session === "skipped" ? `${r.after_reason ?? ""} (nothing to try)` : r.after_reason) : r.before_reason;
      if (missing.length === 0) { runnable++; if (r.before_reproduced) before++; if (aRep) after++; }
      const why = aRep ? "" : repaired ? r.after_detail : "";
      console.log(`| ${r.competition}/${r.title} | ${yn(r.before_ran)} | ${yn(r.before_reproduced)} | ${r.before_reason ?? ""} | ${yn(aRan)} | ${yn(aRep)} | ${aReason ?? ""} | ${(r.rules ?? []).join(", ")} | ${r.llm_attempts ?? 0} | ${cell(why)} |`);
    }
    console.log("");
    console.log(`reproduced among the ${runnable} notebooks whose imports exist here: before ${before}, after ${after}`);
  '
