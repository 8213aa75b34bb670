# Candor: two commands on a fresh machine.
#   make run    creates .venv, installs, migrates, loads the catalog, serves on HOST:PORT
#   make test   installs what the tests need and runs the whole suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=
NPM ?= npm

.PHONY: run test worker install install-dev checkers migrate catalog messages static backup restore bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@ $(VENV)/.runtime

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

# Outside checkers the suite runs (the Nu HTML Checker, Spectral), pinned in package-lock.json.
# No install scripts: vnu-jar's would fetch a Java of its own (Debian's is used) and a
# dependency's would report the install to its author.
node_modules/.installed: package.json package-lock.json
	$(NPM) ci --ignore-scripts --no-audit --no-fund
	touch $@

checkers: node_modules/.installed

messages: install
	$(BIN)/python manage.py compile_translations

migrate: install
	$(BIN)/python manage.py migrate --noinput

catalog: migrate
	$(BIN)/python manage.py load_catalog
	$(BIN)/python manage.py build_release

run: catalog messages
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

worker: install
	$(BIN)/celery -A config worker --beat --loglevel=INFO

static: install
	$(BIN)/python manage.py collectstatic --noinput

test: install-dev messages checkers
	$(BIN)/python -m pytest $(PYTEST_ARGS)

backup: install
	$(BIN)/python manage.py backup $(FILE)

restore: migrate
	@test -n "$(FILE)" || (echo "usage: make restore FILE=backups/candor-....json.gz" && exit 2)
	$(BIN)/python manage.py restore $(FILE)

# Benchmark against PostgreSQL with gunicorn and wrk (see docs/benchmarks.md); BENCH_ARGS e.g. --synthetic 10000
bench: install
	$(BIN)/python bench/run.py $(BENCH_ARGS)

clean:
	rm -rf $(VENV) node_modules staticfiles test-artifacts .pytest_cache
