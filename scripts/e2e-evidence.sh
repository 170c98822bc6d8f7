#!/usr/bin/env bash
# End-to-end yield of the shared notebooks (outside CI: about an hour on two busy cores): ingests
# ../shared/kaggle-notebooks into a fresh corpus, runs execute, extract and verify over every
# evidence tier, and prints one row per notebook (tier, verified hooks, nondeterministic hooks
# rejected, stop reason), then the yield, the median of verified hooks per episode, and two checks
# that must be 0: verified hooks whose value differs between the hooked and stability runs, and
# prefix steps at or after the stop cell.
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

hookmine sql "
  select n.competition || '/' || n.title as notebook, s.failure_reason as reference_run, coalesce(e.evidence, '-') as tier,
         coalesce((select count(*) from steps st where st.episode_id = e.episode_id), 0) as verified_hooks,
         (select count(*) from hooks h where h.notebook_id = n.notebook_id and starts_with(h.reject_reason, 'nondeterministic')) as nondeterministic,
         coalesce(e.stop_reason, (select p.status || ': ' || coalesce(p.reason, '') from hook_proposals p where p.notebook_id = n.notebook_id order by p.created_at desc limit 1), 'no proposal: nothing to salvage before the stop cell') as stop_or_why_not
  from notebooks n join v_notebook_status s using (notebook_id)
  left join episodes e on e.notebook_id = n.notebook_id and e.source = 'kaggle' and e.kind = 'gold'
  order by n.competition, n.title"
hookmine sql "
  select count(distinct n.notebook_id) as notebooks,
         count(distinct e.notebook_id) as with_gold_episode,
         median((select count(*) from steps st where st.episode_id = e.episode_id)) filter (where e.episode_id is not null) as median_hooks_per_episode,
         (select count(*) from hooks h
            join executions hooked on hooked.execution_id = h.execution_id
            join executions stab on stab.notebook_id = hooked.notebook_id and stab.purpose = 'stability' and stab.started_at > hooked.started_at
            join hook_captures a on a.execution_id = hooked.execution_id and a.name = h.name
            join hook_captures b on b.execution_id = stab.execution_id and b.name = h.name and b.seq = a.seq
          where h.status = 'verified' and a.value_hash is distinct from b.value_hash
            and stab.started_at = (select min(x.started_at) from executions x where x.notebook_id = hooked.notebook_id and x.purpose = 'stability' and x.started_at > hooked.started_at)) as differing_verified_hooks,
         (select count(*) from steps st join episodes g using (episode_id) where g.evidence = 'prefix' and st.cell_index >= g.stop_cell) as prefix_steps_at_or_after_stop
  from notebooks n left join episodes e on e.notebook_id = n.notebook_id and e.source = 'kaggle' and e.kind = 'gold'"
