// The Python that profiles a table inside the sandbox (pandas decides the types, as it will when
// the programs run) and the one that measures how two tables join. Each prints one JSON line
// after a marker. Kept as text here because it is sent as a job to the warm pool.
import { pyList, pyStr } from '../../templates/python.js';

export const PROFILE_MARKER = 'HOOKMINE_PROFILE ';

const PROFILE_BODY = String.raw`
import json as _json, math as _math, re as _re, hashlib as _hashlib
import numpy as _np

def _plain(v):
    if isinstance(v, _np.generic):
        v = v.item()
    if isinstance(v, float) and not _math.isfinite(v):
        return None
    if hasattr(v, "isoformat"):
        return v.isoformat()
    return v

def _num(v):
    v = float(v)
    return v if _math.isfinite(v) else 0.0

_DATE = r"^\s*(\d{4}-\d{1,2}-\d{1,2}([ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?)?|\d{1,2}/\d{1,2}/\d{4}( \d{1,2}:\d{2}(:\d{2})?)?)\s*$"
_columns = []
for _name in df.columns:
    if not isinstance(_name, str):
        continue
    _s = df[_name]
    if isinstance(_s, pd.DataFrame):
        continue  # a duplicated column name
    _present = _s.dropna()
    _kind = "string"
    if _s.dtype == bool:
        _kind = "boolean"
    elif _s.dtype.kind in "iuf":
        _kind = "numeric"
    elif _s.dtype.kind == "M":
        _kind = "datetime"
    elif _s.dtype == object and len(_present):
        _head = _present.head(500)
        if all(isinstance(v, (bool, _np.bool_)) for v in _present):
            _kind = "boolean"
        elif all(isinstance(v, str) for v in _head) and _head.str.match(_DATE).all():
            try:
                pd.to_datetime(_present)
                _kind = "datetime"
            except Exception:
                pass
    _col = {"name": _name, "dtype": str(_s.dtype), "kind": _kind, "integer": False, "unique": int(_s.nunique(dropna=True)), "missing": int(_s.isna().sum()), "top": []}
    if _kind != "datetime":
        _counts = _s.value_counts(dropna=True)
        _top = sorted(_counts.head(200).items(), key=lambda kv: (-kv[1], str(kv[0])))[:12]
        _col["top"] = [{"value": _plain(k), "count": int(c)} for k, c in _top if _plain(k) is not None]
    if _kind == "numeric" and len(_present):
        _f = _present.astype(float)
        _q = _f.quantile([0.1, 0.25, 0.5, 0.75, 0.9]).tolist()
        _col["integer"] = bool((_f == _f.round()).all())
        _col["stats"] = {"min": _num(_f.min()), "max": _num(_f.max()), "mean": _num(_f.mean()), "std": _num(_f.std()) if len(_f) > 1 else 0.0,
                         "q10": _num(_q[0]), "q25": _num(_q[1]), "q50": _num(_q[2]), "q75": _num(_q[3]), "q90": _num(_q[4]), "skew": _num(_f.skew()) if len(_f) > 2 else 0.0}
    if _kind == "datetime" and len(_present):
        _d = pd.to_datetime(_present)
        _days = _d.dt.normalize()
        _col["dates"] = {"min": _d.min().isoformat(), "max": _d.max().isoformat(), "hasTime": bool((_d != _days).any()), "days": int(_days.nunique())}
    _columns.append(_col)

_out = {"rows": int(len(df)), "columns": _columns, "duplicates": int(df.duplicated().sum()), "datetimeIndex": isinstance(df.index, pd.DatetimeIndex)}
if _want_hash:
    _h = _hashlib.sha256("\x1f".join(map(str, df.columns)).encode())
    _h.update(pd.util.hash_pandas_object(df, index=True).values.tobytes())
    _out["sha256"] = _h.hexdigest()
print(${pyStr(PROFILE_MARKER)} + _json.dumps(_out))
`;

/** Load a table as `df` and print its profile (and a content hash when the table is no file). */
export function profileProgram(imports: readonly string[], loadExpr: string, wantHash: boolean): string {
  return ['import pandas as pd', ...imports, `df = ${loadExpr}`, `_want_hash = ${wantHash ? 'True' : 'False'}`, PROFILE_BODY].join('\n');
}

/** Load two tables and measure, for each candidate key, how many rows of the first find a match. */
export function pairProgram(a: { imports: readonly string[]; loadExpr: string }, b: { imports: readonly string[]; loadExpr: string }, keys: readonly string[]): string {
  return [
    'import json, pandas as pd',
    ...new Set([...a.imports, ...b.imports]),
    `df = ${a.loadExpr}`,
    `other = ${b.loadExpr}`,
    `keys = ${pyList(keys)}`,
    'out = {k: {"matches": int(df[k].isin(other[k].dropna()).sum()), "unique": bool(other[k].is_unique)} for k in keys}',
    `print(${pyStr(PROFILE_MARKER)} + json.dumps(out))`,
  ].join('\n');
}
