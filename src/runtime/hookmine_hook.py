"""hookmine's hook runtime, imported inside the sandbox by instrumented notebooks and templates.

    from hookmine_hook import hook
    hook(value, code_line, name, depends_on, variable="df", cell=3, line=2)

records one intermediate value as a JSON line in the file named by the environment variable
HOOKMINE_HOOK_OUT (kept in memory when it is unset). A record holds:

    seq, name, variable_name, value_type, value_hash, value, code_line, depends_on,
    cell_index, line, elapsed_us  (and `error` when describing the value failed)

`value_hash` is the SHA-256 of a normalised value: floats rounded to 10 significant digits,
integers and floats treated alike, DataFrames and Series canonicalised (column names, dtypes
reduced to kinds, index, values), containers recursively, memory addresses stripped from reprs.
`value` is the value itself for scalars, a bounded summary for DataFrames/Series/arrays (shape,
dtypes, head, numeric stats), other values when their JSON is under 100 KB, else type and size.

hook() returns None, never raises into the program, never consumes iterators or mutates its
argument, and caps the records per name so a hook inside a loop stays cheap.
"""

import hashlib
import json
import math
import os
import re
import time

__all__ = ["hook", "records", "describe", "value_hash"]

MAX_VALUE_BYTES = 100_000
SIG_DIGITS = 10
HEAD_ROWS = 5
MAX_PER_NAME = 50
MAX_RECORDS = 20_000

_seq = 0
_per_name = {}
_dropped = 0
_memory = []
_out = {"path": None, "pid": None, "fh": None}
_ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")


def records():
    """Records kept in memory (when HOOKMINE_HOOK_OUT is unset)."""
    return list(_memory)


# ---------------------------------------------------------------- normalisation


def _round_float(x):
    if x != x:
        return "nan"
    if x in (float("inf"), float("-inf")):
        return "inf" if x > 0 else "-inf"
    if x == 0:
        return 0.0
    return float(f"{x:.{SIG_DIGITS}g}")


def _json_float(x):
    """A float as JSON allows it (NaN and infinities become strings)."""
    if x != x:
        return "NaN"
    if x in (float("inf"), float("-inf")):
        return "Infinity" if x > 0 else "-Infinity"
    return x


def _np():
    import sys

    return sys.modules.get("numpy")


def _pd():
    import sys

    return sys.modules.get("pandas")


def _is_iterator(value):
    import collections.abc as abc

    return isinstance(value, abc.Iterator) or isinstance(value, abc.Generator)


def _round_sig_array(arr):
    np = _np()
    a = arr.astype("float64", copy=True)
    with np.errstate(all="ignore"):
        mag = np.floor(np.log10(np.abs(a)))
        mag = np.where(np.isfinite(mag), mag, 0)
        factor = np.power(10.0, (SIG_DIGITS - 1) - mag)
        rounded = np.round(a * factor) / factor
    ok = np.isfinite(rounded) & np.isfinite(a) & (a != 0)
    return np.where(ok, rounded, a)


def _canonical_array(arr):
    """Bytes that identify an ndarray up to float rounding."""
    np = _np()
    kind = arr.dtype.kind
    header = f"ndarray|{arr.shape}|{'n' if kind in 'biuf' else kind}|".encode()
    if kind in "biuf":
        return header + _round_sig_array(arr).tobytes()
    if kind == "M":
        return header + arr.astype("datetime64[ns]").view("int64").tobytes()
    return header + "\x1f".join(map(_canonical_text, arr.ravel().tolist())).encode()


def _canonical_frame(df):
    """Bytes that identify a DataFrame: column names, dtype kinds, index and values (floats rounded)."""
    pd = _pd()
    np = _np()
    parts = [f"DataFrame|{df.shape}".encode()]
    parts.append(_canonical_text([str(c) for c in df.columns]).encode())
    parts.append(_canonical_index(df.index))
    for col in range(df.shape[1]):
        parts.append(_canonical_column(df.iloc[:, col], pd, np))
    return b"\x1e".join(parts)


def _canonical_index(index):
    pd = _pd()
    if isinstance(index, pd.RangeIndex):
        return f"range|{index.start}|{index.stop}|{index.step}".encode()
    if isinstance(index, pd.MultiIndex):
        levels = index.to_frame(index=False)
        return b"multi|" + b"\x1d".join(_canonical_column(levels.iloc[:, i], pd, _np()) for i in range(levels.shape[1]))
    return _canonical_column(pd.Series(index, copy=False), pd, _np())


def _canonical_column(series, pd, np):
    kind = series.dtype.kind
    if kind in "biuf":
        values = series.to_numpy(dtype="float64", na_value=np.nan)
        return b"n|" + _round_sig_array(values).tobytes()
    if kind == "M":
        return b"M|" + series.astype("int64").to_numpy().tobytes()
    try:
        hashed = pd.util.hash_pandas_object(series.astype(str), index=False).to_numpy()
        return b"o|" + hashed.tobytes()
    except Exception:
        return b"r|" + _canonical_text(series.astype(str).tolist()).encode()


def _canonical_text(value):
    return json.dumps(value, sort_keys=True, default=str, ensure_ascii=False)


