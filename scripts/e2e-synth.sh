#!/usr/bin/env bash
# End-to-end run of `hookmine synth` over the real competition data in ../shared/kaggle-data
# (outside CI: a few minutes on 2 cores). Writes a fresh corpus and prints what the issue asks to
# see: the episode count (each answer confirmed by a second run), time, episodes per family,
# the held-out split, and Kaggle-shaped vs synthetic episodes side by side in one query.
#
# Usage: npm run e2e:synth [-- --per-csv 100 --seed 0 ...]   (extra flags go to `hookmine synth`)
# Env:   HOOKMINE_SHARED (default ../shared), E2E_DIR (where the corpus is kept; default a temp folder)
set -euo pipefail
E2E_NAME=e2e:synth
E2E_DATA_ONLY=1
source "$(dirname "$0")/e2e-env.sh"
e2e_corpus e2e-synth e2e-synth.duckdb

echo "e2e:synth: corpus $DB" >&2
start=$(date +%s)
status=0
hookmine --data-root "$DATA" synth "$@" || status=$?
[ "$status" -le 1 ] || exit "$status"
echo "wall time: $(( $(date +%s) - start )) s"

echo; echo "## confirmed episodes"
hookmine sql "select count(*) as episodes, count(*) filter (where x.outcome = 'reproduced' and (x.comparison->>'confirmed')::bool) as confirmed_by_second_run
  from episodes e join executions x using (execution_id) where e.source = 'synthetic'"
echo; echo "## per family"
hookmine sql "select count(distinct template_family) as families_with_episodes from episodes where source = 'synthetic'"
hookmine sql "select template_family, count(*) as episodes, count(*) filter (where heldout) as heldout from episodes where source = 'synthetic' group by 1 order by 1"
echo; echo "## held-out variant split"
hookmine sql "select heldout, count(*) as episodes, count(distinct template_family || '/' || template_variant) as variants from episodes where source = 'synthetic' group by 1 order by 1"
echo; echo "## Kaggle and synthetic episodes side by side (one Kaggle-shaped episode inserted for the demonstration)"
hookmine sql --write "insert into episodes (episode_id, source, kind, notebook_id, competition, dataset, code, created_at)
  values ('kg_e2e_demo', 'kaggle', 'gold', 'nb_demo', 'titanic', 'titanic', 'import pandas as pd', now()::timestamp) on conflict do nothing" > /dev/null
hookmine sql --write "insert into steps (episode_id, step_index, name, code, variable_name, is_final, label, label_source)
  values ('kg_e2e_demo', 0, 'load:train', 'train = pd.read_csv(\"/kaggle/input/titanic/train.csv\")', 'train', false, true, 'gold'),
         ('kg_e2e_demo', 1, 'output:rate', 'rate = train.Survived.mean()', 'rate', true, true, 'gold') on conflict do nothing" > /dev/null
hookmine sql "select e.dataset, e.source, count(distinct e.episode_id) as episodes, count(*) as steps, round(count(*) / count(distinct e.episode_id), 1) as steps_per_episode
  from episodes e join steps s using (episode_id) where e.dataset = 'titanic' group by all order by 1, 2"
exit "$status"
