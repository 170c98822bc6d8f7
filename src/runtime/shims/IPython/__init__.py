"""hookmine's stand-in for IPython, on sys.path only after the real packages: a notebook that
imports IPython.display where IPython is not installed still runs, and its display() calls are
captured like Jupyter's. The real IPython, when installed, is found first and wins."""

__hookmine_shim__ = True
version_info = (0, 0, 0, "hookmine-shim")
__version__ = "0.0.0+hookmine-shim"

from IPython.display import display  # noqa: E402,F401


def get_ipython():
    """None, as the real IPython answers outside a kernel: libraries that probe for a shell
    (matplotlib, pandas, tqdm) then behave as in a script. The notebook's own get_ipython() is
    hookmine's stand-in shell, put in its namespace by the runner."""
    return None
