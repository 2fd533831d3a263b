# Two entry points do all the set-up on a fresh machine: `make serve` and `make test`.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.kizuna-installed

.PHONY: serve test index eval bench lint clean browser-deps

$(STAMP): pyproject.toml constraints.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	# CPU build first: otherwise pip resolves torch to a multi-GB CUDA build.
	$(BIN)/python -m pip install --quiet torch==2.13.0
	# pinned to the versions the README's figures were measured with (constraints.txt)
	$(BIN)/python -m pip install --quiet -c constraints.txt -e '.[dev]'
	touch $(STAMP)

serve: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/kizuna serve

test: $(STAMP) browser-deps
	$(BIN)/ruff check src tests
	HF_HUB_OFFLINE=1 $(BIN)/pytest

# The browser test drives Debian's Chromium (Playwright's own browser download does not work offline).
# Where it cannot be installed the test reports itself skipped with the reason.
browser-deps:
	@command -v chromium >/dev/null 2>&1 || { \
	  echo "installing Debian's chromium for the browser test"; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-noto-cjk) \
	    >/dev/null 2>&1 || echo "chromium could not be installed: the browser test will be skipped"; }

index: $(STAMP)
	$(BIN)/kizuna index

eval: $(STAMP)
	$(BIN)/kizuna eval eval/questions.jsonl

# Build, query, start-up and scale figures in one run (9 min on 2 quiet cores); writes eval/results/bench.md.
bench: $(STAMP)
	HF_HUB_OFFLINE=1 $(BIN)/kizuna bench

clean:
	rm -rf $(VENV) index/CURRENT index/builds
