# reportpress — set-up, demo, tests, benchmarks.
#   make demo    install what is missing, then build every source/*.md into output/
#   make test    install what is missing (tools the tests use too), then the whole suite
#   make fuzz    a long local fuzzing campaign of the reader and the importer (REPORTPRESS_FUZZ_EXAMPLES
#                examples per property, 20,000 unless set; failures are kept in .hypothesis/ and replayed)
#   make bench   time builds against plain pandoc → weasyprint and Typst; batch speed-up on every core
#   make weasyprint-suite   WeasyPrint's own tests with the justification extension active
# Both are idempotent: they install only what is missing and are quick when nothing is.

SHELL := /bin/bash
.SHELLFLAGS := -eu -o pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := .make

# Debian packages a build needs: Pango for WeasyPrint, HarfBuzz's subsetter (without it writing a PDF
# with CJK fonts is ~47x slower), and the open fonts of the layouts' font stacks (tools/ensure-fandol adds
# the Fandol 仿宋 and 楷 faces, which Debian ships only inside TeX Live; tools/ensure-noto-serif-heavy the
# Noto Serif CJK Black the title stands in with, from fonts-noto-cjk-extra, one file of it).
RUNTIME_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
	fonts-noto-cjk fonts-lxgw-wenkai fonts-arphic-ukai fonts-liberation2
# What the tests use to read outputs back independently: poppler, qpdf, Ghostscript, pandoc, LibreOffice,
# and Apache PDFBox Preflight (with the jars its classpath needs) for PDF/A.
TEST_DEBS := poppler-utils qpdf pandoc libreoffice-writer-nogui default-jre-headless chromium ghostscript \
	libpdfbox2-java libactivation-java libjaxb-api-java

.PHONY: demo test fuzz bench weasyprint-suite lint typecheck setup setup-test debs-runtime debs-test bytecode font-aliases clean

demo: setup
	$(BIN)/reportpress build

test: setup-test
	$(BIN)/ruff check src tests tools
	$(BIN)/mypy
	$(BIN)/pytest

fuzz: setup-test
	HYPOTHESIS_PROFILE=fuzz $(BIN)/pytest -q -p no:cacheprovider tests/fuzz

bench: setup-test
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev,bench]'
	$(BIN)/python tools/bench.py
	$(BIN)/python tools/bench_batch.py

# WeasyPrint 70.0's own test suite, plain and with reportpress's justification extension around every test:
# lists the tests that fail only with the extension (Ghostscript draws the suite's reference images)
weasyprint-suite: setup-test
	@tools/ensure-debs ghostscript
	$(BIN)/python tools/weasyprint-suite

lint: setup
	$(BIN)/ruff check src tests tools

typecheck: setup
	$(BIN)/mypy

setup: debs-runtime $(STAMP)/venv bytecode font-aliases
setup-test: debs-runtime debs-test $(STAMP)/venv bytecode font-aliases

debs-runtime:
	@tools/ensure-debs $(RUNTIME_DEBS)
	@tools/ensure-fandol
	@tools/ensure-noto-serif-heavy

debs-test:
	@tools/ensure-debs $(TEST_DEBS)

$(STAMP)/venv: pyproject.toml
	@mkdir -p $(STAMP)
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	@touch $@

# An editable install leaves src/ uncompiled, as an installed package never is: where PYTHONDONTWRITEBYTECODE
# is set, every command would compile reportpress again (0.3 s a process, a third of a batch's worker server
# start). Only what changed is compiled again.
# The DOCX names GB/T 9704's fonts (仿宋_GB2312 …); where they are missing, fontconfig aliases of the print
# copy's stand-ins let LibreOffice draw the DOCX in the PDF's faces (tools/ensure-font-aliases; README, Fonts)
font-aliases: $(STAMP)/venv
	@tools/ensure-font-aliases $(BIN)/reportpress

bytecode: $(STAMP)/venv
	@$(BIN)/python -m compileall -q src >/dev/null

clean:
	rm -rf $(STAMP) $(VENV) output/*.pdf output/*.docx output/*.json
