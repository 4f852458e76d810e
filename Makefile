# The README's two commands, `make build` and `make test`, do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SEEDS ?= seeds
OUTPUT ?= output
ARGS ?=
ANERCORP ?= ../shared/data/anercorp/train.txt

.PHONY: build test lint clean update-goldens model tools

# The venv is (re)made when missing or when the dependency list changed.
$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

build: $(STAMP)
	$(PY) -m generator build $(SEEDS) --output $(OUTPUT) $(ARGS)

# Debian tools the tests read PDFs with.
tools:
	@command -v pdftotext >/dev/null && command -v pdffonts >/dev/null && command -v pdftoppm >/dev/null \
	  || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq poppler-utils >/dev/null)

test: $(STAMP) tools
	$(PY) -m ruff check generator tests
	$(PY) -m pytest

lint: $(STAMP)
	$(PY) -m ruff check generator tests

# Rewrite the golden JSON of tests/fixtures/* after a deliberate change; review the diff.
update-goldens: $(STAMP)
	$(PY) -m tests.goldens

# Retrain the shipped entity recognizer from an ANERcorp-format corpus.
model: $(STAMP)
	$(PY) -m generator.train $(ANERCORP) --output generator/models/ner.crfsuite

clean:
	rm -rf $(OUTPUT) .pytest_cache .ruff_cache
