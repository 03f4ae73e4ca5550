# budget-audit: everything a fresh machine with python3 and make needs.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
KERNEL := budget-audit
PARAMS ?= params/xinxiang-hongqi-zwfw-bureau-2022.yaml
OUT    ?= reports

.PHONY: setup report test pytest test-fast lint lab bench corpus review lock clean

setup: $(STAMP)

# The environment is built from the lock file only (exact versions, hashes checked).
# uv (pinned with hashes in requirements-uv.lock) installs the lock file's wheels in parallel, bytecode compiled: about 25 s
# against pip's 70 s here; the same exact versions and hashes.
$(STAMP): requirements.lock requirements-uv.lock pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes --no-deps -r requirements-uv.lock
	$(BIN)/uv pip install --quiet --compile-bytecode --python $(BIN)/python --require-hashes --no-deps -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	$(BIN)/python -m ipykernel install --sys-prefix --name $(KERNEL) --display-name "budget-audit (Python)" >/dev/null
	touch $(STAMP)

report: setup
	$(BIN)/budget-audit run $(PARAMS) --out $(OUT)

# Tests run in 2 processes (pytest-xdist); --dist loadfile keeps each test file in one process, so the
# notebook runs of tests/suite/test_run.py start their kernels one at a time.
PYTEST := $(BIN)/python -m pytest -q -n 2 --dist loadfile

# lint and the tests side by side (make -j2): the tests keep both cores busy most of the time and
# lint fills the gaps; either failing fails make test.
test: setup
	@$(MAKE) --no-print-directory -j2 lint pytest

pytest: setup
	$(PYTEST)

# The tests not marked slow (no notebook runs, no real-document corpus): a quick loop while editing.
test-fast: setup
	$(BIN)/ruff check src tests
	$(PYTEST) -m "not slow"

# ruff (pyflakes, pycodestyle, bugbear, unused arguments, complexity) and mypy; configured in pyproject.toml.
lint: setup
	$(BIN)/ruff check src tests
	$(BIN)/mypy

lab: setup
	$(BIN)/jupyter lab notebooks/ $(if $(filter 0,$(shell id -u)),--allow-root,)

bench: setup
	$(BIN)/python bench/run_all.py

# Extract + check over the corpus of real documents (CORPUS=folder to use another).
CORPUS ?= data/corpus
corpus: setup
	$(BIN)/python bench/corpus.py $(CORPUS)

# Recall against the independent hand reviews (tests/corpus/reviews): found / missed / traps hit, per document and
# category, compared with bench/recall-baseline.json.
review: setup
	$(BIN)/python bench/recall.py --missed

# Re-resolve requirements.in into requirements.lock (needs the package index).
lock: setup
	( echo "# Locked with: uv pip compile --generate-hashes --python-version 3.11 requirements.in -o requirements.lock (make lock)"; \
	  $(BIN)/uv pip compile --quiet --generate-hashes --python-version 3.11 --no-header requirements.in ) > requirements.lock.new
	mv requirements.lock.new requirements.lock

# Removes the environment and make corpus's output; audit reports are kept unless REPORTS=1.
clean:
	rm -rf $(VENV) out
	@if [ "$(REPORTS)" = "1" ]; then rm -rf reports && echo "removed .venv, out/ and reports/"; \
	 else echo "removed .venv and out/ (reports/ kept: make clean REPORTS=1 removes it too)"; fi
