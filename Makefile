# Two commands do all set-up on a fresh machine (Python 3.11+ is all it needs):
#   make demo   installs discursus and runs it on the sample corpus
#   make test   installs the test extras and runs the suite
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
PIP := $(BIN)/python -m pip install --quiet --disable-pip-version-check -c requirements/lock.txt

.PHONY: demo test install install-test lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

install: $(BIN)/python
	$(PIP) -e .

install-test: $(BIN)/python
	$(PIP) -e '.[test]'

demo: install
	$(BIN)/discursus analyze examples/corpus -o out/ --codebook examples/codebooks/horizons-and-resistance.yaml

lint: install-test
	$(BIN)/ruff check src tests bench
	$(BIN)/ruff format --check src tests bench

test: install-test lint
	$(BIN)/python -m pytest -q

bench: $(BIN)/python
	$(PIP) -e '.[test,bench]'
	$(BIN)/python bench/annotate.py
	$(BIN)/python bench/quality_quotes.py
	$(BIN)/python bench/quality_citations.py
	$(BIN)/python bench/corpus.py

clean:
	rm -rf out .pytest_cache .ruff_cache
