"""Plays Kaggle for the demo competition: runs each sample notebook once, as its author did,
and stores what Kaggle would keep from that run.

- the notebook file gets its cell outputs (stdout, the last expression's text) and execution counts;
- outputs/lemonade-stand/<owner>--<slug>/ gets the files the run wrote (submission.csv, ...);
- <owner>--<slug>.kernel.json gets the listing metadata (votes decide the medal tier);
- competitions/lemonade-stand.json describes the competition.

The authors ran on their own machines and library versions, so paths and Python 2 syntax are
adapted for this one recording run only; the stored sources stay as the authors wrote them.
`hookmine demo` must then reproduce these outputs by itself (repairing carol's notebook first).
Run with /usr/bin/python3 after make_notebooks.py.
"""
import ast
import contextlib
import io
import json
import os
import pathlib
import re
import shutil
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
SLUG = "lemonade-stand"
DATA = HERE / "data" / SLUG
NOTEBOOKS = HERE / "notebooks" / SLUG
OUTPUTS = HERE / "outputs" / SLUG

# Listing metadata: votes give the medal proxy (5 bronze, 20 silver, 50 gold); gus has too few.
KERNELS = {
    "alice--lemonade-baseline": {"title": "Lemonade baseline", "totalVotes": 64, "score": 4.82},
    "bob--lemonade-random-forest": {"title": "Lemonade random forest", "totalVotes": 23, "score": 4.31},
    "carol--lemonade-python2": {"title": "Lemonade ridge (2017)", "totalVotes": 12},
    "dave--lemonade-lightgbm": {"title": "Lemonade LightGBM", "totalVotes": 7},
    "erin--lemonade-eda": {"title": "Lemonade EDA", "totalVotes": 30},
    "frank--lemonade-local-paths": {"title": "Lemonade by location", "totalVotes": 5},
    "gus--lemonade-first-try": {"title": "My first notebook", "totalVotes": 2},
}

COMPETITION = {
    "title": "Lemonade Stand Sales",
    "category": "HOST_SEGMENT_PLAYGROUND",
    "tags": ["Tabular", "Regression"],
    "evaluationMetric": "RMSE",
    "description": "Predict the daily sales of a lemonade stand (a sample competition written for hookmine).",
}


def adapt(source: str) -> str:
    """The author's environment, for this recording run: their paths and Python 2."""
    s = source.replace("/kaggle/input/lemonade-stand/", f"{DATA}/")
    s = s.replace("../input/lemonade-stand/", f"{DATA}/").replace("../input/", f"{DATA}/")
    s = s.replace("/Users/frank/Downloads/lemonade-stand/", f"{DATA}/")
    s = re.sub(r'^(\s*)print (.+)$', r"\1print(\2)", s, flags=re.M)
    s = s.replace("sklearn.cross_validation", "sklearn.model_selection").replace(".as_matrix()", ".to_numpy()")
    return s


def run_cell(source: str, env: dict) -> list:
    """Run one cell the way Jupyter does: statements, then the last expression displayed."""
    tree = ast.parse(adapt(source))
    last = tree.body.pop() if tree.body and isinstance(tree.body[-1], ast.Expr) else None
    out = io.StringIO()
    value = None
    with contextlib.redirect_stdout(out):
        exec(compile(tree, "<cell>", "exec"), env)
        if last is not None:
            value = eval(compile(ast.Expression(last.value), "<cell>", "eval"), env)
    outputs = []
    if out.getvalue():
        outputs.append({"name": "stdout", "output_type": "stream", "text": out.getvalue().splitlines(keepends=True)})
    if value is not None:
        outputs.append({"data": {"text/plain": repr(value).splitlines(keepends=True)}, "metadata": {}, "output_type": "execute_result"})
    return outputs


def record_notebook(path: pathlib.Path, work: pathlib.Path) -> None:
    nb = json.loads(path.read_text())
    env: dict = {"__name__": "__main__"}
    count = 0
    for cell in nb["cells"]:
        if cell["cell_type"] != "code":
            continue
        count += 1
        outputs = run_cell("".join(cell["source"]), env)
        for o in outputs:
            if o["output_type"] == "execute_result":
                o["execution_count"] = count
        cell["outputs"], cell["execution_count"] = outputs, count
    path.write_text(json.dumps(nb, indent=1) + "\n")


def main() -> None:
    import matplotlib

    matplotlib.use("Agg")
    if OUTPUTS.exists():
        shutil.rmtree(OUTPUTS)
    for path in sorted(NOTEBOOKS.iterdir()):
        if path.suffix not in (".ipynb", ".py"):
            continue
        stem = path.stem
        work = pathlib.Path(tempfile.mkdtemp(prefix="record-"))
        cwd = os.getcwd()
        os.chdir(work)
        try:
            if path.suffix == ".py":
                with contextlib.redirect_stdout(io.StringIO()):
                    exec(compile(adapt(path.read_text()), str(path), "exec"), {"__name__": "__main__"})
            else:
                record_notebook(path, work)
            status = "recorded"
        except ModuleNotFoundError as error:
            # dave's lightgbm run: Kaggle had the module, this machine does not; no outputs to keep.
            status = f"not recorded ({error})"
        except Exception:
            shutil.rmtree(work)
            raise
        finally:
            os.chdir(cwd)
        written = sorted(p for p in work.iterdir() if p.is_file())
        if written:
            (OUTPUTS / stem).mkdir(parents=True, exist_ok=True)
            for p in written:
                shutil.copy(p, OUTPUTS / stem / p.name)
        shutil.rmtree(work)
        meta = {"lastRunTime": "2024-06-01T12:00:00.000Z", **KERNELS.get(stem, {})}
        (NOTEBOOKS / f"{stem}.kernel.json").write_text(json.dumps(meta, indent=1) + "\n")
        print(f"{stem}: {status}; files {[p.name for p in written]}", file=sys.stderr)
    (HERE / "competitions").mkdir(exist_ok=True)
    (HERE / "competitions" / f"{SLUG}.json").write_text(json.dumps(COMPETITION, indent=1) + "\n")


if __name__ == "__main__":
    main()
