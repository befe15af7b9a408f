# Two commands on a fresh machine: `make run` (install, index the seeds, serve) and `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
export HF_HUB_OFFLINE := 1
export TRANSFORMERS_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install install-dev index run test test-fast test-slow lint bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# torch first, exactly this version: the CPU wheel on this disk (an unpinned torch pulls CUDA).
$(VENV)/.installed: pyproject.toml constraints.txt | $(BIN)/python
	$(BIN)/pip install -q torch==2.13.0
	$(BIN)/pip install -q -c constraints.txt -e '.[app]'
	touch $@

# Browser tests drive Debian's Chromium through Playwright (no browser download).
$(VENV)/.installed-dev: $(VENV)/.installed
	$(BIN)/pip install -q -c constraints.txt -e '.[app,dev]'
	command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# Incremental: rebuilds only what changed in seeds/, and nothing at all when nothing did.
index: install
	$(BIN)/python -m qa index seeds --index index

run: index
	$(BIN)/python app.py

lint: install-dev
	$(BIN)/ruff check qa evals benchmarks tests app.py
	$(BIN)/mypy qa evals

test-fast: install-dev
	$(BIN)/python -m pytest -q

test-slow: install-dev
	$(BIN)/python -m pytest -q -m slow tests

# The seeds gold test split with the real model, at the issues' targets where they are met (accuracy,
# validity, answerable refused, median length, hit@5, cites evidence) and as a regression floor below
# the target where it is not yet (refusal recall 0.90: see README, "Measured"), then the test half of
# the second refusal sample at a floor one question under its measured 0.65.
# Reports land in reports/. The public-benchmark samples run in test-slow (tests/test_public_benchmarks.py).
test-evals: install-dev
	$(BIN)/python -m evals --quiet --split test \
		--fail-under answers.accuracy=0.85 --fail-under citations.validity=1 \
		--fail-above refusal.answerable_refused=0.05 --fail-above answers.median_chars=400 \
		--fail-under retrieval.hybrid.hit@5=0.95 --fail-under citations.cites_evidence=0.90 \
		--fail-under refusal.recall=0.85
	$(BIN)/python -m evals --quiet --split test --dataset evals/gold/seeds-refusal.jsonl \
		--fail-under refusal.recall=0.60

test: lint test-fast test-slow test-evals

bench: install-dev
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) index .pytest_cache .mypy_cache .ruff_cache
