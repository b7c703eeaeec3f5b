# The README's two commands: `make run` and `make test`.
VENV   := .venv
PY     := $(VENV)/bin/python
SEEDS  := seeds
INDEX  := index
HOST   ?= 127.0.0.1
PORT   ?= 5000
# One worker process per core, so one slow request never holds every other; a few threads in each.
WORKERS ?= $(shell nproc 2>/dev/null || echo 2)
THREADS ?= 4
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
SYSTEM_PACKAGES := chromium chromium-driver fonts-noto-cjk

.PHONY: run test test-fast install install-test system-deps index bench

$(PY):
	python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip

$(VENV)/.installed: $(PY) setup.cfg pyproject.toml
	$(PY) -m pip install -q -e .
	touch $@

$(VENV)/.installed-test: $(PY) setup.cfg pyproject.toml
	$(PY) -m pip install -q -e '.[test]'
	touch $@ $(VENV)/.installed

# The benchmark's peers (tantivy) and profiler: never needed to run or test the search engine.
$(VENV)/.installed-bench: $(PY) setup.cfg pyproject.toml
	$(PY) -m pip install -q -e '.[bench]'
	touch $@ $(VENV)/.installed

install: $(VENV)/.installed

install-test: $(VENV)/.installed-test

# Browser tests drive Debian's Chromium; CJK glyphs need the Noto CJK fonts.
system-deps:
	@missing=""; for p in $(SYSTEM_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "installing system packages:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q $$missing; \
	fi

# The index is rebuilt when it is missing or older than any page in seeds/ or than what indexing reads:
# the schema, the alias table and the word lists.
$(INDEX)/current/MANIFEST.json: $(wildcard $(SEEDS)/*) search/schema.py $(wildcard search/data/*) | $(VENV)/.installed
	$(PY) -m search build --seeds $(SEEDS) --index $(INDEX)

index: $(INDEX)/current/MANIFEST.json

run: $(INDEX)/current/MANIFEST.json
	@echo "Serving the archive search at http://$(HOST):$(PORT)/ ($(WORKERS) processes, $(THREADS) threads each)"
	$(VENV)/bin/gunicorn --workers=$(WORKERS) --threads=$(THREADS) --preload --bind=$(HOST):$(PORT) \
	    --access-logfile=- 'web:create_app()'

test: install-test system-deps
	$(PY) -m pytest -q

# The edit-and-check loop: no Chromium, no subprocesses, no writer processes.
test-fast: install-test
	$(PY) -m pytest -q -m "not browser and not slow"

bench: $(VENV)/.installed-bench
	$(PY) bench/run.py --docs 2000
