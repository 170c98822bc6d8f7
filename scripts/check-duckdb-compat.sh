#!/usr/bin/env bash
# Opens a hookmine corpus with another DuckDB client of the same major version, to show the file
# is plain DuckDB: @duckdb/node-api 1.4 (DuckDB 1.4.5, an older engine than hookmine's 1.5),
# installed into a temporary folder, never into the project.
# Usage: bash scripts/check-duckdb-compat.sh <corpus.duckdb>
set -euo pipefail
corpus="$(realpath "${1:?usage: check-duckdb-compat.sh <corpus.duckdb>}")"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
cd "$work"
npm init -y >/dev/null 2>&1
npm install --no-audit --no-fund --loglevel=error @duckdb/node-api@1.4.5-r.1 >/dev/null 2>&1

cat > node14.mjs <<'EOF'
import { DuckDBInstance } from '@duckdb/node-api';
const db = await DuckDBInstance.create(process.argv[2], { access_mode: 'READ_ONLY' });
const c = await db.connect();
const v = (await c.runAndReadAll('select version() as v')).getRowObjectsJS()[0].v;
const rows = (await c.runAndReadAll('select competition, count(*)::INT as n from notebooks group by 1 order by 1')).getRowObjectsJS();
const funnel = (await c.runAndReadAll('select count(*)::INT as n from v_funnel')).getRowObjectsJS()[0].n;
console.log(`@duckdb/node-api 1.4 (DuckDB ${v}): ${rows.map((r) => `${r.competition}=${r.n}`).join(' ')}; v_funnel rows: ${funnel}`);
EOF
node node14.mjs "$corpus"

