#!/usr/bin/env bash
# End-to-end run of the execute stage over the real Kaggle notebooks in ../shared/kaggle-notebooks
# with their data in ../shared/kaggle-data (outside CI: it takes minutes). Ingests them into a fresh
# corpus, executes them, and prints a Markdown table of every notebook's outcome and reason, plus
# the reproduction rate among the notebooks whose imports exist here (MANIFEST.json).
#
# Usage: npm run e2e:shared [-- --jobs 2 --timeout 420 ...]   (extra flags go to `hookmine execute`)
# Env:   HOOKMINE_SHARED (default ../shared), E2E_DIR (where the corpus is kept; default a temp folder)
set -euo pipefail
E2E_NAME=e2e:shared
source "$(dirname "$0")/e2e-env.sh"
e2e_corpus e2e e2e.duckdb

echo "e2e:shared: corpus $DB" >&2
hookmine ingest "$NOTEBOOKS" >&2
status=0
hookmine --data-root "$DATA" execute "${@:---jobs=2}" >&2 || status=$?
[ "$status" -le 1 ] || exit "$status"

hookmine sql --format jsonl "
  select n.source_path, n.competition, n.title, e.outcome, e.reason, e.reason_detail, e.wall_ms
  from executions e join notebooks n using (notebook_id)
  where e.purpose = 'reference'
  qualify row_number() over (partition by e.notebook_id order by e.started_at desc) = 1
  order by n.competition, n.title" |
  MANIFEST="$NOTEBOOKS/MANIFEST.json" node --input-type=module -e '
    import { readFileSync } from "node:fs";
    const manifest = JSON.parse(readFileSync(process.env.MANIFEST, "utf8"));
    const rows = readFileSync(0, "utf8").trim().split("\n").filter(Boolean).map((l) => JSON.parse(l));
    const entryFor = (path) => manifest.find((m) => path.endsWith(m.file));
    const cell = (s) => String(s ?? "").replace(/\|/g, "\\|").replace(/\s+/g, " ").slice(0, 140);
    console.log("| notebook | outcome | reason | detail | wall |");
    console.log("|---|---|---|---|---:|");
    let runnable = 0, reproduced = 0;
    for (const r of rows) {
      const missing = entryFor(r.source_path)?.imports_not_in_debian ?? [];
      if (missing.length === 0) { runnable++; if (r.outcome === "reproduced") reproduced++; }
      console.log(`| ${r.competition}/${r.title} | ${r.outcome} | ${r.reason ?? ""} | ${cell(r.reason_detail)} | ${(r.wall_ms / 1000).toFixed(1)} s |`);
    }
    const by = {};
    for (const r of rows) by[r.outcome] = (by[r.outcome] ?? 0) + 1;
    console.log("");
    console.log(`notebooks: ${rows.length}; ${Object.entries(by).map(([k, v]) => `${k}: ${v}`).join(", ")}`);
    console.log(`reproduced among notebooks whose imports exist here: ${reproduced}/${runnable} (${runnable ? Math.round((100 * reproduced) / runnable) : 0}%)`);
  '
