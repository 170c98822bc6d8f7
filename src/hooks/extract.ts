// `hookmine extract`: hook proposals for every notebook whose latest run reproduced (optionally:
// ran), placed on exactly the code that ran (repairs included). Static by default; the LLM proposer
// when asked and configured. Proposals are stored with their instrumented script; `verify` runs them.
import { createHash } from 'node:crypto';
import type { Corpus } from '../../corpus/corpus.js';
import { baseRuns, insertProposal, PROPOSAL_REJECTION, proposalExists, type BaseRun, type HookRow } from '../../corpus/hooks.js';
import { instrument } from '../../extractors/hooks/insert.js';
import { proposeStatic } from '../../extractors/hooks/static-proposer.js';
import type { Proposal } from '../../extractors/hooks/types.js';
import { joinScript, splitScript } from '../../extractors/notebook-script.js';
import { findFinalOutput } from '../../extractors/python/final-output.js';
import { loadPythonParser } from '../../extractors/python/parser.js';
import { analyzeProgram, type CodeCell } from '../../extractors/python/program.js';
import { errorMessage, LlmError } from '../errors.js';
import type { LlmClient } from '../llm/client.js';
import { silentLogger, type Logger } from '../log.js';
import type { Progress } from '../progress.js';
import { EVIDENCE_TIERS, tierCells, tierOf, type Evidence } from './evidence.js';
import { proposeWithLlm, PROPOSE_PROMPT } from './llm-proposer.js';

export interface ExtractOptions {
  proposer: 'static' | 'llm';
  llm?: LlmClient | null;
  competition?: string;
  notebookIds?: string[];
  /** the evidence tiers to extract (default: all three) */
  evidence?: readonly Evidence[];
  /** kept for callers from before evidence tiers: notebooks that ran are now extracted by default */
  includeRan?: boolean;
  maxHooks?: number;
  runId?: string | null;
  logger?: Logger;
  progress?: Progress;
}

export interface ExtractResult {
  notebook_id: string;
  title: string | null;
  proposal_id: string | null;
  /** nothing: a prefix with no value before its stop cell (the notebook keeps its failure reason) */
  status: 'proposed' | 'skipped' | 'failed' | 'nothing';
  evidence: Evidence | null;
  hooks: number;
  rejected: number;
  reason: string | null;
}

export interface ExtractSummary {
  notebooks: number;
  proposed: number;
  skipped: number;
  failed: number;
  /** prefixes with nothing to salvage */
  nothing: number;
  hooks: number;
  rejected: number;
  tokensIn: number;
  tokensOut: number;
  results: ExtractResult[];
}

export function baseCells(script: string): CodeCell[] {
  return splitScript(script).map((c) => ({ cellIndex: c.cellIndex, source: c.code }));
}

