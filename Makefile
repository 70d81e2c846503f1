PY ?= python3
VENV := .venv
BIN := $(VENV)/bin
DEV_ENV := DEBUG=true
PORT ?= 8000

.PHONY: help install demo run serve test test-fast test-e2e lint format messages screens clean

help:
	@echo "make demo       venv + SQLite + demo data, prints the logins, serves on http://127.0.0.1:8000"
	@echo "                with the background worker beside it (PORT=8101 serves elsewhere; Ctrl-C stops both)"
	@echo "make run        the same without wiping the data (restart after Ctrl-C)"
	@echo "make test       the whole test suite: two processes, then the browser tests (TEST_WORKERS=0: one)"
	@echo "make test-fast  the suite without browser tests"
	@echo "make lint       ruff check + format check + import contracts (pyproject.toml)"
	@echo "make screens    run the browser journeys and save their key screens in docs/screens/"

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt requirements-dev.txt | $(BIN)/python
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

install: $(VENV)/.installed

demo: install
	rm -f db.sqlite3 db.sqlite3-wal db.sqlite3-shm
	$(DEV_ENV) $(BIN)/python manage.py migrate --verbosity 0
	$(DEV_ENV) $(BIN)/python manage.py demo
	@$(MAKE) --no-print-directory serve

run: install
	$(DEV_ENV) $(BIN)/python manage.py migrate --verbosity 0
	@$(MAKE) --no-print-directory serve

# The web server and the background worker together; Ctrl-C (or either one ending) stops both.
serve:
	@bash -c 'trap "kill 0" EXIT; \
	  $(DEV_ENV) $(BIN)/python manage.py db_worker & \
	  $(DEV_ENV) $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)'

# The suite without the browser tests in TEST_WORKERS processes (pytest-xdist; each its own test
# database), then the browser tests in one process: two browsers and two servers on a two-core
# machine made a logout's timing flaky. worksteal: each worker starts on its half of the suite in
# order (a module's fixtures are built once) and takes over tests from the other when it runs
# out. TEST_WORKERS=0: everything in one process.
TEST_WORKERS ?= 2
XDIST = $(if $(filter 0,$(TEST_WORKERS)),,-n $(TEST_WORKERS) --dist worksteal)

test: install
	$(BIN)/pytest $(XDIST) -m "not e2e"
	$(BIN)/pytest -m e2e

test-fast: install
	$(BIN)/pytest $(XDIST) -m "not e2e"

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

messages: install
	$(DEV_ENV) $(BIN)/python manage.py makemessages -l nl -l en --ignore=.venv --ignore=static \
		--ignore=tests --ignore=bench --no-obsolete --add-location=file
	$(DEV_ENV) $(BIN)/python manage.py compilemessages --ignore=.venv

# The journeys (tests/e2e/test_journey_*.py) save phone and desktop screenshots when SCREENS_DIR is set.
screens: install
	rm -f docs/screens/*.png
	SCREENS_DIR=docs/screens $(BIN)/pytest -q tests/e2e -k journey

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
