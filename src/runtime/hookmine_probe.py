"""Describe the interpreter a sandbox runs: version, platform and the versions of the libraries
notebooks use (read from package metadata, nothing is imported). Prints one JSON object."""

import json
import platform
import sys

LIBRARIES = [
    "numpy", "pandas", "scikit-learn", "scipy", "matplotlib", "seaborn", "statsmodels", "xgboost",
    "lightgbm", "catboost", "tensorflow", "torch", "plotly", "imbalanced-learn", "ipython", "tqdm",
]


def version_of(name):
    try:
        from importlib.metadata import version

        return version(name)
    except Exception:
        return None


print(json.dumps({
    "python": platform.python_version(),
    "implementation": platform.python_implementation(),
    "executable": sys.executable,
    "prefix": sys.prefix,
    "base_prefix": sys.base_prefix,
    "platform": platform.platform(),
    "libraries": {name: version_of(name) for name in LIBRARIES},
}))
