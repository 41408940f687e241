# The two commands of the README: `make run` and `make test`. The rest serve them and CI.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
NODE_SERVER := tests/remote/odata_server

.PHONY: install run test lint type-check check benchmark clean

install: $(STAMP)

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[postgres,celery,remote,drf,events,dev]'
	if [ -f $(NODE_SERVER)/package.json ] && command -v npm >/dev/null; then \
		npm install --silent --no-audit --no-fund --prefix $(NODE_SERVER); fi
	touch $(STAMP)

## Serve the marketplace with demo data on http://127.0.0.1:8000 (SQLite).
run: install
	env -u DATABASE_URL MARKETPLACE_DEBUG=1 $(PY) manage.py migrate --noinput
	env -u DATABASE_URL MARKETPLACE_DEBUG=1 $(PY) manage.py seed_demo
	env -u DATABASE_URL MARKETPLACE_DEBUG=1 $(PY) manage.py runserver 127.0.0.1:8000

## The whole suite on SQLite, then on PostgreSQL when one is reachable.
test: install
	PYTHON=$(PY) bash scripts/test.sh $(ARGS)

lint: install
	$(VENV)/bin/ruff check .

type-check: install
	$(VENV)/bin/mypy

check: lint type-check test

## Side-by-side benchmarks on PostgreSQL; peers go into their own venv, never into .venv.
BENCH_VENV := .venv-bench
benchmark:
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet -e '.[postgres,celery,remote,drf,events,dev]'
	for req in benchmarks/requirements-*.txt; do $(BENCH_VENV)/bin/pip install --quiet -r $$req; done
	for bench in benchmarks/*_bench.py; do $(BENCH_VENV)/bin/python $$bench || exit 1; done

clean:
	rm -rf $(VENV) .venv-bench db.sqlite3 staticfiles .pytest_cache .mypy_cache .ruff_cache
