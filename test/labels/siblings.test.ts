import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { Corpus } from '../../corpus/corpus.js';
import { insertEpisodes, replaceMutants, type EpisodeRow, type StepRow } from '../../corpus/episodes.js';
import { groupSteps } from '../../corpus/labels.js';
import { siblingEpisodes, storeSiblings } from '../../src/labels/siblings.js';

const now = new Date('2026-01-01T00:00:00Z');
const GOLD_CODE = "df = pd.read_csv('t.csv')\nx = df['Age'].mean()\ny = round(x, 2)";

function episode(id: string, kind: EpisodeRow['kind'], extra: Partial<EpisodeRow> = {}): EpisodeRow {
  return { episode_id: id, source: 'synthetic', kind, dataset: 'titanic', competition: 'titanic', template_family: 'filter-aggregate', question: 'What is the average `Age`?', hint: 'take the mean', code: GOLD_CODE, created_at: now, ...extra };
}

function step(episodeId: string, index: number, code: string, value: string, label: boolean | null): StepRow {
  return { episode_id: episodeId, step_index: index, name: ['df', 'x', 'y'][index] as string, code, value, value_hash: `h${value}`, value_type: 'float', is_final: index === 2, label, label_source: 'execution' };
}

const goldSteps = (id = 'g1') => [step(id, 0, "df = pd.read_csv('t.csv')", '"table"', true), step(id, 1, "x = df['Age'].mean()", '29.7', true), step(id, 2, 'y = round(x, 2)', '29.7', true)];
const mutantSteps = (id = 'mu1') => [step(id, 0, "df = pd.read_csv('t.csv')", '"table"', true), step(id, 1, "x = df['Fare'].mean()", '32.2', false), step(id, 2, 'y = round(x, 2)', '32.2', false)];
const mutation = { kind: 'wrong_column', before: "'Age'", after: "'Fare'", run_status: 'completed', cell_index: 0, line: 2 };

describe('sibling episodes', () => {
  it('stores the mutant as right and gold as wrong under the rewritten question, in a group of their own', () => {
    const out = siblingEpisodes({ gold: episode('g1', 'gold'), goldSteps: goldSteps(), mutant: episode('mu1', 'mutant', { gold_episode_id: 'g1', mutation }), mutantSteps: mutantSteps() }, now);
    if ('reason' in out) throw new Error(out.reason);
    const [right, wrong] = out.episodes as [{ episode: EpisodeRow; steps: StepRow[] }, { episode: EpisodeRow; steps: StepRow[] }];
    expect(right.episode).toMatchObject({ kind: 'sibling', question: 'What is the average `Fare`?', gold_episode_id: 'g1', final_correct: true, hint: null });
    expect(right.steps.map((s) => [s.code, s.label])).toEqual([["df = pd.read_csv('t.csv')", true], ["x = df['Fare'].mean()", true], ['y = round(x, 2)', true]]);
    expect(wrong.episode).toMatchObject({ kind: 'sibling_mutant', question: 'What is the average `Fare`?', final_correct: false });
    expect(wrong.steps.map((s) => [s.code, s.value, s.label])).toEqual([["df = pd.read_csv('t.csv')", '"table"', true], ["x = df['Age'].mean()", '29.7', false], ['y = round(x, 2)', '29.7', false]]);
    const record = (e: EpisodeRow) => e.mutation as Record<string, unknown>;
    expect(record(right.episode).sibling_group).toBe(right.episode.episode_id);
    expect(record(wrong.episode).sibling_group).toBe(right.episode.episode_id);
    expect(record(wrong.episode).of_mutant).toBe('mu1');
  });

  it('tells the rewrite which statement the mutant changed', () => {
    const code = "df = pd.read_csv('t.csv')\nx = df[df['Sex'] == 'male']\ny = (x['Pclass'] == 1).mean()";
    const gold = episode('g2', 'gold', { code, question: 'Among rows with `Sex` = "male", what share has `Pclass` = 1?' });
    const steps = (id: string, second: string, third: string, labels: [boolean, boolean]) => [step(id, 0, "df = pd.read_csv('t.csv')", '"table"', true), step(id, 1, second, '"rows"', labels[0]), step(id, 2, third, '0.3', labels[1])];
    const flipped = { kind: 'flipped_comparison', before: '==', after: '!=', run_status: 'completed', cell_index: 0, line: 3 };
    const out = siblingEpisodes({ gold, goldSteps: steps('g2', "x = df[df['Sex'] == 'male']", "y = (x['Pclass'] == 1).mean()", [true, true]), mutant: episode('mu3', 'mutant', { gold_episode_id: 'g2', mutation: flipped }), mutantSteps: steps('mu3', "x = df[df['Sex'] == 'male']", "y = (x['Pclass'] != 1).mean()", [true, false]) }, now);
    if ('reason' in out) throw new Error(out.reason);
    expect(out.episodes[0]?.episode.question).toBe('Among rows with `Sex` = "male", what share has `Pclass` != 1?');
  });

  it('makes none for a crashed, short or equivalent mutant', () => {
    const base = { gold: episode('g1', 'gold'), goldSteps: goldSteps() };
    const crashed = mutantSteps().slice(0, 2);
    expect(siblingEpisodes({ ...base, mutant: episode('mu1', 'mutant', { mutation: { ...mutation, run_status: 'failed' } }), mutantSteps: mutantSteps() })).toEqual({ reason: 'the mutant did not run to the end' });
    expect(siblingEpisodes({ ...base, mutant: episode('mu1', 'mutant', { mutation }), mutantSteps: crashed })).toEqual({ reason: 'the mutant did not reach every gold step' });
    const same = mutantSteps().map((s) => ({ ...s, label: true }));
    expect(siblingEpisodes({ ...base, mutant: episode('mu1', 'mutant', { mutation }), mutantSteps: same })).toEqual({ reason: 'the mutant equals gold at every step' });
  });
});

