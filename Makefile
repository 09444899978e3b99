# Two commands on a fresh machine: `make run` (serve the forum) and `make test` (run the suite).
# Each creates the virtualenv and installs the pinned dependencies itself.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
export FLASK_APP := forum:create_app

.PHONY: run test demo migrate lint audit clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.app-installed: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.test-installed: requirements.txt requirements-test.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements-test.txt
	touch $(VENV)/.app-installed $@

migrate: $(VENV)/.app-installed
	$(BIN)/flask db upgrade

run: migrate  ## serve the forum at http://127.0.0.1:5000 (SQLite in instance/)
	$(BIN)/python wsgi.py

demo: migrate  ## fill an empty database with demo groups, members and threads
	$(BIN)/flask seed-demo

test: $(VENV)/.test-installed  ## the whole suite; set DATABASE_URL to run it on PostgreSQL
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(VENV)/.test-installed
	$(BIN)/ruff check forum tests bench tools wsgi.py

audit: $(VENV)/.test-installed  ## known vulnerabilities in the pinned requirements (pip-audit; see tools/audit.py)
	$(BIN)/python -m tools.audit requirements.txt

clean:
	rm -rf $(VENV) .pytest_cache
