# The two commands a newcomer needs: `make serve` and `make test`.
# Both create .venv on first use and install the project: every Python package at the version and
# hash in requirements.txt (the lock, `make lock`), then the project itself with `pip install -e`.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
LOCK   := requirements.txt
STAMP  := $(VENV)/.installed-$(shell cat pyproject.toml $(LOCK) | cksum | cut -d' ' -f1)

export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
export PYTHONDONTWRITEBYTECODE := 1
# Reproducible builds: dates in the sitemap and generated files come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)

.PHONY: serve test test-fast build offline check bench clean install lint lock

# The whole site as a ZIP that works without internet (see macros/site/offline.py). `make build` makes it
# first and serves it from the site; `mkdocs serve` and a plain `mkdocs build` leave it out.
OFFLINE_ZIP ?= build/impactacademie-offline.zip

install: $(STAMP)

$(STAMP): pyproject.toml $(LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 of nieuwer nodig")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { echo "Kan geen venv maken. Installeer python3-venv (Debian/Ubuntu: apt-get install python3-venv)."; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --require-hashes -r $(LOCK)
	$(BIN)/python -m pip install --quiet --no-deps -e .
	@$(BIN)/python -m pip check >/dev/null || { $(BIN)/python -m pip check; \
	  echo "$(LOCK) past niet bij pyproject.toml: draai make lock"; exit 1; }
	@rm -f $(VENV)/.installed-*
	@touch $@

serve: $(STAMP)
	SITE_URL=$${SITE_URL:-http://127.0.0.1:8000/} $(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

build: offline
	OFFLINE_ZIP=$(OFFLINE_ZIP) $(BIN)/mkdocs build --strict --site-dir site

offline: $(STAMP)
	$(BIN)/python -m macros offline --out $(OFFLINE_ZIP)

check: $(STAMP)
	$(BIN)/python -m macros check

# The tests run in parallel, one pytest-xdist worker per core (at most 4): the workers share one
# build of the site, and tests that share a fixture of their own carry an xdist_group mark (see
# tests/conftest.py). `make test PYTEST_PARALLEL=` runs them in one process.
PYTEST_PARALLEL ?= -n auto --maxprocesses 4 --dist loadgroup

# All tests (CI runs this): `make lint` first, then every test, the browser tests and the
# whole-site scans (LinkChecker, Nu Html Checker; marked `scan`) too.
test: lint
	$(BIN)/python -m pytest $(PYTEST_PARALLEL)

# Everything without a browser and without the whole-site scans: the quick check while working.
test-fast: $(STAMP)
	$(BIN)/python -m pytest $(PYTEST_PARALLEL) -m "not browser and not scan"

bench: $(STAMP)
	$(BIN)/python tests/bench.py

# Ruff (lint and format), mypy (strict on macros/model, macros/load, macros/checks) and ESLint on
# the theme's JavaScript; the settings are in pyproject.toml and eslint.config.mjs. Runs all four
# and fails at the end if one of them failed.
lint: $(STAMP)
	@status=0; \
	$(BIN)/ruff check . || status=1; \
	$(BIN)/ruff format --check . || status=1; \
	$(BIN)/mypy || status=1; \
	$(BIN)/python -m pytest -q -p no:cacheprovider tests/test_lint_js.py || status=1; \
	exit $$status

# Regenerate the lock from pyproject.toml with pip-tools (in its own venv, .cache/pip-tools/):
# the same pins, plus every dependency of a dependency, each with the hashes of its files on PyPI.
# Packages that are already locked keep their version; `make lock LOCK_FLAGS=--upgrade` takes the
# newest that fit. The hashes come from PyPI itself, whatever mirror pip is set up with here.
# The lock is for Python 3.11 (.python-version, CI): pip-compile runs on LOCK_PYTHON.
LOCK_PYTHON ?= python3.11
PIP_TOOLS   := 7.6.2
LOCK_FLAGS  ?=
lock:
	@test -x .cache/pip-tools-$(PIP_TOOLS)/bin/pip-compile || \
	  { $(LOCK_PYTHON) -m venv .cache/pip-tools-$(PIP_TOOLS) && \
	    .cache/pip-tools-$(PIP_TOOLS)/bin/python -m pip install --quiet 'pip-tools==$(PIP_TOOLS)'; }
	env -u PIP_INDEX_URL -u PIP_EXTRA_INDEX_URL -u PIP_FIND_LINKS PIP_CONFIG_FILE=/dev/null \
	  .cache/pip-tools-$(PIP_TOOLS)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	  --extra test --output-file $(LOCK) $(LOCK_FLAGS) pyproject.toml

clean:
	rm -rf site build .cache .pytest_cache
