#!/usr/bin/env bash
# Installs what hookmine needs, idempotently, and returns quickly when everything is present:
#   - npm packages (npm install from the lockfile, when node_modules is missing or older than it)
#   - Debian's Python data stack for running notebooks (/usr/bin/python3 + python3-pandas, ...)
#   - bubblewrap, the default sandbox
#   - redis-server, the job queue's server past one machine (docs/scale.md; the queue tests start one)
#   - Chromium, for the report's rendering test (HOOKMINE_SETUP_CHROMIUM=0 skips it)
# Usage: bash scripts/setup.sh [--check]   (--check only reports what is missing; exit 1 if anything is)
set -euo pipefail
cd "$(dirname "$0")/.."

CHECK_ONLY=0
[ "${1:-}" = "--check" ] && CHECK_ONLY=1

# Debian packages: the notebook runtime (every data-science module Debian packages) and the sandbox.
PY_PACKAGES=(
  python3 python3-pandas python3-numpy python3-scipy python3-sklearn python3-matplotlib python3-seaborn
  python3-statsmodels python3-xgboost python3-plotly python3-patsy python3-joblib python3-tqdm
  python3-openpyxl python3-xlrd python3-tabulate python3-networkx python3-sympy python3-nltk
  python3-bs4 python3-imblearn python3-pydot python3-graphviz python3-wordcloud python3-pil
  # Kaggle's image has these and Debian packages them (audit of the imports common in Kaggle's
  # tabular notebooks, docs/devset.md): DataFrame.style needs jinja2, read_hdf/to_hdf need tables
  python3-jinja2 python3-tables python3-termcolor python3-optuna python3-h5py python3-xlsxwriter
  python3-pydotplus python3-unidecode python3-emoji python3-sklearn-pandas python3-altair python3-folium
)
PY_IMPORTS="pandas, numpy, scipy, sklearn, matplotlib, seaborn, statsmodels, xgboost, plotly, imblearn"
APT_PACKAGES=(bubblewrap redis-server)
if [ "${HOOKMINE_SETUP_CHROMIUM:-1}" != "0" ]; then APT_PACKAGES+=(chromium); fi

say() { printf 'setup: %s\n' "$*" >&2; }

missing_apt=()
if ! /usr/bin/python3 -c "import ${PY_IMPORTS}" >/dev/null 2>&1; then
  missing_apt+=("${PY_PACKAGES[@]}")
elif command -v dpkg-query >/dev/null 2>&1; then
  # the core stack is there: add only the packages not installed yet
  for p in "${PY_PACKAGES[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing_apt+=("$p")
  done
fi
command -v bwrap >/dev/null 2>&1 || missing_apt+=(bubblewrap)
[ -x /usr/bin/redis-server ] || missing_apt+=(redis-server)
if [ "${HOOKMINE_SETUP_CHROMIUM:-1}" != "0" ] && ! command -v chromium >/dev/null 2>&1; then
  missing_apt+=(chromium)
fi

need_npm=0
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  need_npm=1
fi

if [ "$CHECK_ONLY" = 1 ]; then
  status=0
  [ ${#missing_apt[@]} -gt 0 ] && { say "missing Debian packages: ${missing_apt[*]}"; status=1; }
  [ "$need_npm" = 1 ] && { say "npm packages are not installed"; status=1; }
  [ "$status" = 0 ] && say "everything is installed"
  exit "$status"
fi

if [ ${#missing_apt[@]} -gt 0 ]; then
  SUDO=""
  if [ "$(id -u)" != 0 ]; then
    if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
      say "need root to install: ${missing_apt[*]} (run as root or install sudo)"; exit 1
    fi
  fi
  if ! command -v apt-get >/dev/null 2>&1; then
    say "apt-get not found: install these by hand: ${missing_apt[*]}"; exit 1
  fi
  say "installing Debian packages: ${missing_apt[*]}"
  $SUDO apt-get update -qq
  # Packages a release lacks are skipped one by one rather than failing the whole install.
  if ! DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing_apt[@]}" >/dev/null; then
    for p in "${missing_apt[@]}"; do
      DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "$p" >/dev/null 2>&1 || say "could not install $p"
    done
  fi
  /usr/bin/python3 -c "import pandas, sklearn" || { say "/usr/bin/python3 still lacks pandas/sklearn"; exit 1; }
  command -v bwrap >/dev/null 2>&1 || { say "bubblewrap is still missing"; exit 1; }
fi

if [ "$need_npm" = 1 ]; then
  say "installing npm packages"
  # `npm ci` refuses lockfiles that list only this platform's optional DuckDB bindings (npm 11), so
  # install from the lockfile without rewriting it.
  npm install --no-save --no-audit --no-fund --loglevel=error
fi
