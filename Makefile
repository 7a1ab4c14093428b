# boardpack: `make report` builds this month's board pack; `make test` runs the tests.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: install report test bench fuzz corpus fixtures clean

install: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install --quiet --disable-pip-version-check --upgrade pip
	@$(PY) -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $(STAMP)

report: install
	@$(PY) -m monthly

test: install
	@$(PY) -m pytest -q

bench: install
	@$(PY) scripts/bench.py

fuzz: install
	@$(PY) scripts/fuzz.py --runs 2000

corpus: install
	@$(PY) scripts/corpus_report.py

# Rebuilds fixtures/ through LibreOffice; needs libreoffice-writer-nogui and libreoffice-calc-nogui.
fixtures: install
	@$(PY) scripts/make_fixtures.py

clean:
	rm -rf $(VENV) out data build *.egg-info
