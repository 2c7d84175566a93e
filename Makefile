# mesodesk: `make run` serves the demo clinic, `make test` runs the whole suite.
# Both set everything up first and can be run again at any time.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE :=

.PHONY: setup run test lint typecheck pytest bench clean messages fuzz

# Message catalogues: every locale/*.po under src, compiled whenever it is newer than its .mo
# (the .mo files are build output, never committed, so they are never stale).
PO := $(shell find src -path '*/locale/*/LC_MESSAGES/*.po')
MO := $(PO:.po=.mo)

setup: $(STAMP) messages

messages: $(MO)

%.mo: %.po
	@command -v msgfmt >/dev/null || bash scripts/ensure-system-packages.sh
	msgfmt --check-format -o $@ $<

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# Compiled once here: the CLI's start-up is measured against bare Python's.
	$(BIN)/python -m compileall -q src >/dev/null
	touch $(STAMP)

run: setup
	bash scripts/ensure-system-packages.sh
	$(BIN)/mesodesk manage migrate --no-input -v 0
	$(BIN)/mesodesk demo
	$(BIN)/mesodesk manage optimize_database -v 0
	$(BIN)/mesodesk manage collectstatic --no-input -v 0
	@echo
	@echo "mesodesk is starting on http://$(HOST):$(PORT)/ - sign in with any name above."
	@echo "Stop it with Ctrl-C; your data stays in var/."
	# The reminder worker runs beside the web server and stops with it.
	$(BIN)/mesodesk worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/mesodesk serve --host $(HOST) --port $(PORT)

lint: setup
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench
	$(BIN)/lint-imports --no-logo

typecheck: setup
	$(BIN)/mypy

pytest: setup
	bash scripts/ensure-system-packages.sh
	bash scripts/ensure-chromium.sh
	$(BIN)/python -m compileall -q src >/dev/null
	# pytest exits 5 when it collected no test: that is a broken suite, not a pass.
	$(BIN)/python -m pytest || { rc=$$?; [ $$rc -ne 5 ] || echo "pytest collected no tests" >&2; exit $$rc; }

test: lint typecheck pytest

# The long variant of tests/security/test_api_fuzz.py: 200 examples of every API operation
# for each role, boundary values of every field too (many minutes; `make test` runs a few).
fuzz: setup
	MESODESK_FUZZ_EXAMPLES=200 MESODESK_FUZZ_EXAMPLES_OTHER_ROLES=200 MESODESK_FUZZ_COVERAGE=1 $(BIN)/python -m pytest tests/security/test_api_fuzz.py -q

bench: setup
	$(BIN)/python -m compileall -q src >/dev/null
	$(BIN)/python bench/screening.py
	$(BIN)/python bench/cli_startup.py
	BENCH_ANALYZE=1 $(BIN)/python bench/patient_search.py
	$(BIN)/python bench/registry.py

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .mypy_cache .ruff_cache
	find src -name '*.mo' -delete
