"""What the installed libraries offer, for the repair rules: for each dotted name read from stdin
(a JSON list), whether it exists, what it is, the parameters of its signature (a class: its
constructor) and, for scikit-learn estimators, the string options each parameter declares.
Prints one JSON object {name: facts}. Imports libraries only; runs no notebook code."""
import importlib
import inspect
import json
import sys
import warnings


def resolve(name):
    parts = name.split(".")
    for i in range(len(parts), 0, -1):
        try:
            obj = importlib.import_module(".".join(parts[:i]))
        except Exception:
            continue
        try:
            for attr in parts[i:]:
                obj = getattr(obj, attr)
        except Exception:
            return False, None, parts[0]
        return True, obj, parts[0]
    return False, None, parts[0]


def version_of(package):
    try:
        mod = sys.modules.get(package) or importlib.import_module(package)
        return str(getattr(mod, "__version__", None)) if getattr(mod, "__version__", None) is not None else None
    except Exception:
        return None


def params_of(obj):
    try:
        sig = inspect.signature(obj)
    except (TypeError, ValueError):
        return None
    out = []
    for p in sig.parameters.values():
        default = None if p.default is inspect.Parameter.empty else repr(p.default)
        out.append({"name": p.name, "kind": p.kind.name, "default": default})
    return out


def options_of(obj):
    constraints = getattr(obj, "_parameter_constraints", None)
    if not isinstance(constraints, dict):
        return None
    out = {}
    for param, items in constraints.items():
        allowed = []
        for c in items if isinstance(items, (list, tuple)) else [items]:
            opts = getattr(c, "options", None)
            if type(c).__name__ == "StrOptions" and opts is not None:
                allowed.extend(sorted(str(o) for o in opts))
        if allowed:
            out[param] = allowed
    return out


def facts(name):
    exists, obj, package = resolve(name)
    if not exists:
        return {"exists": False, "version": version_of(package)}
    kind = "module" if inspect.ismodule(obj) else "class" if inspect.isclass(obj) else "function" if callable(obj) else "other"
    out = {"exists": True, "kind": kind, "version": version_of(package)}
    if kind in ("class", "function"):
        params = params_of(obj)
        if params is not None:
            out["params"] = params
    if kind == "class":
        options = options_of(obj)
        if options:
            out["options"] = options
    return out


def main():
    warnings.simplefilter("ignore")
    names = json.loads(sys.stdin.read() or "[]")
    result = {}
    for name in names:
        try:
            result[name] = facts(name)
        except Exception as e:  # a library that breaks on import: say so, do not stop
            result[name] = {"exists": False, "error": "%s: %s" % (type(e).__name__, e)}
    sys.stdout.write(json.dumps(result) + "\n")


if __name__ == "__main__":
    main()
