// Facts come from the interpreter that runs the notebooks, introspected in its sandbox.
import { describe, expect, it } from 'vitest';
import { loadPythonParser } from '../../extractors/python/parser.js';
import { Introspector } from '../../src/repair/facts.js';
import { rulePass } from '../../src/repair/rule-pass.js';
import { localSandbox, NO_SANDBOX } from '../execute/sandbox-helper.js';

describe.skipIf(NO_SANDBOX)(`Introspector${NO_SANDBOX ? ` (skipped: ${NO_SANDBOX})` : ''}`, () => {
  it("reads the installed libraries' signatures, options and removed names, once per name", async () => {
    const sandbox = await localSandbox();
    const intro = new Introspector(sandbox.executor);
    const names = ['sklearn.feature_selection.RFE', 'sklearn.cross_validation', 'sklearn.ensemble.GradientBoostingRegressor', 'pandas.DataFrame.ix', 'no_such_package.thing'];
    const callsBefore = intro.calls;
    await intro.learn(names);
    const facts = intro.facts();
    expect(facts.get('sklearn.feature_selection.RFE')).toMatchObject({ exists: true, kind: 'class', version: sandbox.probe.libraries['scikit-learn'] });
    expect(facts.get('sklearn.feature_selection.RFE')?.params?.[0]).toMatchObject({ name: 'estimator', kind: 'POSITIONAL_OR_KEYWORD', default: null });
    expect(facts.get('sklearn.ensemble.GradientBoostingRegressor')?.options?.loss).toContain('squared_error');
    expect(facts.exists('sklearn.cross_validation')).toBe(false);
    expect(facts.exists('pandas.DataFrame.ix')).toBe(false);
    expect(facts.exists('no_such_package.thing')).toBe(false);
    expect(facts.missing.size).toBe(0);
    await intro.learn(names);
    expect(intro.calls).toBe(callsBefore + 1);
  });

  it('repairs a keyword-only call from the signature it read, and only then', async () => {
    const sandbox = await localSandbox();
    const intro = new Introspector(sandbox.executor);
    await intro.learn(['sklearn.feature_selection.RFE']);
    const keywordOnly = intro.facts().get('sklearn.feature_selection.RFE')?.params?.find((p) => p.name === 'n_features_to_select')?.kind === 'KEYWORD_ONLY';
    const cells = [{ cellIndex: 0, cellType: 'code', source: 'from sklearn.feature_selection import RFE\nrfe = RFE(model, 5)' }];
    const out = await rulePass(await loadPythonParser(), intro, cells, { competition: null, dataFiles: [] });
    expect(out.cells[0]?.source).toBe(keywordOnly ? 'from sklearn.feature_selection import RFE\nrfe = RFE(model, n_features_to_select=5)' : cells[0]?.source);
    expect(out.missingFacts).toEqual([]);
  });
});
