# The two commands a newcomer needs: `make serve` and `make test`.
# Both create .venv on first use and install the project (with `pip install -e`).

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum pyproject.toml | cut -d' ' -f1)

export NO_MKDOCS_2_WARNING := 1
export DISABLE_MKDOCS_2_WARNING := true
export PYTHONDONTWRITEBYTECODE := 1
# Reproducible builds: dates in the sitemap and generated files come from the last commit.
export SOURCE_DATE_EPOCH ?= $(shell git log -1 --format=%ct 2>/dev/null || echo 1767225600)

.PHONY: serve test build offline check bench clean install

# The whole site as a ZIP that works without internet (see macros/offline.py). `make build` makes it
# first and serves it from the site; `mkdocs serve` and a plain `mkdocs build` leave it out.
OFFLINE_ZIP ?= build/impactacademie-offline.zip

install: $(STAMP)

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else "Python 3.11 of nieuwer nodig")'
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV) || \
	  { echo "Kan geen venv maken. Installeer python3-venv (Debian/Ubuntu: apt-get install python3-venv)."; exit 1; }
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
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

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python tests/bench.py

clean:
	rm -rf site build .cache .pytest_cache
