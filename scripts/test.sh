#!/usr/bin/env bash
# usage: scripts/test.sh PYTHON NAME [pytest arguments…]
#
# The whole test suite with one interpreter (one Django): on SQLite always, and on PostgreSQL
# when DATABASE_URL points at one or a server answers on 127.0.0.1:5432. NAME tells the runs
# apart: the PostgreSQL test database is "${MODELSYNC_TEST_DB:-test_modelsync}_NAME", so runs on
# two Django versions (or by two people on one server) never share a database. Fails if either
# run fails, and counts a run that collected no test (pytest's exit 5) as a failure.
set -uo pipefail
cd "$(dirname "$0")/.."
PY=${1:?usage: scripts/test.sh PYTHON NAME [pytest arguments]}
NAME=${2:?usage: scripts/test.sh PYTHON NAME [pytest arguments]}
shift 2
DEFAULT_PG_URL=postgres://postgres@127.0.0.1:5432/test
export MODELSYNC_TEST_DB="${MODELSYNC_TEST_DB:-test_modelsync}_${NAME}"

pg_url=""
case "${DATABASE_URL:-}" in
  postgres://*|postgresql://*) pg_url=$DATABASE_URL ;;
  "") if (exec 3<>/dev/tcp/127.0.0.1/5432) 2>/dev/null; then pg_url=$DEFAULT_PG_URL; fi ;;
esac

django=$("$PY" -c 'import django; print(django.get_version())') || exit 1
status=0

run() {
  local database=$1
  shift
  echo "== tests on Django $django, $database"
  "$@"
  local code=$?
  if [ $code -eq 5 ]; then
    echo "== no test ran on Django $django, $database: that is a failure"
  fi
  [ $code -eq 0 ] || status=1
}

run SQLite env -u DATABASE_URL "$PY" -m pytest "$@"
if [ -n "$pg_url" ]; then
  run "PostgreSQL ($pg_url, test database $MODELSYNC_TEST_DB)" \
    env DATABASE_URL="$pg_url" "$PY" -m pytest "$@"
else
  echo "== no PostgreSQL reachable: skipped the PostgreSQL run on Django $django"
fi
exit $status
