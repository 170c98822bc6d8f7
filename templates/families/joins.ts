// Joins of two CSVs of the same folder: lookups through a shared key, key coverage, stacking.
import { categoricalColumns, column, continuousColumns, usableValues } from '../columns.js';
import { Phrase } from '../phrase.js';
import { niceNumber, py, pyList, pyStr } from '../python.js';
import type { Family } from '../types.js';
import { CLOSE, EXACT, col, loadStep, partnerStep, step } from './common.js';

export const joinLookup: Family = {
  id: 'join-lookup',
  category: 'joins',
  title: "join a second table on a key, then average one of its columns over a subset",
  variants: [{ id: 'category-mean' }, { id: 'threshold-mean', heldout: true }],
  needsPartner: true,
  build({ profile, source, partners, rng }, variant) {
    const usable = partners.filter((p) => p.key && p.partnerUnique && p.matches >= 10);
    const partner = usable.length ? rng.pick(usable) : undefined;
    if (!partner?.key) return null;
    const key = partner.key;
    const extra = partner.profile.columns.filter((c) => !column(profile, c.name) && (c.kind === 'numeric' || (c.kind === 'boolean' && c.dtype === 'bool')) && !/[`\n"\\]/.test(c.name));
    const z = extra.length ? rng.pick(extra) : undefined;
    if (!z) return null;
    const w = new Phrase();
    const [A, B, K, Z] = [w.file(source.name), w.file(partner.source.name), w.col(key), w.col(z.name)];
    let filter: string;
    let condition: string;
    if (variant === 'category-mean') {
      const c = rng.pick(categoricalColumns(profile).filter((k) => k.name !== key));
      if (!c) return null;
      const v = rng.choice(usableValues(c));
      filter = `subset = merged[${col('merged', c.name)} == ${py(v)}]`;
      condition = `${w.col(c.name)} is ${w.val(v)}`;
    } else {
      const x = rng.pick(continuousColumns(profile).filter((k) => k.name !== key));
      if (!x?.stats) return null;
      const t = niceNumber(x.stats.q50);
      filter = `subset = merged[${col('merged', x.name)} > ${t}]`;
      condition = `${w.col(x.name)} is greater than ${w.num(t)}`;
    }
    return {
      steps: [
        loadStep(source),
        partnerStep(partner.source, 'other', 'load_other'),
        step('merged', `merged = df.merge(other[${pyList([key, z.name])}], on=${pyStr(key)}, how="inner")`, 'merged', ['load_data', 'load_other']),
        step('subset', filter, 'subset', ['merged']),
        step('answer', `answer = float(${col('subset', z.name)}.mean())`, 'answer', ['subset']),
      ],
      questions: [
        `Join ${A} with ${B} on ${K} (inner join). Among the joined rows where ${condition}, what is the mean ${Z}?`,
        `Match each row of ${A} to ${B} through ${K}, keeping only matched rows. What is the average ${Z} of the matched rows where ${condition}?`,
      ],
      hint: `Merge on ${K} with an inner join, filter the merged rows, and average ${Z}.`,
      answer: { mode: 'value' },
      tolerance: CLOSE,
      difficulty: 'medium',
      keep: w.keep,
    };
  },
};

export const joinKeyCoverage: Family = {
  id: 'join-key-coverage',
  category: 'joins',
  title: 'how many rows of one table have (or lack) a key in another',
  variants: [{ id: 'matched' }, { id: 'unmatched', heldout: true }],
  needsPartner: true,
  build({ source, partners, rng }, variant) {
    const usable = partners.filter((p) => p.key);
    const partner = usable.length ? rng.pick(usable) : undefined;
    if (!partner?.key) return null;
    const w = new Phrase();
    const [A, B, K] = [w.file(source.name), w.file(partner.source.name), w.col(partner.key)];
    const matched = variant === 'matched';
    return {
      steps: [
        loadStep(source),
        partnerStep(partner.source, 'other', 'load_other'),
        step('found', `found = ${col('df', partner.key)}.isin(${col('other', partner.key)})`, 'found', ['load_data', 'load_other']),
        step('answer', `answer = int(${matched ? 'found' : '(~found)'}.sum())`, 'answer', ['found']),
      ],
      questions: matched
        ? [`How many rows of ${A} have a ${K} that also appears in ${B}?`, `Count the rows of ${A} whose ${K} value can be found in ${B}.`]
        : [`How many rows of ${A} have a ${K} that does not appear in ${B}?`, `Count the rows of ${A} whose ${K} has no match in ${B}.`],
      hint: `Test each ${K} of ${A} for membership among the ${K} values of ${B}.`,
      answer: { mode: 'value' },
      tolerance: EXACT,
      keep: w.keep,
    };
  },
};

export const stackTables: Family = {
  id: 'stack-tables',
  category: 'joins',
  title: 'stack two tables on their shared columns, then count missing values or average a column',
  variants: [{ id: 'missing-count' }, { id: 'mean' }],
  needsPartner: true,
  build({ profile, source, partners, rng }, variant) {
    const usable = partners.filter((p) => p.shared.length >= 3);
    const partner = usable.length ? rng.pick(usable) : undefined;
    if (!partner) return null;
    const shared = new Set(partner.shared);
    const candidates =
      variant === 'missing-count'
        ? profile.columns.filter((c) => shared.has(c.name) && (c.missing > 0 || (column(partner.profile, c.name)?.missing ?? 0) > 0))
        : continuousColumns(profile).filter((c) => shared.has(c.name) && column(partner.profile, c.name)?.kind === 'numeric');
    const x = candidates.filter((c) => !/[`\n"\\]/.test(c.name));
    if (!x.length) return null;
    const target = rng.choice(x);
    const w = new Phrase();
    const [A, B, X] = [w.file(source.name), w.file(partner.source.name), w.col(target.name)];
    const missing = variant === 'missing-count';
    return {
      steps: [
        loadStep(source),
        partnerStep(partner.source, 'other', 'load_other'),
        step('shared', 'shared = [c for c in df.columns if c in other.columns]', 'shared', ['load_data', 'load_other']),
        step('combined', 'combined = pd.concat([df[shared], other[shared]], ignore_index=True)', 'combined', ['load_data', 'load_other', 'shared']),
        step('answer', missing ? `answer = int(${col('combined', target.name)}.isna().sum())` : `answer = float(${col('combined', target.name)}.mean())`, 'answer', ['combined']),
      ],
      questions: missing
        ? [`Stack ${A} and ${B} on the columns they share. How many missing values does ${X} have in the combined table?`, `Concatenate the rows of ${A} and ${B} (shared columns only). Count the missing ${X} values.`]
        : [`Stack ${A} and ${B} on the columns they share. What is the mean ${X} of the combined rows?`, `Concatenate ${A} and ${B} (shared columns only) and average ${X} over all rows.`],
      hint: `Keep the shared columns of both tables, concatenate the rows, then ${missing ? 'count missing values' : 'average'} in ${X}.`,
      answer: { mode: 'value' },
      tolerance: missing ? EXACT : CLOSE,
      difficulty: 'medium',
      keep: w.keep,
    };
  },
};

export const joinFamilies: Family[] = [joinLookup, joinKeyCoverage, stackTables];
