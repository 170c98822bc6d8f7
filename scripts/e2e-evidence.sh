#!/usr/bin/env bash
# End-to-end yield of the shared notebooks (outside CI: about an hour on two busy cores): ingests
# ../shared/kaggle-notebooks into a fresh corpus, runs execute, extract and verify over every
# evidence tier, and prints one row per notebook (tier, verified hooks, nondeterministic hooks
# rejected, stop reason), then the yield (per evidence tier), the median of verified hooks per
# episode, and two checks that must be 0: verified hooks whose value differs between the hooked and
# stability runs, and prefix steps at or after the stop cell.
#
# Usage: npm run e2e:evidence [-- --stages execute,repair,extract,verify]   (flags go to `hookmine run`)
# Env:   HOOKMINE_SHARED (default ../shared), E2E_DIR (where the corpus is kept; default a temp folder)
set -euo pipefail
E2E_NAME=e2e:evidence
source "$(dirname "$0")/e2e-env.sh"
e2e_corpus e2e e2e.duckdb

echo "e2e:evidence: corpus $DB (follow it with: node bin/hookmine.js --db $DB status)" >&2
hookmine ingest "$NOTEBOOKS" >&2
status=0
hookmine --data-root "$DATA" --log-file "$DIR/hookmine.log" run --skip crawl "${@:---stages=execute,extract,verify}" >&2 || status=$?
[ "$status" -le 1 ] || exit "$status"

# One row per notebook from the query devset-measure.sh shares (scripts/evidence-yield.sql).
YIELD="$(cat scripts/evidence-yield.sql)"
hookmine sql "
  select competition || '/' || title as notebook, reference_run, coalesce(tier, '-') as tier, verified_hooks, nondeterministic,
         coalesce(stop_reason, proposal, why_none) as stop_or_why_not
  from ($YIELD) order by competition, title"
hookmine sql "
  select count(*) as notebooks, count(tier) as with_gold_episode,
         count(*) filter (where tier = 'kaggle_reproduced') as kaggle_reproduced,
         count(*) filter (where tier = 'local_deterministic') as local_deterministic,
         count(*) filter (where tier = 'prefix') as prefix,
         median(verified_hooks) filter (where tier is not null) as median_hooks_per_episode,
         sum(differing_verified_hooks)::BIGINT as differing_verified_hooks,
         sum(prefix_steps_at_or_after_stop)::BIGINT as prefix_steps_at_or_after_stop
  from ($YIELD)"
