# The README's two commands, `make build` and `make test`, do all the set-up on a fresh machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
SEEDS ?= seeds
OUTPUT ?= output
ARGS ?=
ANERCORP ?= ../shared/data/anercorp/train.txt

.PHONY: build test lint clean update-goldens model speaker-model tools speedups bench derive digest serve webfonts

# axe-core (accessibility rules) from the npm registry, for the page tests to inject; kept in
# a git-ignored folder.
AXE_VERSION := 4.14.1
AXE := test-tools/node_modules/axe-core/axe.min.js

# The venv is (re)made when missing or when the dependency list changed.
$(STAMP): pyproject.toml constraints.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[dev]'
	touch $(STAMP)

build: $(STAMP) speedups
	$(PY) -m generator build $(SEEDS) --output $(OUTPUT) $(ARGS)

# Debian packages, installed when missing (apt-get update first):
# - libharfbuzz-subset0: WeasyPrint subsets fonts with it instead of fontTools, PDFs twice as
#   fast (the build works without it);
# - poppler-utils: pdftotext, pdffonts, pdftoppm for the PDF tests;
# - chromium: the browser the page tests drive with Playwright (never a downloaded one).
define apt_install
	@if ! { $(1); } >/dev/null 2>&1; then \
	  if command -v apt-get >/dev/null && [ "$$(id -u)" = 0 ]; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(2) >/dev/null); \
	  else echo "note: Debian package $(2) is missing (apt-get install $(2))"; fi; \
	fi
endef

speedups:
	$(call apt_install,ldconfig -p | grep -q libharfbuzz-subset,libharfbuzz-subset0)

tools: speedups $(AXE)
	$(call apt_install,command -v pdftotext && command -v pdffonts && command -v pdftoppm,poppler-utils)
	$(call apt_install,command -v chromium,chromium)

$(AXE):
	$(call apt_install,command -v npm,npm)
	mkdir -p test-tools
	npm install --silent --no-audit --no-fund --prefix test-tools axe-core@$(AXE_VERSION)

test: $(STAMP) tools
	$(PY) -m ruff check generator tests benchmarks
	$(PY) -m pytest

# One PDF of all briefings (IDS=a,b for some), with its own cover and contents.
IDS ?=
digest: $(STAMP) speedups
	$(PY) -m generator digest $(SEEDS) --output digest.pdf $(if $(IDS),--ids $(IDS))

# Build, serve output/ on localhost and rebuild when a seed or template changes.
PORT ?= 8000
serve: $(STAMP) speedups
	$(PY) -m generator serve $(SEEDS) --output $(OUTPUT) --port $(PORT) $(ARGS)

lint: $(STAMP)
	$(PY) -m ruff check generator tests benchmarks

# Rewrite the golden JSON of tests/fixtures/* after a deliberate change; review the diff.
update-goldens: $(STAMP)
	$(PY) -m tests.goldens

# Retrain the shipped entity recognizer (a BiLSTM-CRF, with torch; about 3 minutes of CPU)
# on ANERcorp, the news gold's train part (never dev) and word vectors of unlabeled news;
# GAZETTEERS rebuilds the derived name list (generator/data/derived/gazetteer.tsv) first.
GAZETTEERS ?= ../shared/data/gazetteers
GOLD ?= ../shared/data/gold
UNLABELED ?= ../shared/data/corpus/unlabeled/ant-news.txt.gz
model: $(STAMP)
	$(PY) -m pip install --quiet --disable-pip-version-check -c constraints.txt -e '.[train]'
	nice -n 10 $(PY) -m generator.train $(ANERCORP) --gazetteers $(GAZETTEERS) \
	  --gold $(GOLD)/train.jsonl $(GOLD)/train.json --unlabeled $(UNLABELED) \
	  --output generator/models/ner.npz
	$(MAKE) speaker-model

# Retrain the speaker ranker on the annotated training articles (never dev), through the
# pipeline itself: its candidates come from the recognizer just trained.
speaker-model: $(STAMP)
	$(PY) -m generator.train_speakers $(GOLD)/train.jsonl $(GOLD)/train.json --output generator/models/speakers.json

# Rewrite the WOFF2 subsets the site serves (generator/webfonts/), after a font package or
# the subset's code points changed; a build subsets (and caches) any font not shipped.
webfonts: $(STAMP)
	$(PY) -m generator.assets

# Re-derive the future-verb list (generator/data/derived/future_verbs.txt) from unlabeled news.
derive: $(STAMP)
	$(PY) -m generator.derive $(UNLABELED)

# Benchmarks (not tests): 1,000 real articles cold, no-op and one-change rebuilds, MkDocs.
CORPUS ?= ../shared/data/corpus/ant1000
BENCH_ARGS ?=
bench: $(STAMP)
	$(PY) benchmarks/bench.py $(CORPUS) $(BENCH_ARGS)

clean:
	rm -rf $(OUTPUT) .cache .pytest_cache .ruff_cache test-artifacts test-tools digest.pdf
