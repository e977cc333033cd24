# cardocr: the words people type. Everything sets itself up on a fresh Debian machine.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
OUT := build/demo.jsonl

.PHONY: demo test lint bench bench-batch bench-serve samples payers system clean pins fuzz

# The exact versions of constraints.txt (pyproject.toml only gives ranges): a new OpenCV or
# Pillow release cannot change results under us.
$(VENV)/.installed: pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e '.[dev]'
	@touch $@

# Update the pins: the newest versions pyproject.toml's ranges allow, written back to
# constraints.txt (its comment header kept). Then run make test and make bench.
pins: $(VENV)/.installed
	$(PY) -m pip install -q --upgrade --upgrade-strategy eager -e '.[dev]'
	{ grep '^#' constraints.txt; $(PY) -m pip freeze --exclude-editable; } > constraints.txt.new
	mv constraints.txt.new constraints.txt
	@touch $(VENV)/.installed

# Debian's tesseract-ocr (for the pytesseract engine), the fonts the generators draw with
# (the grammar suites use URW base35, FreeFont, Roboto, Open Sans, Lato and Carlito too),
# and Chromium for the browser tests (Playwright drives /usr/bin/chromium; no browser download).
system:
	@command -v tesseract >/dev/null && test -d /usr/share/fonts/truetype/liberation2 \
	  && test -d /usr/share/fonts/opentype/urw-base35 && test -d /usr/share/fonts/truetype/freefont \
	  && test -d /usr/share/fonts/truetype/roboto && test -d /usr/share/fonts/truetype/open-sans \
	  && test -d /usr/share/fonts/truetype/lato && test -d /usr/share/fonts/truetype/crosextra \
	  && command -v chromium >/dev/null || { \
	  SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
	  $$SUDO apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq \
	    tesseract-ocr fonts-dejavu-core fonts-liberation2 fonts-urw-base35 fonts-freefont-ttf \
	    fonts-roboto-unhinted fonts-open-sans fonts-lato fonts-crosextra-carlito chromium >/dev/null; }

# A fresh run each time (cardocr batch refuses to overwrite results; --resume continues them),
# then the table and the HTML review queue.
demo: system $(VENV)/.installed
	rm -f $(OUT)
	$(VENV)/bin/cardocr batch samples/cards --out $(OUT)
	$(VENV)/bin/cardocr table $(OUT)
	$(VENV)/bin/cardocr report $(OUT)

test: system $(VENV)/.installed
	OMP_THREAD_LIMIT=1 $(PY) -m pytest -q

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check pipeline samples tests scripts
	$(VENV)/bin/mypy

SUITE ?= foundation
bench: system $(VENV)/.installed
	OMP_THREAD_LIMIT=1 $(PY) -m tests.bench.run_bench --suite $(SUITE)
	$(PY) -m tests.bench.payer_speed

# Batch at scale (issue 4): 1 vs 2 workers, Dask, memory at 1k and 10k cards, kill and
# resume. ~1 hour; smaller: make bench-batch BATCH_ARGS="--cards 200 --skip-10k"
BATCH_ARGS ?=
bench-batch: system $(VENV)/.installed
	OMP_THREAD_LIMIT=1 $(PY) -m tests.bench.batch_bench $(BATCH_ARGS)

# Load test of `cardocr serve` on loopback: latency under load, then 503s under overload.
bench-serve: system $(VENV)/.installed
	OMP_THREAD_LIMIT=1 $(PY) -m tests.bench.load_serve

# The fuzz corpus (tests/fuzz_corpus.py, seeded) through `cardocr extract` subprocesses:
# counts by outcome and the worst peak RSS. ~2000 cases; fewer: make fuzz FUZZ_ARGS="--cases 300"
FUZZ_ARGS ?= --cases 2000
fuzz: system $(VENV)/.installed
	OMP_THREAD_LIMIT=1 $(PY) -m tests.fuzz_run $(FUZZ_ARGS)

# The payer directory pipeline/data/payers.json from ../shared/payers/ and scripts/payers_manual.toml.
payers: $(VENV)/.installed
	$(PY) scripts/build_payers.py

samples: $(VENV)/.installed
	$(PY) -m samples.generator --out samples/cards --count 24 --seed 2032

clean:
	rm -rf build $(VENV) *.egg-info