function proposalId(run: BaseRun, proposer: string, model: string | null): string {
  const key = [run.notebook_id, run.script_sha256, proposer, model ?? '', proposer === 'llm' ? `${PROPOSE_PROMPT.name}.v${PROPOSE_PROMPT.version}` : 'static-v1'].join('\n');
  return `hp_${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}

function hookRows(proposalIdValue: string, notebookId: string, proposal: Proposal): HookRow[] {
  const rows: HookRow[] = proposal.hooks.map((h, ordinal) => ({
    hook_id: `${proposalIdValue}:${ordinal}`,
    proposal_id: proposalIdValue,
    notebook_id: notebookId,
    ordinal,
    name: h.name,
    variable_name: h.variable,
    code_line: h.codeLine,
    cell_index: h.cellIndex,
    line: h.line,
    depends_on: h.dependsOn,
    is_final: h.isFinal,
    status: 'proposed',
    reject_reason: null,
  }));
  proposal.rejected.forEach((r, i) => {
    const item = (r.item ?? {}) as { name?: unknown; variable?: unknown; cell?: unknown; line?: unknown };
    rows.push({
      hook_id: `${proposalIdValue}:r${i}`,
      proposal_id: proposalIdValue,
      notebook_id: notebookId,
      ordinal: proposal.hooks.length + i,
      name: typeof item.name === 'string' ? item.name.slice(0, 200) : '(none)',
      variable_name: typeof item.variable === 'string' ? item.variable.slice(0, 200) : null,
      code_line: null,
      cell_index: typeof item.cell === 'number' ? item.cell : null,
      line: typeof item.line === 'number' ? item.line : null,
      depends_on: [],
      is_final: false,
      status: 'rejected',
      reject_reason: `${PROPOSAL_REJECTION}${r.reason}`,
    });
  });
  return rows;
}

async function extractOne(corpus: Corpus, run: BaseRun, evidence: Evidence, options: ExtractOptions): Promise<ExtractResult> {
  const base = { notebook_id: run.notebook_id, title: run.title, evidence };
  const model = options.proposer === 'llm' ? (options.llm?.model ?? null) : null;
  const id = proposalId(run, options.proposer, model);
  if (await proposalExists(corpus, id)) return { ...base, proposal_id: id, status: 'skipped', hooks: 0, rejected: 0, reason: 'already proposed' };
  const parser = await loadPythonParser();
  const cells = tierCells(run.script, run);
  const program = analyzeProgram(parser, cells);
  if (evidence === 'prefix') {
    program.prefix = true;
    // A run that stopped before any statement ran keeps its failure reason and yields nothing.
    if (program.statements.length === 0 || !findFinalOutput(program)) {
      return { ...base, proposal_id: null, status: 'nothing', hooks: 0, rejected: 0, reason: `nothing to salvage: the run stopped in cell ${run.failed_cell} (${run.reason ?? 'error'}) before any value was computed` };
    }
  }
  let proposal: Proposal;
  let tokens = { in: 0, out: 0 };
  let promptVersion: string | null = null;
  if (options.proposer === 'llm') {
    if (!options.llm) throw new LlmError('the LLM proposer needs an OpenAI-compatible server (OPENAI_BASE_URL / OPENAI_API_KEY)');
    const answer = await proposeWithLlm(options.llm, program, cells);
    proposal = answer.proposal;
    tokens = { in: answer.tokensIn, out: answer.tokensOut };
    promptVersion = answer.promptVersion;
  } else {
    proposal = proposeStatic(program, { maxHooks: options.maxHooks });
  }
  const final = findFinalOutput(program);
  const instrumented = instrument(program, cells, proposal.hooks, final);
  for (const s of instrumented.skipped) proposal.rejected.push({ item: { name: s.hook.name, cell: s.hook.cellIndex, line: s.hook.line }, reason: s.reason });
  const placed = proposal.hooks.filter((h) => !instrumented.skipped.some((s) => s.hook.name === h.name));
  const kept: Proposal = { ...proposal, hooks: placed };
  const status = placed.some((h) => h.isFinal) ? 'proposed' : 'rejected';
  const reason = status === 'rejected' ? (proposal.rejected[0]?.reason ?? 'no final output hook could be placed') : null;
  await insertProposal(
    corpus,
    {
      proposal_id: id,
      notebook_id: run.notebook_id,
      proposer: options.proposer,
      model,
      prompt_version: promptVersion,
      status,
      reason,
      base_script_sha256: run.script_sha256,
      instrumented_script: joinScript(instrumented.cells.map((c) => ({ cellIndex: c.cellIndex, code: c.source }))),
      tokens_in: options.proposer === 'llm' ? tokens.in : null,
      tokens_out: options.proposer === 'llm' ? tokens.out : null,
      created_at: new Date(),
      run_id: options.runId ?? null,
      evidence,
    },
    hookRows(id, run.notebook_id, kept),
  );
  return { ...base, proposal_id: id, status: status === 'proposed' ? 'proposed' : 'failed', hooks: placed.length, rejected: proposal.rejected.length, reason };
}

export async function extractHooks(corpus: Corpus, options: ExtractOptions): Promise<ExtractSummary> {
  const logger = options.logger ?? silentLogger;
  const tiers = options.evidence ?? EVIDENCE_TIERS;
  const runs = (await baseRuns(corpus, { competition: options.competition, notebookIds: options.notebookIds })).filter((r) => {
    const tier = tierOf(r);
    return tier !== null && tiers.includes(tier);
  });
  options.progress?.setTotal(runs.length);
  const summary: ExtractSummary = { notebooks: runs.length, proposed: 0, skipped: 0, failed: 0, nothing: 0, hooks: 0, rejected: 0, tokensIn: 0, tokensOut: 0, results: [] };
  for (const run of runs) {
    options.progress?.status(run.title ?? run.notebook_id);
    let result: ExtractResult;
    try {
      result = await extractOne(corpus, run, tierOf(run) as Evidence, options);
    } catch (error) {
      if (!(error instanceof LlmError)) throw error;
      // the LLM failed for this notebook: recorded in the summary, the others go on
      result = { notebook_id: run.notebook_id, title: run.title, evidence: tierOf(run), proposal_id: null, status: 'failed', hooks: 0, rejected: 0, reason: errorMessage(error) };
    }
    summary.results.push(result);
    summary[result.status] += 1;
    summary.hooks += result.hooks;
    summary.rejected += result.rejected;
    if (result.status === 'failed') {
      options.progress?.clear();
      logger.warn(`${run.title ?? run.notebook_id}: no hooks: ${result.reason}`);
    }
    options.progress?.tick(run.title ?? run.notebook_id);
  }
  const tokenRows = await corpus.query<{ i: number | null; o: number | null }>(
    'SELECT sum(tokens_in)::BIGINT AS i, sum(tokens_out)::BIGINT AS o FROM hook_proposals WHERE run_id = $1',
    [options.runId ?? ''],
  );
  summary.tokensIn = tokenRows[0]?.i ?? 0;
  summary.tokensOut = tokenRows[0]?.o ?? 0;
  options.progress?.done();
  return summary;
}
