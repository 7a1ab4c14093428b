# boardpack: `make report` builds this month's board pack; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
LOG := $(VENV)/install.log
PIP := PIP_NO_COLOR=1 $(PY) -m pip install --disable-pip-version-check --no-input

.PHONY: install report test bench fuzz soak corpus fixtures scans clean
SEEDS ?= 500

install: $(STAMP)

# uv (from PyPI) installs in about a seventh of pip's time (docs/benchmarks.md); pip is the
# fallback wherever uv cannot run. Their notices (and the build backend's) go to
# $(VENV)/install.log, shown only if the install fails: a fresh clone's `make report` prints
# its own progress and nothing else.
$(STAMP): pyproject.toml
	@echo "[install] boardpack and what it needs into $(VENV)/ (once)"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@{ $(PIP) uv && $(VENV)/bin/uv pip install --python $(PY) -e '.[dev]'; } >$(LOG) 2>&1 \
		|| { $(PIP) --upgrade pip && $(PIP) -e '.[dev]'; } >>$(LOG) 2>&1 \
		|| { cat $(LOG) >&2; echo "[install] failed: the lines above say why" >&2; exit 1; }
	@touch $(STAMP)

report: install
	@$(PY) -m monthly

test: install
	@$(PY) -m pytest -q

bench: install
	@$(PY) scripts/bench.py

fuzz: install
	@$(PY) scripts/fuzz.py --runs 2000

# Random layouts through real producers (needs chromium, LibreOffice, fonts): make soak SEEDS=500
soak: install
	@$(PY) scripts/soak.py --seeds $(SEEDS) --jobs 2

corpus: install
	@$(PY) scripts/corpus_report.py

# Rebuilds fixtures/ through LibreOffice; needs libreoffice-writer-nogui and libreoffice-calc-nogui.
fixtures: install
	@$(PY) scripts/make_fixtures.py

# Scans of fixtures through pdftoppm, ImageMagick and tesseract: the committed set into
# fixtures/scans/, every setting into build/scans/ with its accuracy table in docs/scans.md.
scans: install
	@$(PY) scripts/make_scans.py
	@$(PY) scripts/make_scans.py --matrix
	@$(PY) scripts/scan_accuracy.py build/scans --write docs/scans.md

clean:
	rm -rf $(VENV) out data build *.egg-info
