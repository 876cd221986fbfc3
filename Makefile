# `make run` and `make test` work on a fresh machine: they create .venv and install the project when missing.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: system-deps run test test-fast lint fuzz bench bench-setup bench-latency bench-scaling bench-segment bench-romanize bench-noise bench-align setup clean

$(STAMP): pyproject.toml setup.py mlkit/segment/_scan.c mlkit/romanize/_line.c
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet --config-settings editable_mode=compat -e '.[all,test,examples]'
	touch $(STAMP)

setup: $(STAMP)

# Debian packages some tests need (a browser, tesseract): .ci/apt-packages.txt, installed as root.
system-deps:
	bash .ci/system-deps

run: $(STAMP)
	$(BIN)/python -m mlkit.demo seeds

lint: $(STAMP)
	$(BIN)/ruff check mlkit tests bench tools conftest.py

# The whole suite with the doctests of mlkit's modules; test-fast leaves out the tests marked slow.
test: lint
	$(BIN)/python -m pytest

test-fast: lint
	$(BIN)/python -m pytest -m "not slow"

# The fuzz suites with 50 times the examples `make test` gives them (tests/fuzzing.py).
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz $(BIN)/python -m pytest -q -p no:cacheprovider tests/test_fuzz_reader.py tests/test_fuzz_stages.py

# Benchmarks read ../shared/data and run the peer tools side by side with mlkit.
bench-setup: $(STAMP)
	$(BIN)/python -m pip install --quiet --config-settings editable_mode=compat -e '.[all,test,bench]'

bench-segment: bench-setup
	$(BIN)/python bench/segment.py

bench-romanize: bench-setup
	$(BIN)/python bench/romanize.py

bench-noise: bench-setup
	$(BIN)/python bench/noise.py

bench-align: bench-setup
	$(BIN)/python bench/align.py

bench-latency: $(STAMP)
	$(BIN)/python bench/latency.py --fresh

# Time and peak memory per command and input shape at growing sizes (MB): `make bench-scaling SIZES=1,10,100`.
SIZES ?= 1,10
bench-scaling: $(STAMP)
	$(BIN)/python bench/scaling.py --sizes $(SIZES)

bench: bench-latency bench-segment bench-romanize bench-noise bench-align

clean:
	rm -rf $(VENV) build *.egg-info
