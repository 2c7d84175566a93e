# mesodesk: `make run` serves the demo clinic, `make test` runs the whole suite.
# Both set everything up first and can be run again at any time.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE :=

.PHONY: setup run test lint typecheck pytest bench bench-peer clean messages fuzz crash load

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
	# Two processes side by side, one per core: the API fuzz (200 examples of every operation
	# with each role's token, its own test database and var/fuzz) and the rest. Fails if either
	# fails; pytest's exit 5 (collected no test) is a broken suite, not a pass.
	bash scripts/pytest-both.sh

test: lint typecheck pytest

# The long variant of tests/security/test_api_fuzz.py: the same 200 examples of every API
# operation for each role as `make test`, plus schemathesis' coverage phase (boundary values
# of every field).
fuzz: setup
	MESODESK_FUZZ_COVERAGE=1 $(BIN)/python -m pytest tests/security/test_api_fuzz.py -q

# The long variant of tests/security/test_crash_consistency.py: 50 kill -9 cycles of the real
# server under concurrent writes (SQLite; set DATABASE_URL to a PostgreSQL one for PostgreSQL).
CRASH_CYCLES ?= 50
crash: setup
	MESODESK_CRASH_CYCLES=$(CRASH_CYCLES) $(BIN)/python -m pytest tests/security/test_crash_consistency.py -q -s

# The load scenario (bench/load/locustfile.py): LOAD_USERS users (50) for LOAD_TIME (3m) on
# the demo clinic, topped up to LOAD_PATIENTS patients (0: the demo's own), port LOAD_PORT (8106).
load: setup
	bash scripts/ensure-system-packages.sh
	bash bench/load/run.sh

# Every benchmark in bench/, each printing its figures and ratios and writing bench/results/<name>.json
# (docs/performance.md). Long: minutes (pages generates 110,000 patients). Never part of `make test`.
bench: setup
	$(BIN)/python -m compileall -q src >/dev/null
	$(BIN)/python bench/screening.py
	$(BIN)/python bench/cli_startup.py
	$(BIN)/python bench/floors.py
	$(BIN)/python bench/pages.py
	BENCH_ANALYZE=1 $(BIN)/python bench/patient_search.py
	$(BIN)/python bench/recall.py
	$(BIN)/python bench/course_page.py
	# The API, chart-check, registry and peer benchmarks, once they exist (issue 15).
	test ! -f bench/api_reads.py || $(BIN)/python bench/api_reads.py
	$(BIN)/python bench/api_list.py
	# its own database: the demo topped up to 100,000 patients, apart from `make run`'s
	MESODESK_VAR_DIR=$(CURDIR)/var/bench-hot $(BIN)/python bench/hot.py
	test ! -f bench/chart_check.py || $(BIN)/python bench/chart_check.py
	test ! -f bench/registry.py || $(BIN)/python bench/registry.py
	$(MAKE) bench-peer
	$(BIN)/python bench/plot.py

# GNU Health 5 installed beside mesodesk (its own venv, PostgreSQL cluster on 5433 and server),
# then the same operations through each one's API, side by side (docs/performance.md).
bench-peer: setup
	bash scripts/ensure-postgres.sh
	$(BIN)/python bench/peers/gnuhealth.py

clean:
	rm -rf $(VENV) var test-artifacts .pytest_cache .mypy_cache .ruff_cache
	find src -name '*.mo' -delete
