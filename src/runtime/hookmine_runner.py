"""Run a notebook's cells the way a Jupyter kernel does, inside hookmine's sandbox.

    python hookmine_runner.py /hookmine/job/job.json

job.json: {"cells": [{"cellIndex", "code", "capture"?}], "seed", "eventsPath", "keepBytes",
"totalKeepBytes", "maxOutputBytes"}. Cells run one after another in one namespace; the last
expression of a cell is displayed (text/plain, as Jupyter shows it); the run stops at the first
failing cell (papermill semantics). One JSON line per event goes to eventsPath as it happens, so a
run that is killed (timeout, memory) still says which cells finished and which one was running.
Exit status 0 whether or not a cell failed; anything else means the runner itself broke.
"""

import ast
import builtins
import json
import linecache
import os
import resource
import signal
import sys
import time
import traceback

from hookmine_placeholders import MissingModuleFinder

RUNNER_FILE = os.path.abspath(__file__)
MAIN_PID = os.getpid()
FINDER = None


def leave_if_forked():
    """A process the notebook forked (os.fork, a fork bomb) that returns into the runner must not
    run further cells or write events: only the kernel process does."""
    if os.getpid() != MAIN_PID:
        os._exit(0)


class OutputLimitExceeded(BaseException):
    """The run printed more than the sandbox allows. A BaseException: `except Exception` in the
    notebook does not swallow it."""


class CPUTimeExceeded(BaseException):
    """The CPU-time limit was reached (SIGXCPU)."""


class Budget:
    """Output kept across the whole run (events stay small) and output allowed at all."""

    def __init__(self, keep_total, max_output):
        self.keep_left = keep_total
        self.max_output = max_output
        self.written = 0


class CellStream:
    """sys.stdout/sys.stderr during a cell: keeps the first bytes, counts all of them."""

    encoding = "utf-8"
    errors = "replace"

    def __init__(self, fd, keep, budget):
        self._fd = fd
        self._keep = min(keep, max(0, budget.keep_left))
        self._budget = budget
        self._parts = []
        self._kept = 0
        self.total = 0

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not %s" % type(text).__name__)
        n = len(text) if text.isascii() else len(text.encode("utf-8", "replace"))
        self.total += n
        self._budget.written += n
        if self._kept < self._keep:
            piece = text[: self._keep - self._kept]
            self._parts.append(piece)
            self._kept += len(piece)
        if self._budget.written > self._budget.max_output:
            raise OutputLimitExceeded("the run printed more than %d bytes" % self._budget.max_output)
        return len(text)

    def writelines(self, lines):
        for line in lines:
            self.write(line)

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        return self._fd

    def readable(self):
        return False

    def writable(self):
        return True

    def seekable(self):
        return False

    @property
    def closed(self):
        return False

    def text(self):
        self._budget.keep_left -= self._kept
        return "".join(self._parts)


def usage():
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu_ms = (me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime) * 1000.0
    return cpu_ms, max(me.ru_maxrss, kids.ru_maxrss)


def seed_everything(seed):
    """Fixed seeds for random and numpy (Kaggle does not seed: recorded as a deviation)."""
    import random

    random.seed(seed)
    try:
        import numpy

        numpy.random.seed(seed)
    except Exception:
        pass


def notebook_frame():
    """The notebook cell's frame (filename `<cell N>`) running the import statement, or None when a
    library imports: libraries probe optional dependencies with try/import and must see them missing."""
    frame = sys._getframe(2)
    while frame is not None:
        name = frame.f_code.co_filename
        if name.startswith("<cell "):
            return frame
        if not (name.startswith("<frozen importlib") or name == RUNNER_FILE):
            return None
        frame = frame.f_back
    return None


def last_expression(tree, interactivity):
    """Split a cell into statements to exec and expressions whose values are displayed."""
    body = tree.body
    if not body:
        return body, []
    if interactivity == "all":
        return None, [n for n in body if isinstance(n, ast.Expr)]
    if isinstance(body[-1], ast.Expr):
        return body[:-1], [body[-1]]
    return body, []


