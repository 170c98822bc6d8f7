// Positional arguments that became keyword-only, named from the installed signature.
import { describe, expect, it } from 'vitest';
import { keywordArgs, namesForPositional } from '../../extractors/repairs/keyword-args.js';
import { facts, repair, repairCells, signature } from './helpers.js';

const SEABORN_012 = signature('data=None, *, x=None, y=None, hue=None, order=None, ax=None, **kwargs');
const SEABORN_010 = signature('x=None, y=None, hue=None, data=None, order=None, ax=None, **kwargs');
const RFE_12 = signature('estimator, *, n_features_to_select=None, step=1, verbose=0', { kind: 'class' });

describe('namesForPositional', () => {
  it("follows scikit-learn's path: positional parameters keep theirs, extras go to keyword-only ones in order", () => {
    expect(namesForPositional('sklearn', RFE_12.params ?? [], 3)).toEqual([null, 'n_features_to_select', 'step']);
    expect(namesForPositional('sklearn', RFE_12.params ?? [], 1)).toBeNull();
    expect(namesForPositional('sklearn', RFE_12.params ?? [], 6)).toBeNull();
  });
  it("maps seaborn 0.12's data-first layout back to the old x, y, hue", () => {
    expect(namesForPositional('seaborn', SEABORN_012.params ?? [], 2)).toEqual(['x', 'y']);
    expect(namesForPositional('seaborn', SEABORN_012.params ?? [], 4)).toBeNull();
  });
});

describe('keyword-only-args', () => {
  const rules = [keywordArgs];
  it('names positional arguments the installed seaborn only takes as keywords', async () => {
    const code = "import seaborn as sns\nsns.boxplot(train['year'], train['count'])\nsns.boxplot(train['hour'], train['count'], train['season'], ax=axes[0])\n";
    expect(await repair(code, { rules, facts: facts({ 'seaborn.boxplot': SEABORN_012 }) })).toBe(
      "import seaborn as sns\nsns.boxplot(x=train['year'], y=train['count'])\nsns.boxplot(x=train['hour'], y=train['count'], hue=train['season'], ax=axes[0])\n",
    );
  });
  it("one positional column to seaborn 0.12's data-first layout is the old x; a bare name (a DataFrame) is left alone", async () => {
    const f = facts({ 'seaborn.countplot': SEABORN_012 });
    const code = "import seaborn as sns\nsns.countplot(train[column], palette='rocket')\nsns.countplot(df.Sex)\nsns.countplot('Sex', data=df)\nsns.countplot(df)\nsns.countplot(df, x='Sex')\nsns.countplot(dfs[0])\n";
    expect(await repair(code, { rules, facts: f })).toBe(
      "import seaborn as sns\nsns.countplot(x=train[column], palette='rocket')\nsns.countplot(x=df.Sex)\nsns.countplot(x='Sex', data=df)\nsns.countplot(df)\nsns.countplot(df, x='Sex')\nsns.countplot(dfs[0])\n",
    );
    expect(await repair("import seaborn as sns\nsns.countplot(train['Sex'])\n", { rules, facts: f })).toBe("import seaborn as sns\nsns.countplot(x=train['Sex'])\n");
  });
  it('names the estimator arguments scikit-learn made keyword-only', async () => {
    const code = 'from sklearn.feature_selection import RFE\nrfe = RFE(model, 8)\n';
    expect(await repair(code, { rules, facts: facts({ 'sklearn.feature_selection.RFE': RFE_12 }) })).toBe('from sklearn.feature_selection import RFE\nrfe = RFE(model, n_features_to_select=8)\n');
  });
  it('leaves calls the installed signature accepts alone (an older seaborn, one positional, data=)', async () => {
    const code = "import seaborn as sns\nsns.boxplot(a, b)\nsns.countplot(df['x'])\nsns.boxplot(data=df, x='a')\n";
    const out = await repairCells([code], { rules, facts: facts({ 'seaborn.boxplot': SEABORN_010, 'seaborn.countplot': SEABORN_010 }) });
    expect(out.cells[0]?.source).toBe(code);
    expect(out.missingFacts).toEqual([]);
  });
  it("never touches the notebook's own functions, splats, or calls that already name the parameter", async () => {
    const code = "import seaborn as sns\ndef plot(a, b): pass\nplot(1, 2)\nsns.boxplot(*args)\nsns.boxplot(a, b, x='c')\n";
    const out = await repairCells([code], { rules, facts: facts({ 'seaborn.boxplot': SEABORN_012 }) });
    expect(out.cells[0]?.source).toBe(code);
  });
  it('asks for the signature of a library call it does not know yet', async () => {
    const out = await repairCells(['import seaborn as sns\nsns.violinplot(a, b)\n'], { rules, facts: facts() });
    expect(out.missingFacts).toEqual(['seaborn.violinplot']);
  });
});
