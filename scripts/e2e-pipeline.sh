#!/usr/bin/env bash
# The whole pipeline over the real Kaggle notebooks in ../shared/kaggle-notebooks with their data in
# ../shared/kaggle-data (outside CI: it takes the better part of an hour on 2 cores). Ingests them
# (no Kaggle access here, so no crawl), then `hookmine run --skip crawl`: execute, repair, extract,
# verify, synth over the same data, label, export, train; then the report, and the funnel.
#
# Usage: bash scripts/e2e-pipeline.sh [-- run flags]      e.g. npm run e2e:pipeline
# Env:   HOOKMINE_SHARED (default ../shared); E2E_DIR (where the corpus, dataset, PRM and report
#        go; default a temp folder; an existing corpus there is reused, so an interrupted run goes
#        on); HOOKMINE_JOBS (default 2), HOOKMINE_REPAIR_BUDGET (default 600 s here).
set -euo pipefail
E2E_NAME=e2e:pipeline
source "$(dirname "$0")/e2e-env.sh"
DIR="${E2E_DIR:-$(mktemp -d -t hookmine-e2e-pipeline-XXXXXX)}"
mkdir -p "$DIR"
chmod 755 "$DIR"
export HOOKMINE_JOBS="${HOOKMINE_JOBS:-2}" HOOKMINE_REPAIR_BUDGET="${HOOKMINE_REPAIR_BUDGET:-600}"
hookmine() { node bin/hookmine.js --db "$DIR/e2e.duckdb" --data-root "$DATA" --log-file "$DIR/hookmine.log" "$@"; }

echo "e2e:pipeline: $DIR" >&2
hookmine ingest "$NOTEBOOKS" >&2
status=0
hookmine run --skip crawl --out "$DIR" "$@" || status=$?
[ "$status" -le 1 ] || exit "$status"
hookmine report --out "$DIR/report.html" || status=$?
hookmine sql "select * from v_funnel"
hookmine sql "select source, kind, split, count(*) as episodes from episodes group by all order by all"
exit "$status"