describe('storeSiblings', () => {
  let corpus: Corpus;
  beforeEach(async () => {
    corpus = await Corpus.open(':memory:', {});
    await insertEpisodes(corpus, [
      { episode: episode('g1', 'gold'), steps: goldSteps('g1') },
      { episode: episode('mu1', 'mutant', { gold_episode_id: 'g1', mutation }), steps: mutantSteps('mu1') },
      // a dropped dropna: the question does not name it, so no sibling
      { episode: episode('mu2', 'mutant', { gold_episode_id: 'g1', mutation: { kind: 'dropped_dropna', before: 'df.dropna()', after: 'df', run_status: 'completed' } }), steps: mutantSteps('mu2') },
    ]);
  });
  afterEach(() => corpus.close());

  it('stores each mutant pair once, keeps siblings out of the gold question consensus, and a relabel replaces them', async () => {
    const first = await storeSiblings(corpus);
    expect(first).toMatchObject({ mutants: 2, stored: 1, byKind: { wrong_column: { mutants: 1, stored: 1 }, dropped_dropna: { mutants: 1, stored: 0 } } });
    expect(first.reasons).toEqual({ 'dropped_dropna: no question rewrite for this operator': 1 });
    const rows = await corpus.query<{ kind: string; question: string; n: number }>(
      'SELECT e.kind, e.question, count(s.step_index)::INTEGER AS n FROM episodes e JOIN steps s USING (episode_id) WHERE e.kind LIKE \'sibling%\' GROUP BY 1, 2 ORDER BY 1',
    );
    expect(rows).toEqual([
      { kind: 'sibling', question: 'What is the average `Fare`?', n: 3 },
      { kind: 'sibling_mutant', question: 'What is the average `Fare`?', n: 3 },
    ]);
    // the second time only the refused mutant is looked at again, and nothing is stored twice
    expect(await storeSiblings(corpus)).toMatchObject({ mutants: 1, stored: 0 });
    expect((await groupSteps(corpus, 'g1')).map((g) => g.kind)).toEqual(['gold', 'mutant', 'mutant']);
    await replaceMutants(corpus, 'g1', [{ episode: episode('mu1', 'mutant', { gold_episode_id: 'g1', mutation }), steps: mutantSteps('mu1') }]);
    expect(await corpus.query("SELECT episode_id FROM episodes WHERE kind LIKE 'sibling%'")).toEqual([]);
  });
});