def interactivity():
    shell = sys.modules.get("IPython.core.interactiveshell")
    return getattr(getattr(shell, "InteractiveShell", None), "ast_node_interactivity", "last_expr")


def format_traceback(exc):
    """The traceback without the runner's own frames."""
    tb = exc.__traceback__
    while tb is not None and os.path.abspath(tb.tb_frame.f_code.co_filename) == RUNNER_FILE:
        tb = tb.tb_next
    return traceback.format_exception(type(exc), exc, tb)


def flush_figures():
    if "matplotlib.pyplot" not in sys.modules:
        return
    try:
        import hookmine_inline

        hookmine_inline.flush_figures()
    except Exception:
        try:
            sys.modules["matplotlib.pyplot"].close("all")
        except Exception:
            pass


def run_cell(cell, ns, job, budget, emit):
    import hookmine_ipython

    index = cell["cellIndex"]
    code = cell["code"]
    filename = "<cell %d>" % index
    linecache.cache[filename] = (len(code), None, code.splitlines(True), filename)
    outputs = []
    hookmine_ipython.sink = outputs.append
    out = CellStream(1, job["keepBytes"], budget)
    err = CellStream(2, job["keepBytes"], budget)
    capture = cell.get("capture")
    saved = sys.stdout, sys.stderr
    sys.stdout, sys.stderr = out, err
    started = time.perf_counter()
    if FINDER is not None:
        FINDER.cell = index
    emit({"event": "start", "cell": index})
    result = {"event": "end", "cell": index, "status": "ok"}
    stop = False
    try:
        tree = ast.parse(code, filename=filename, mode="exec")
        if FINDER is not None:
            FINDER.note_guarded(tree, filename)
        silent = code.rstrip().endswith(";")
        body, shown = last_expression(tree, interactivity())
        if body is None:
            # ast_node_interactivity = "all": run statement by statement, showing every expression
            for node in tree.body:
                if isinstance(node, ast.Expr) and not silent:
                    value = eval(compile(ast.Expression(node.value), filename, "eval"), ns)
                    show(value, ns, outputs)
                else:
                    exec(compile(ast.Module([node], type_ignores=[]), filename, "exec"), ns)
        else:
            exec(compile(ast.Module(body, type_ignores=[]), filename, "exec"), ns)
            for node in shown:
                value = eval(compile(ast.Expression(node.value), filename, "eval"), ns)
                if not silent:
                    show(value, ns, outputs)
        flush_figures()
    except SystemExit as exc:
        # sys.exit() in a notebook ends the run; exit(0) is a success (as papermill treats it)
        stop = True
        if exc.code not in (None, 0, "0", ""):
            result.update(error_fields(exc))
    except OutputLimitExceeded as exc:
        result.update(error_fields(exc))
        result["limit"] = "output"
    except CPUTimeExceeded as exc:
        result.update(error_fields(exc))
        result["limit"] = "cpu"
    except BaseException as exc:  # noqa: B036 - every exception of the notebook is a cell error
        result.update(error_fields(exc))
    finally:
        leave_if_forked()
        sys.stdout, sys.stderr = saved
        hookmine_ipython.sink = None
    cpu_ms, rss = usage()
    result["duration_ms"] = (time.perf_counter() - started) * 1000.0
    result["cpu_ms"] = cpu_ms
    result["rss_kb"] = rss
    stdout_text, stderr_text = out.text(), err.text()
    if capture:
        # %%capture: the output goes into a CapturedIO object instead of the cell
        captured = hookmine_ipython.CapturedIO(stdout_text, stderr_text, outputs)
        if capture.get("variable"):
            ns[capture["variable"]] = captured
        if capture.get("stdout", True):
            stdout_text, out.total = "", 0
        if capture.get("stderr", True):
            stderr_text, err.total = "", 0
        outputs = []
    result.update({"stdout": stdout_text, "stdout_bytes": out.total, "stderr": stderr_text, "stderr_bytes": err.total, "display": outputs})
    emit(result)
    return result["status"] == "ok", stop


