// Binning: equal-width and quantile bins, then counts or a measure per bin.
import { continuousColumns } from '../columns.js';
import { Phrase } from '../phrase.js';
import { countWord } from '../python.js';
import type { Family } from '../types.js';
import { CLOSE, EXACT, col, loadStep, step } from './common.js';

export const fullestBin: Family = {
  id: 'fullest-bin',
  category: 'binning',
  title: 'which of k equal-width bins of a column holds the most rows',
  variants: [{ id: 'most' }, { id: 'fewest', heldout: true }],
  build({ profile, source, rng }, variant) {
    const x = rng.pick(continuousColumns(profile));
    if (!x) return null;
    const k = rng.choice([4, 5, 8, 10]);
    const w = new Phrase();
    const X = w.col(x.name);
    const most = variant === 'most';
    return {
      steps: [
        loadStep(source),
        step('bins', `bins = pd.cut(${col('df', x.name)}, bins=${k}, labels=False) + 1`, 'bins', ['load_data']),
        step('counts', `counts = bins.value_counts().reindex(range(1, ${k + 1}), fill_value=0)`, 'counts', ['bins']),
        step('target', `target = counts.${most ? 'max' : 'min'}()`, 'target', ['counts']),
        step('answer', 'answer = sorted(int(b) for b in counts[counts == target].index)', 'answer', ['counts', 'target']),
      ],
      questions: [
        `Split the range of ${X} into ${countWord(k)} equal-width bins numbered from 1 (lowest) upward. Which bin holds the ${most ? 'most' : 'fewest'} rows?`,
        `Cut ${X} into ${countWord(k)} bins of equal width (bin 1 = lowest values). Give the number of the bin with the ${most ? 'largest' : 'smallest'} count.`,
      ],
      hint: `Use equal-width bins over the observed range of ${X} (pandas cut), count rows per bin including empty bins, and take the ${most ? 'largest' : 'smallest'} count.`,
      answer: { mode: 'one-of' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const quantileBinMean: Family = {
  id: 'quantile-bin-mean',
  category: 'binning',
  title: 'the mean of a measure in the top (or bottom) quantile bin of another column',
  variants: [{ id: 'top-quartile' }, { id: 'bottom-quartile' }, { id: 'top-decile', heldout: true }],
  build({ profile, source, rng }, variant) {
    const [end, size] = variant.split('-') as [string, string];
    const q = size === 'decile' ? 10 : 4;
    const cols = continuousColumns(profile).filter((c) => c.unique >= 2 * q);
    if (cols.length < 2) return null;
    const [x, y] = rng.sample(cols, 2) as [(typeof cols)[number], (typeof cols)[number]];
    const w = new Phrase();
    const [X, Y] = [w.col(x.name), w.col(y.name)];
    const top = end === 'top';
    return {
      steps: [
        loadStep(source),
        step('bins', `bins = pd.qcut(${col('df', x.name)}, q=${q}, labels=False, duplicates="drop")`, 'bins', ['load_data']),
        step('means', `means = ${col('df', y.name)}.groupby(bins).mean()`, 'means', ['load_data', 'bins']),
        step('answer', `answer = float(means.iloc[${top ? -1 : 0}])`, 'answer', ['means']),
      ],
      questions: [
        `Split ${X} into ${size}s (pandas qcut, duplicate edges dropped). What is the mean ${Y} in the ${top ? 'highest' : 'lowest'} ${size} bin?`,
        `Bin the rows by ${size}s of ${X}; what is the average ${Y} among rows in the ${top ? 'top' : 'bottom'} bin?`,
      ],
      hint: `Quantile-bin ${X}, group ${Y} by bin, and read the mean of the ${top ? 'last' : 'first'} bin.`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      keep: w.keep,
    };
  },
};

export const binningFamilies: Family[] = [fullestBin, quantileBinMean];
