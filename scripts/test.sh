#!/usr/bin/env bash
# The whole test suite: on SQLite always, and on PostgreSQL when DATABASE_URL points at one
# or a server answers on 127.0.0.1:5432. Extra arguments go to pytest. Fails if either run fails.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-.venv/bin/python}
DEFAULT_PG_URL=postgres://postgres@127.0.0.1:5432/test

pg_url=""
case "${DATABASE_URL:-}" in
  postgres://*|postgresql://*) pg_url=$DATABASE_URL ;;
  "") if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then pg_url=$DEFAULT_PG_URL; fi ;;
esac

status=0
echo "== tests on SQLite"
env -u DATABASE_URL "$PY" -m pytest "$@" || status=1

if [ -n "$pg_url" ]; then
  echo "== tests on PostgreSQL ($pg_url)"
  DATABASE_URL=$pg_url "$PY" -m pytest "$@" || status=1
else
  echo "== no PostgreSQL reachable: skipped the PostgreSQL run"
fi
exit $status