def show(value, ns, outputs):
    """Jupyter's Out[n]: a value that is not None is displayed and becomes `_`."""
    import hookmine_ipython

    if value is None:
        return
    ns["__"] = ns.get("_")
    ns["_"] = value
    outputs.append({"kind": "result", "text": hookmine_ipython.plain_text(value), "mimes": hookmine_ipython._mimes(value)})


def error_fields(exc):
    return {"status": "error", "ename": type(exc).__name__, "evalue": str(exc), "traceback": format_traceback(exc), **error_details(exc)}


def error_details(exc):
    """What the failure classifier needs: the missing module or file, the syntax error's line."""
    details = {}
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        details["module"] = exc.name
    if isinstance(exc, FileNotFoundError) and exc.filename:
        details["filename"] = str(exc.filename)
    if isinstance(exc, SyntaxError):
        details["lineno"] = exc.lineno
        details["text"] = (exc.text or "").strip()
    return details


def on_sigxcpu(signum, frame):
    raise CPUTimeExceeded("CPU time limit reached")


def main():
    with open(sys.argv[1], encoding="utf-8") as fh:
        job = json.load(fh)
    events = open(job["eventsPath"], "w", encoding="utf-8", buffering=1)

    def emit(record):
        leave_if_forked()
        events.write(json.dumps(record, default=str) + "\n")
        events.flush()

    signal.signal(signal.SIGXCPU, on_sigxcpu)
    import importlib.util

    import hookmine_ipython

    hookmine_ipython.REAL_IPYTHON = importlib.util.find_spec("IPython") is not None
    # After the real packages: an installed IPython wins over the stand-in.
    sys.path.append(os.path.join(os.path.dirname(RUNNER_FILE), "shims"))
    # As in a Jupyter kernel, display() and get_ipython() are builtins. Libraries read them too:
    # pandas shows 20 columns of a wide DataFrame (not a terminal-width cut) when a kernel-like
    # get_ipython() exists at import time, as it does on Kaggle.
    builtins.display = hookmine_ipython.display
    builtins.get_ipython = hookmine_ipython.get_ipython
    seed_everything(job.get("seed", 0))
    global FINDER
    if job.get("missingModules", "placeholder") == "placeholder":
        FINDER = MissingModuleFinder(emit, notebook_frame)
        sys.meta_path.append(FINDER)

    ns = {"__name__": "__main__", "__builtins__": builtins, "display": hookmine_ipython.display, "get_ipython": hookmine_ipython.get_ipython}
    hookmine_ipython.user_ns = ns
    budget = Budget(job.get("totalKeepBytes", 4 << 20), job.get("maxOutputBytes", 64 << 20))
    emit({"event": "begin", "pid": os.getpid()})
    completed = True
    for cell in job["cells"]:
        ok, stop = run_cell(cell, ns, job, budget, emit)
        if not ok:
            completed = False
        if not ok or stop:
            break
    cpu_ms, rss = usage()
    shim = sys.modules.get("IPython")
    emit({
        "event": "done",
        "completed": completed,
        "cpu_ms": cpu_ms,
        "peak_rss_kb": rss,
        "ipython_shim_used": bool(getattr(shim, "__hookmine_shim__", False)),
        "versions": {name: getattr(sys.modules[name], "__version__", None) for name in ("numpy", "pandas", "sklearn", "scipy", "matplotlib", "seaborn", "xgboost", "statsmodels") if name in sys.modules and not getattr(sys.modules[name], "__hookmine_missing__", False)},
    })
    events.close()
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SystemExit:
        raise
    except BaseException:
        traceback.print_exc()
        sys.exit(3)
