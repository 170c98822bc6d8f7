"""Test helper: run cells like Jupyter in one namespace (last expression displayed), print a
transcript on stdout. Reads {"cells": [{"cellIndex", "source"}], "cwd"} as JSON on stdin."""
import ast
import contextlib
import io
import json
import os
import sys

job = json.load(sys.stdin)
os.chdir(job["cwd"])
sys.path.insert(0, job["runtime"])
ns = {"__name__": "__main__"}
for cell in job["cells"]:
    tree = ast.parse(cell["source"])
    last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    body = tree.body[:-1] if last is not None else tree.body
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(ast.Module(body=body, type_ignores=[]), f"<cell {cell['cellIndex']}>", "exec"), ns)
        shown = None
        if last is not None:
            value = eval(compile(ast.Expression(last.value), f"<cell {cell['cellIndex']}>", "eval"), ns)
            if value is not None and not cell["source"].rstrip().endswith(";"):
                shown = repr(value)
    print(json.dumps({"cell": cell["cellIndex"], "stdout": out.getvalue(), "display": shown}))
