# Sourced by the e2e scripts (set E2E_NAME first): moves to the project root, finds the shared
# notebooks and their data (HOOKMINE_SHARED, default ../shared), stops with exit 2 when a folder is
# missing (E2E_DATA_ONLY=1: only the data is needed), and builds the CLI when it is not built yet.
cd "$(dirname "${BASH_SOURCE[0]}")/.."
SHARED="${HOOKMINE_SHARED:-$(cd .. && pwd)/shared}"
NOTEBOOKS="$SHARED/kaggle-notebooks"
DATA="$SHARED/kaggle-data"
[ -d "$DATA" ] || { echo "$E2E_NAME: $DATA not found (set HOOKMINE_SHARED)" >&2; exit 2; }
[ "${E2E_DATA_ONLY:-0}" = 1 ] || [ -d "$NOTEBOOKS" ] || { echo "$E2E_NAME: $NOTEBOOKS not found (set HOOKMINE_SHARED)" >&2; exit 2; }
[ -f dist/src/cli/main.js ] || npm run build --silent

# The e2e corpus: sets DIR (E2E_DIR, else a new temp folder tagged $1) and DB ($DIR/$2), starts the
# corpus afresh unless $3 is 1 and it exists (e2e:repair's E2E_REUSE), and defines `hookmine` on it.
e2e_corpus() {
  DIR="${E2E_DIR:-$(mktemp -d -t "hookmine-$1-XXXXXX")}"
  mkdir -p "$DIR"
  DB="$DIR/$2"
  [ "${3:-0}" = 1 ] && [ -f "$DB" ] || rm -f "$DB" "$DB.wal"
  hookmine() { node bin/hookmine.js --db "$DB" "$@"; }
}
