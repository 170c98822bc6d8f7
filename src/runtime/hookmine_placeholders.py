"""Placeholders for modules that are not installed (lightgbm, catboost on a Debian machine).

An import of such a module in a notebook cell binds a placeholder whose first use raises the
ModuleNotFoundError the import would have raised, so the cells before that use still run and a
prefix of the notebook can be salvaged. Used by hookmine_runner.py (its MissingModuleFinder goes
last on sys.meta_path).
"""

import ast
import sys


class MissingModule:
    """What an import of a module that is not installed binds: any use of it (an attribute, a call,
    iteration, indexing) raises the ModuleNotFoundError the import would have raised, so the cells
    before its first use still run (a prefix of the notebook can be salvaged)."""

    def __init__(self, name, path):
        object.__setattr__(self, "_hookmine_missing", (name, path))

    def _raise(self, *args, **kwargs):
        name, path = object.__getattribute__(self, "_hookmine_missing")
        top = name.split(".")[0]
        raise ModuleNotFoundError("No module named '%s'" % top, name=top)

    def __getattr__(self, attr):
        if attr.startswith("__") and attr.endswith("__"):
            raise AttributeError(attr)
        self._raise()

    __call__ = _raise
    __getitem__ = _raise
    __iter__ = _raise
    __len__ = _raise
    __setattr__ = _raise
    __enter__ = _raise
    __mro_entries__ = _raise

    def __repr__(self):
        name, path = object.__getattribute__(self, "_hookmine_missing")
        return "<missing module %s>" % path


class MissingModuleFinder:
    """Last on sys.meta_path: a module no other finder has, imported by the notebook's own code
    (a cell, not a library probing for an optional dependency), becomes a placeholder module.
    Each placeholder is reported once as a `module_placeholder` deviation."""

    def __init__(self, emit, notebook_frame):
        self.emit = emit
        # the cell's frame running the import, None when a library imports (the runner knows which)
        self.notebook_frame = notebook_frame
        self.reported = set()
        self.cell = None
        # (filename, line) of imports inside a try that handles ImportError: the notebook copes
        # with the module's absence itself, so it must see the module missing
        self.guarded = set()

    def note_guarded(self, tree, filename):
        for node in ast.walk(tree):
            if isinstance(node, ast.Try) and any(handles_import_error(h.type) for h in node.handlers):
                for stmt in node.body:
                    for inner in ast.walk(stmt):
                        if isinstance(inner, (ast.Import, ast.ImportFrom)):
                            self.guarded.add((filename, inner.lineno))

    def find_spec(self, fullname, path=None, target=None):
        where = self.notebook_frame()
        if where is None or (where.f_code.co_filename, where.f_lineno) in self.guarded:
            return None
        import importlib.machinery

        top = fullname.split(".")[0]
        parent = sys.modules.get(top)
        if parent is not None and not getattr(parent, "__hookmine_missing__", False):
            # a module missing from an installed package (sklearn.cross_validation) is library
            # drift, which repair rules fix: it fails at its import as before
            return None
        if top not in self.reported:
            self.reported.add(top)
            self.emit({"event": "deviation", "kind": "module_placeholder", "module": top, "cell": self.cell})
        return importlib.machinery.ModuleSpec(fullname, self, is_package=True)

    def create_module(self, spec):
        import types

        module = types.ModuleType(spec.name)
        module.__path__ = []
        module.__hookmine_missing__ = True
        placeholder = MissingModule(spec.name.split(".")[0], spec.name)
        # `from lightgbm import LGBMClassifier` binds a placeholder too; its use raises
        module.__getattr__ = lambda attr: placeholder._raise() if attr == "__version__" else _no_attr(attr) if attr.startswith("__") and attr.endswith("__") else placeholder
        return module

    def exec_module(self, module):
        pass


def _no_attr(attr):
    raise AttributeError(attr)


def handles_import_error(node):
    if node is None:
        return True
    names = [e for e in node.elts] if isinstance(node, ast.Tuple) else [node]
    return any(isinstance(n, ast.Name) and n.id in ("ImportError", "ModuleNotFoundError", "Exception", "BaseException") for n in names)
