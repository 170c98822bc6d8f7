-- The yield of extract + verify, one row per notebook: its gold Kaggle episode (the best tier when
-- it has several), the verified hooks in it, the hooks rejected as nondeterministic, the two counts
-- that must be 0, and when there is no episode, why: `why_none` is a short class without notebook
-- specifics (cell numbers become N), fit for aggregate counts of a held-out set; `proposal` is the
-- latest proposal's status and reason in full. scripts/e2e-evidence.sh and scripts/devset-measure.sh
-- both read it (each sums it its own way), so it has no trailing semicolon: they may wrap it.
with base as (
  -- the run extract places hooks on: the latest reference or repair run (corpus/hooks.ts baseRuns)
  select notebook_id, status, outcome, reason, failed_cell from executions
  where purpose in ('reference', 'repair') and notebook_id is not null
  qualify row_number() over (partition by notebook_id order by started_at desc) = 1
), gold as (
  select notebook_id, episode_id, evidence, stop_cell, stop_reason,
         (select count(*) from steps st where st.episode_id = e.episode_id) as verified_hooks,
         (select count(*) from steps st where st.episode_id = e.episode_id and e.evidence = 'prefix' and st.cell_index >= e.stop_cell) as prefix_steps_at_or_after_stop
  from episodes e where source = 'kaggle' and kind = 'gold'
  qualify row_number() over (partition by notebook_id
    order by case evidence when 'kaggle_reproduced' then 1 when 'local_deterministic' then 2 else 3 end, created_at desc) = 1
), proposal as (
  select notebook_id, status, reason from hook_proposals
  qualify row_number() over (partition by notebook_id order by created_at desc) = 1
), nondeterministic as (
  select notebook_id, count(*) as hooks from hooks where starts_with(reject_reason, 'nondeterministic') group by notebook_id
), differing as (
  -- verified hooks whose value differs between the hooked run and the first stability run after it
  select h.notebook_id, count(*) as hooks
  from hooks h
  join executions hooked on hooked.execution_id = h.execution_id
  join executions stab on stab.notebook_id = hooked.notebook_id and stab.purpose = 'stability' and stab.started_at > hooked.started_at
  join hook_captures a on a.execution_id = hooked.execution_id and a.name = h.name
  join hook_captures b on b.execution_id = stab.execution_id and b.name = h.name and b.seq = a.seq
  where h.status = 'verified' and a.value_hash is distinct from b.value_hash
    and stab.started_at = (select min(x.started_at) from executions x where x.notebook_id = hooked.notebook_id and x.purpose = 'stability' and x.started_at > hooked.started_at)
  group by h.notebook_id
)
select n.notebook_id, n.competition, n.title, n.source_path,
       s.failure_reason as reference_run,
       gold.evidence as tier,
       coalesce(gold.verified_hooks, 0) as verified_hooks,
       coalesce(nondeterministic.hooks, 0) as nondeterministic,
       coalesce(differing.hooks, 0) as differing_verified_hooks,
       coalesce(gold.prefix_steps_at_or_after_stop, 0) as prefix_steps_at_or_after_stop,
       gold.stop_reason,
       proposal.status || ': ' || coalesce(proposal.reason, '') as proposal,
       case
         when gold.episode_id is not null then null
         when base.notebook_id is null then 'not executed'
         -- evidence.ts tierOf: a run the sandbox could not start, or one that stopped outside any cell
         when base.status <> 'completed' and (base.reason = 'sandbox_error' or base.failed_cell is null)
           then 'no tier: the run stopped outside any cell (' || coalesce(base.reason, 'error') || ')'
         when proposal.notebook_id is null and not exists (select 1 from hook_proposals) then 'no proposal: not extracted'
         when proposal.notebook_id is null and base.status <> 'completed'
           then 'no proposal: nothing to salvage before the stop cell (' || coalesce(base.reason, 'error') || ')'
         when proposal.notebook_id is null then 'no proposal: not extracted'
         when proposal.status = 'proposed' then 'proposed: not verified'
         else proposal.status || ': ' || regexp_replace(split_part(coalesce(proposal.reason, ''), ':', 1), '[0-9]+', 'N', 'g')
       end as why_none
from notebooks n
join v_notebook_status s using (notebook_id)
left join base using (notebook_id)
left join gold using (notebook_id)
left join proposal using (notebook_id)
left join nondeterministic using (notebook_id)
left join differing using (notebook_id)
