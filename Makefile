# The two commands of the README: `make run` and `make test`. The rest serve them and CI.
#
# `run` installs only what serving the marketplace needs (the `marketplace` extra), so a
# newcomer sees the first page quickly; `test` installs the rest (the `dev` extra, the OData
# test server's npm packages) and a second venv with Django 6 on Python 3.12+.
PYTHON ?= python3
HOST ?= 127.0.0.1
PORT ?= 8000
# The Django versions `make test` runs the suite on (`make test DJANGO=5.2` for one).
DJANGO ?= 5.2 6.0

VENV := .venv
PY := $(VENV)/bin/python
VENV_DJ6 := .venv-dj6
PY_DJ6 := $(VENV_DJ6)/bin/python
# Django 6 needs Python 3.12 or newer: pyenv's, else one on PATH (override with PYTHON_DJ6=…).
PYENV_ROOT ?= $(or $(shell pyenv root 2>/dev/null),$(HOME)/.pyenv)
PYTHON_DJ6 ?= $(firstword $(wildcard $(PYENV_ROOT)/versions/3.12*/bin/python \
	$(PYENV_ROOT)/versions/3.13*/bin/python) $(shell command -v python3.12 python3.13 2>/dev/null))
NODE_SERVER := tests/remote/odata_server

RUN_STAMP := $(VENV)/.installed-marketplace
DEV_STAMP := $(VENV)/.installed-dev
DJ6_STAMP := $(VENV_DJ6)/.installed-test
NPM_STAMP := $(NODE_SERVER)/node_modules/.installed

.PHONY: install run test lint type-check docs check benchmark clean

## Everything a contributor needs (both venvs, the npm packages of the OData test server).
install: $(DEV_STAMP) $(NPM_STAMP) $(if $(filter 6.0,$(DJANGO)),$(DJ6_STAMP))

$(VENV)/bin/python:
	$(PYTHON) -m venv $(VENV)

# No byte-compiling at install: the server compiles the few modules it imports.
$(RUN_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet --no-compile -e '.[marketplace]'
	touch $@

$(DEV_STAMP): pyproject.toml | $(VENV)/bin/python
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@ $(RUN_STAMP)

$(DJ6_STAMP): pyproject.toml
	@test -n "$(PYTHON_DJ6)" || { echo "Django 6 needs Python >= 3.12: install one" \
		"(pyenv install 3.12), set PYTHON_DJ6=/path/to/python3.12, or run make test DJANGO=5.2"; \
		exit 1; }
	test -x $(PY_DJ6) || $(PYTHON_DJ6) -m venv $(VENV_DJ6)
	$(PY_DJ6) -m pip install --quiet -e '.[test]' 'Django>=6.0,<6.1'
	touch $@

$(NPM_STAMP): $(NODE_SERVER)/package.json $(NODE_SERVER)/package-lock.json
	@command -v npm >/dev/null || { echo "the OData tests need Node.js and npm" \
		"(apt-get install nodejs npm)"; exit 1; }
	npm install --silent --no-audit --no-fund --prefix $(NODE_SERVER)
	touch $@

## Serve the marketplace with demo data on http://$(HOST):$(PORT) (SQLite).
run: $(RUN_STAMP)
	env -u DATABASE_URL MARKETPLACE_DEBUG=1 $(PY) manage.py migrate --noinput
	env -u DATABASE_URL MARKETPLACE_DEBUG=1 $(PY) manage.py seed_demo
	env -u DATABASE_URL MARKETPLACE_DEBUG=1 $(PY) manage.py runserver $(HOST):$(PORT)

## The whole suite on each Django of $(DJANGO), each on SQLite and (when one answers) PostgreSQL.
test: install
	status=0; \
	$(if $(filter 5.2,$(DJANGO)),bash scripts/test.sh $(PY) dj52 $(ARGS) || status=1;) \
	$(if $(filter 6.0,$(DJANGO)),bash scripts/test.sh $(PY_DJ6) dj60 $(ARGS) || status=1;) \
	exit $$status

## Ruff and the import contract (layers, public names, no cycles).
lint: $(DEV_STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

type-check: $(DEV_STAMP)
	$(VENV)/bin/mypy

## The docs site into site/; warnings are errors.
docs: $(DEV_STAMP)
	NO_MKDOCS_2_WARNING=1 $(VENV)/bin/mkdocs build --strict --site-dir site

check: lint type-check docs test

## Side-by-side benchmarks on PostgreSQL; peers go into their own venv, never into .venv.
BENCH_VENV := .venv-bench
benchmark:
	test -x $(BENCH_VENV)/bin/python || $(PYTHON) -m venv $(BENCH_VENV)
	$(BENCH_VENV)/bin/pip install --quiet -e '.[dev]'
	for req in benchmarks/requirements-*.txt; do $(BENCH_VENV)/bin/pip install --quiet -r $$req; done
	for bench in benchmarks/*_bench.py; do $(BENCH_VENV)/bin/python $$bench || exit 1; done

clean:
	rm -rf $(VENV) $(VENV_DJ6) $(BENCH_VENV) db.sqlite3 staticfiles site .pytest_cache \
		.mypy_cache .ruff_cache $(NODE_SERVER)/node_modules
