// Missing values: where they are, how many rows they touch, and statistics after filling them.
import { continuousColumns, missingColumns } from '../columns.js';
import { Phrase } from '../phrase.js';
import { pyList } from '../python.js';
import type { Family } from '../types.js';
import { CLOSE, EXACT, col, loadStep, step } from './common.js';

export const missingMostColumn: Family = {
  id: 'missing-most-column',
  category: 'missing',
  title: 'the column with the most (or fewest, but some) missing values',
  variants: [{ id: 'most' }, { id: 'fewest-nonzero' }],
  build({ profile, source }, variant) {
    const cols = missingColumns(profile);
    if (cols.length === 0 || (variant === 'fewest-nonzero' && cols.length < 2)) return null;
    const most = variant === 'most';
    return {
      steps: [
        loadStep(source),
        step('missing', 'missing = df.isna().sum()', 'missing', ['load_data']),
        step('present', 'present = missing[missing > 0]', 'present', ['missing']),
        step('target', `target = present.${most ? 'max' : 'min'}()`, 'target', ['present']),
        step('answer', 'answer = sorted(present[present == target].index.tolist())', 'answer', ['present', 'target']),
      ],
      questions: most
        ? ['Which column has the most missing values?', 'Name the column with the largest number of missing (NaN) entries.', 'Where are missing values most frequent: which column?']
        : [
            'Among the columns that have at least one missing value, which has the fewest?',
            'Which column has missing values, but fewer of them than any other column with missing values?',
          ],
      hint: 'Count missing values per column, keep the columns with at least one, and take the extreme; tied columns are all valid answers.',
      answer: { mode: 'one-of' },
      tolerance: EXACT,
      keep: [],
    };
  },
};

export const fillThenStat: Family = {
  id: 'fill-then-stat',
  category: 'missing',
  title: 'a statistic of a column after filling its missing values',
  variants: [{ id: 'median-std' }, { id: 'mean-median', validation: true }, { id: 'zero-mean' }, { id: 'median-mean', heldout: true }],
  build({ profile, source, rng }, variant) {
    const x = rng.pick(continuousColumns(profile).filter((c) => c.missing > 0));
    if (!x) return null;
    const [fill, stat] = variant.split('-') as [string, string];
    const w = new Phrase();
    const X = w.col(x.name);
    const fillCode = fill === 'zero' ? 'filler = 0' : `filler = ${col('df', x.name)}.${fill}()`;
    const fillWord = fill === 'zero' ? 'zero' : `its ${fill}`;
    const statWord = { std: 'standard deviation', median: 'median', mean: 'mean' }[stat] ?? stat;
    return {
      steps: [
        loadStep(source),
        step('filler', fillCode, 'filler', fill === 'zero' ? [] : ['load_data']),
        step('filled', `filled = ${col('df', x.name)}.fillna(filler)`, 'filled', ['load_data', 'filler']),
        step('answer', `answer = float(filled.${stat}())`, 'answer', ['filled']),
      ],
      questions: [
        `Fill the missing values of ${X} with ${fillWord}. What is the ${statWord} of ${X} afterwards?`,
        `After replacing every missing ${X} with ${fillWord}, what ${statWord} does the column have?`,
      ],
      hint: `Compute the fill value${fill === 'zero' ? '' : ` (${fill} of the present values)`}, fill the gaps, then take the ${statWord} over all rows.`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const rowsWithMissing: Family = {
  id: 'rows-with-missing',
  category: 'missing',
  title: 'the percentage of rows with at least one missing value',
  variants: [{ id: 'percent' }, { id: 'complete-count' }],
  build({ profile, source }, variant) {
    if (missingColumns(profile).length === 0) return null;
    const percent = variant === 'percent';
    return {
      steps: [
        loadStep(source),
        step('incomplete', 'incomplete = df.isna().any(axis=1)', 'incomplete', ['load_data']),
        step('answer', percent ? 'answer = float(incomplete.mean() * 100)' : 'answer = int((~incomplete).sum())', 'answer', ['incomplete']),
      ],
      questions: percent
        ? ['What percentage of rows have at least one missing value?', 'In what percent of the records is any field missing?']
        : ['How many rows have no missing value at all?', 'Count the complete rows: those where every column is filled.'],
      hint: percent ? 'Flag rows where any column is missing and average the flags, times 100.' : 'Flag rows with any missing value and count the others.',
      answer: { mode: 'value' },
      tolerance: percent ? CLOSE : EXACT,
      keep: [],
    };
  },
};

export const dropMissingCount: Family = {
  id: 'dropna-count',
  category: 'missing',
  title: 'rows left after dropping the rows missing any of two columns',
  variants: [{ id: 'two-columns' }],
  build({ profile, source, rng }) {
    const cols = missingColumns(profile).filter((c) => c.missing < profile.rows);
    if (cols.length === 0) return null;
    const a = rng.choice(cols);
    const b = rng.pick(profile.columns.filter((c) => c.name !== a.name && !/[`\n"\\]/.test(c.name)));
    if (!b) return null;
    const w = new Phrase();
    const [A, B] = [w.col(a.name), w.col(b.name)];
    return {
      steps: [
        loadStep(source),
        step('kept', `kept = df.dropna(subset=${pyList([a.name, b.name])})`, 'kept', ['load_data']),
        step('answer', 'answer = int(len(kept))', 'answer', ['kept']),
      ],
      questions: [
        `How many rows remain after dropping every row where ${A} or ${B} is missing?`,
        `Remove the rows missing a value in ${A} or in ${B}. How many rows are left?`,
      ],
      hint: `Drop rows with a missing value in either column and count what is left.`,
      answer: { mode: 'value' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const missingFamilies: Family[] = [missingMostColumn, fillThenStat, rowsWithMissing, dropMissingCount];