def _canonical(value, depth=0):
    """A JSON-able canonical form of plain Python values (for hashing)."""
    np = _np()
    pd = _pd()
    if depth > 20:
        return ["<deep>", type(value).__name__]
    if value is None or isinstance(value, (bool, str)):
        return value
    if isinstance(value, int):
        return _round_float(float(value)) if abs(value) < 2**53 else str(value)
    if isinstance(value, float):
        return _round_float(value)
    if np is not None and isinstance(value, np.generic):
        return _canonical(value.item(), depth + 1)
    if isinstance(value, (list, tuple)):
        return [_canonical(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        items = [_canonical(v, depth + 1) for v in value]
        return {"<set>": sorted(items, key=_canonical_text)}
    if isinstance(value, dict):
        return {"<dict>": sorted(([_canonical_text(_canonical(k, depth + 1)), _canonical(v, depth + 1)] for k, v in value.items()), key=lambda kv: kv[0])}
    if np is not None and isinstance(value, np.ndarray):
        return {"<sha>": hashlib.sha256(_canonical_array(value)).hexdigest()}
    if pd is not None and isinstance(value, pd.DataFrame):
        return {"<sha>": hashlib.sha256(_canonical_frame(value)).hexdigest()}
    if pd is not None and isinstance(value, pd.Series):
        return {"<sha>": hashlib.sha256(_canonical_frame(value.to_frame())).hexdigest()}
    if hasattr(value, "get_params") and callable(value.get_params):
        return _canonical_estimator(value, depth)
    if hasattr(value, "isoformat"):
        return {"<time>": value.isoformat()}
    return {"<repr>": type(value).__qualname__, "text": _ADDRESS.sub("", repr(value))[:2000]}


def _canonical_estimator(est, depth):
    params = {}
    try:
        params = {k: _canonical_text(_canonical(v, depth + 1)) for k, v in est.get_params(deep=False).items()}
    except Exception:
        pass
    fitted = {}
    for attr in ("coef_", "intercept_", "feature_importances_", "classes_", "best_params_", "best_score_", "n_features_in_"):
        try:
            fitted[attr] = _canonical(getattr(est, attr), depth + 1)
        except Exception:
            continue
    return {"<estimator>": type(est).__qualname__, "params": params, "fitted": fitted}


def value_hash(value):
    """SHA-256 of the normalised value."""
    np = _np()
    pd = _pd()
    if pd is not None and isinstance(value, pd.DataFrame):
        data = _canonical_frame(value)
    elif pd is not None and isinstance(value, pd.Series):
        data = b"Series|" + _canonical_text(str(value.name)).encode() + _canonical_frame(value.to_frame())
    elif np is not None and isinstance(value, np.ndarray):
        data = _canonical_array(value)
    elif _is_iterator(value):
        data = f"<iterator {type(value).__qualname__}>".encode()
    else:
        data = _canonical_text(_canonical(value)).encode()
    return hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- summaries


def _plain(value, depth=0):
    """JSON-able form of a plain value (full), or raise TypeError."""
    np = _np()
    if value is None or isinstance(value, (bool, str, int)):
        return value
    if isinstance(value, float):
        return _json_float(value)
    if np is not None and isinstance(value, np.generic):
        return _plain(value.item(), depth + 1)
    if depth > 20:
        raise TypeError("too deep")
    if isinstance(value, (list, tuple)):
        return [_plain(v, depth + 1) for v in value]
    if isinstance(value, (set, frozenset)):
        return sorted((_plain(v, depth + 1) for v in value), key=_canonical_text)
    if isinstance(value, dict):
        return {str(k): _plain(v, depth + 1) for k, v in value.items()}
    if hasattr(value, "isoformat") and not hasattr(value, "shape"):
        return value.isoformat()
    raise TypeError(type(value).__qualname__)


def _cell(value):
    try:
        return _plain(value)
    except TypeError:
        return _ADDRESS.sub("", repr(value))[:200]


def _frame_summary(df):
    np = _np()
    numeric = {}
    for name in df.columns[:50]:
        col = df[name]
        if isinstance(col, _pd().DataFrame):
            continue  # duplicated column names
        if col.dtype.kind in "biuf" and col.dtype.kind != "b":
            values = col.to_numpy(dtype="float64", na_value=np.nan)
            finite = values[np.isfinite(values)]
            numeric[str(name)] = {
                "mean": _json_float(float(finite.mean())) if finite.size else None,
                "std": _json_float(float(finite.std(ddof=1))) if finite.size > 1 else None,
                "min": _json_float(float(finite.min())) if finite.size else None,
                "max": _json_float(float(finite.max())) if finite.size else None,
                "sum": _json_float(float(finite.sum())) if finite.size else None,
            }
    head = df.head(HEAD_ROWS)
    return {
        "shape": list(df.shape),
        "columns": [str(c) for c in df.columns[:200]],
        "dtypes": {str(c): str(t) for c, t in list(df.dtypes.items())[:200]},
        "index": {"name": None if df.index.name is None else str(df.index.name), "head": [_cell(v) for v in df.index[:HEAD_ROWS]]},
        "head": [[_cell(v) for v in row] for row in head.itertuples(index=False, name=None)],
        "missing": {str(c): int(n) for c, n in list(df.isna().sum().items())[:200] if n},
        "stats": numeric,
    }


def _array_summary(arr):
    np = _np()
    out = {"shape": list(arr.shape), "dtype": str(arr.dtype)}
    flat = arr.ravel()
    if arr.size <= 1000 and arr.dtype.kind in "biufU?":
        out["values"] = _plain(arr.tolist())
        return out
    out["head"] = [_cell(v) for v in flat[:10].tolist()]
    if arr.dtype.kind in "iuf" and flat.size:
        values = flat.astype("float64")
        finite = values[np.isfinite(values)]
        if finite.size:
            out["stats"] = {"mean": float(finite.mean()), "std": float(finite.std()), "min": float(finite.min()), "max": float(finite.max())}
    return out


def describe(value):
    """(value_type, summary) for a captured value."""
    np = _np()
    pd = _pd()
    type_name = type(value).__qualname__
    if value is None or isinstance(value, (bool, int, float, str)) or (np is not None and isinstance(value, np.generic)):
        plain = _plain(value)
        if isinstance(plain, str) and len(plain) > MAX_VALUE_BYTES:
            return type_name, {"truncated": True, "length": len(plain), "head": plain[:2000]}
        return type_name, plain
    if pd is not None and isinstance(value, pd.DataFrame):
        return "DataFrame", _frame_summary(value)
    if pd is not None and isinstance(value, pd.Series):
        summary = _frame_summary(value.to_frame(name="value" if value.name is None else value.name))
        summary["name"] = None if value.name is None else str(value.name)
        summary["shape"] = [int(value.shape[0])]
        if len(value) <= 200:
            summary["values"] = [_cell(v) for v in value.tolist()]
            summary["index_values"] = [_cell(v) for v in value.index.tolist()]
        return "Series", summary
    if np is not None and isinstance(value, np.ndarray):
        return "ndarray", _array_summary(value)
    if _is_iterator(value):
        return type_name, {"iterator": True}
    if hasattr(value, "get_params") and callable(value.get_params):
        summary = {"estimator": type_name}
        try:
            summary["params"] = {k: _cell(v) for k, v in value.get_params(deep=False).items()}
        except Exception:
            pass
        for attr in ("coef_", "intercept_", "feature_importances_", "best_params_", "best_score_"):
            try:
                got = getattr(value, attr)
            except Exception:
                continue
            summary[attr] = _array_summary(got) if np is not None and isinstance(got, np.ndarray) else _cell(got)
        return type_name, summary
    try:
        plain = _plain(value)
        text = json.dumps(plain)
        if len(text) <= MAX_VALUE_BYTES:
            return type_name, plain
        size = len(text)
    except (TypeError, ValueError):
        size = None
    length = None
    try:
        length = len(value)
    except Exception:
        pass
    return type_name, {"type": type_name, "length": length, "json_bytes": size, "repr": _ADDRESS.sub("", repr(value))[:500]}


# ---------------------------------------------------------------- output


def _emit(record):
    global _dropped
    path = os.environ.get("HOOKMINE_HOOK_OUT")
    if not path:
        _memory.append(record)
        return
    pid = os.getpid()
    if _out["fh"] is None or _out["path"] != path or _out["pid"] != pid:
        # reopen after a fork or when the target changes, never share a parent's handle
        _out.update(path=path, pid=pid, fh=open(path, "a", encoding="utf-8"))
    fh = _out["fh"]
    try:
        line = json.dumps(record, ensure_ascii=False, allow_nan=False, default=str)
    except ValueError:  # a NaN slipped into the summary: keep the record, drop the value
        record["value"] = {"unserialisable": True, "type": record.get("value_type")}
        line = json.dumps(record, ensure_ascii=False, allow_nan=False, default=str)
    fh.write(line + "\n")
    fh.flush()


def hook(value, code_line=None, name=None, depends_on=None, variable=None, cell=None, line=None):
    """Record one intermediate value. Returns None and never raises into the program."""
    global _seq, _dropped
    start = time.perf_counter_ns()
    try:
        key = str(name if name is not None else variable)
        count = _per_name.get(key, 0)
        _per_name[key] = count + 1
        if count >= MAX_PER_NAME or _seq >= MAX_RECORDS:
            _dropped += 1
            return None
        record = {
            "seq": _seq,
            "name": key,
            "variable_name": variable,
            "code_line": code_line,
            "depends_on": list(depends_on or []),
            "cell_index": cell,
            "line": line,
            "occurrence": count,
        }
        _seq += 1
        try:
            record["value_type"], record["value"] = describe(value)
            record["value_hash"] = value_hash(value)
        except Exception as error:  # describing failed: keep the fact, not the value
            record["value_type"] = type(value).__qualname__
            record["value"] = None
            record["value_hash"] = None
            record["error"] = f"{type(error).__name__}: {error}"[:500]
        record["elapsed_us"] = (time.perf_counter_ns() - start) // 1000
        _emit(record)
    except Exception:
        _dropped += 1
    return None
