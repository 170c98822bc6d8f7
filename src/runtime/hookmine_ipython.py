"""A stand-in for the parts of IPython that notebooks call, for runs outside a Jupyter kernel.

The notebook-to-script extractor rewrites `!cmd` to `system("cmd")`, `x = !cmd` to
`getoutput("cmd")` and `%%writefile` to `writefile(...)`; the runner puts `display` and
`get_ipython` into the notebook's namespace. Displayed values go to the runner through `sink`,
so they are captured per cell the way Jupyter shows them (text/plain).
"""

import os
import re
import subprocess
import sys

# The runner points this at the current cell's output list; None when no runner is active.
sink = None
# The notebook's namespace (set by the runner), for get_ipython().user_ns and $var expansion.
user_ns = {}
# Whether the interpreter has the real IPython (set by the runner before the shims join sys.path).
REAL_IPYTHON = False


def plain_text(value):
    """The text/plain form Jupyter shows for a value (IPython's pretty printer when installed)."""
    try:
        from IPython.lib.pretty import pretty  # noqa: the real IPython, when the image has it

        if not getattr(sys.modules.get("IPython"), "__hookmine_shim__", False):
            return pretty(value, max_width=79)
    except Exception:
        pass
    if isinstance(value, type):
        # IPython shows a class by its dotted name (numpy.ndarray, int), not <class '...'>
        module = getattr(value, "__module__", None)
        name = getattr(value, "__qualname__", None) or value.__name__
        return name if module in (None, "builtins") else "%s.%s" % (module, name)
    if isinstance(value, (dict, list, tuple, set, frozenset)):
        import pprint

        try:
            return pprint.pformat(value, width=79, sort_dicts=False)
        except Exception:
            pass
    return repr(value)


def _mimes(value):
    mimes = ["text/plain"]
    for attr, mime in (("_repr_html_", "text/html"), ("_repr_png_", "image/png"), ("_repr_markdown_", "text/markdown"), ("_repr_latex_", "text/latex")):
        if hasattr(value, attr):
            mimes.append(mime)
    return mimes


def display(*objs, **kwargs):
    """IPython.display.display: each object becomes one display output of the current cell."""
    for obj in objs:
        if kwargs.get("raw"):
            text = str(obj)
            mimes = ["raw"]
        else:
            text = plain_text(obj)
            mimes = _mimes(obj)
        if sink is not None:
            sink({"kind": "display", "text": text, "mimes": mimes})
        else:
            print(text)


def clear_output(wait=False):
    """Jupyter erases the cell's output; here the next outputs simply follow."""


def _expand(cmd, depth=2):
    frame = sys._getframe(depth)
    names = dict(user_ns)
    names.update(frame.f_globals)
    names.update(frame.f_locals)

    def sub(match):
        name = match.group(1) or match.group(2)
        return str(names[name]) if name in names else match.group(0)

    return re.sub(r"\{(\w+)\}|\$(\w+)", sub, cmd)


def system(cmd):
    """`!cmd`: run it in the sandbox's shell; its output is the cell's output."""
    cmd = _expand(cmd)
    proc = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    text = proc.stdout.decode("utf-8", "replace")
    if text:
        sys.stdout.write(text)
    user_ns["_exit_code"] = proc.returncode


class SList(list):
    """IPython's list of output lines, with its .s/.n/.l views."""

    @property
    def s(self):
        return " ".join(self)

    @property
    def n(self):
        return "\n".join(self)

    @property
    def l(self):  # noqa: E743 - IPython's name
        return list(self)


def getoutput(cmd):
    """`x = !cmd`: the command's output lines."""
    cmd = _expand(cmd)
    proc = subprocess.run(cmd, shell=True, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    return SList(proc.stdout.decode("utf-8", "replace").splitlines())


def writefile(path, text, append=False):
    """`%%writefile path`: the cell's text into a file, with IPython's message."""
    exists = os.path.exists(path)
    with open(path, "a" if append else "w", encoding="utf-8") as fh:
        fh.write(text)
    print(("Appending to %s" if append else "Overwriting %s" if exists else "Writing %s") % path)


class CapturedIO:
    """What `%%capture out` assigns: the cell's stdout, stderr and displays."""

    def __init__(self, stdout="", stderr="", outputs=None):
        self.stdout = stdout
        self.stderr = stderr
        self.outputs = outputs or []

    def show(self):
        sys.stdout.write(self.stdout)
        sys.stderr.write(self.stderr)
        for o in self.outputs:
            if sink is not None:
                sink(o)

    __call__ = show


class _Shell:
    """The object get_ipython() returns: magics that matter become no-ops or their Python form."""

    kernel = None
    config = {}

    @property
    def user_ns(self):
        return user_ns

    def run_line_magic(self, name, line, _stack_depth=1):
        if name in ("time", "prun"):
            return eval(compile(line, "<magic>", "eval"), user_ns) if line.strip() else None
        if name == "env" and "=" in line:
            key, value = line.split("=", 1)
            os.environ[key.strip()] = value.strip()
        if name == "cd" and line.strip():
            os.chdir(line.strip())
        return None

    magic = run_line_magic

    def run_cell_magic(self, name, line, cell):
        if name in ("time", "capture", "prun"):
            exec(compile(cell, "<magic>", "exec"), user_ns)
        elif name in ("writefile", "file"):
            writefile(line.strip(), cell)
        elif name in ("bash", "sh", "script"):
            system(cell)
        return None

    def system(self, cmd):
        return system(cmd)

    def getoutput(self, cmd):
        return getoutput(cmd)

    def run_cell(self, code, *args, **kwargs):
        exec(compile(code, "<run_cell>", "exec"), user_ns)


_shell = _Shell()


def get_ipython():
    return _shell
