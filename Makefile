# shuzhi: `make test` and `make demo` work on a fresh machine with only Python 3.11+ and make.
# The environment is built from uv.lock into .venv (uv's default), so .venv/bin/shuzhi works after either.

PYTHON ?= python3
UV_VERSION := 0.13.9
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
export UV_PYTHON_DOWNLOADS := never
VENV_STAMP := .venv/.synced-$(shell cat uv.lock pyproject.toml | cksum | cut -d' ' -f1)

.PHONY: help venv serve test chromium demo train eval bench lint clean fuzz

help: ## list the targets
	@grep -E '^[a-z]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-8s %s\n", $$1, $$2}'

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet "uv==$(UV_VERSION)"

# Bytecode compiled once here (pip's default, not uv's): where PYTHONDONTWRITEBYTECODE is set, as on our CI
# machines, Python never caches it itself and every new process would compile each module it imports from
# source: 1.3 of the 3.3 s of a cold `shuzhi check`. Our own packages too (a stale .pyc is only ignored).
$(VENV_STAMP): uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --compile-bytecode --python $(PYTHON)
	.venv/bin/python -m compileall -q analyzers service corpora >/dev/null
	rm -f .venv/.synced-* && touch $@

venv: $(VENV_STAMP) ## create .venv from the lock file

serve: $(VENV_STAMP) ## start the service on 127.0.0.1:8000 (SQLite under ./data); prints the first login
	.venv/bin/shuzhi serve

test: $(VENV_STAMP) chromium ## run the whole test suite
	.venv/bin/python -m pytest

# The browser tests drive Debian's Chromium (a CJK font makes their screenshots legible). Installed only when
# missing and only as root with apt-get; never fails the build: without it the browser tests skip and say why.
chromium: ## install Debian's chromium for the browser tests, when missing and run as root
	@if [ ! -x /usr/bin/chromium ] && [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
		echo "make: installing Debian's chromium for the browser tests"; \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium fonts-wqy-microhei >/dev/null) || echo "make: chromium could not be installed; the browser tests will skip"; \
	fi

demo: $(VENV_STAMP) ## run `shuzhi check` on the sample reports, each with its notice's profile
	.venv/bin/shuzhi check --profile sztu-2022 corpora/samples/teacher-branch-2022.docx corpora/samples/student-branch-2022.pdf
	.venv/bin/shuzhi check --profile sysu-2020 corpora/samples/retiree-branch-2020.txt

train: $(VENV_STAMP) ## rebuild the models under models/ from corpora/labelled and tests/datapoints (fixed seeds)
	.venv/bin/python -m analyzers.section_model train
	.venv/bin/python -m analyzers.vagueness_model train
	.venv/bin/python -m bench.train_subject_chooser

eval: $(VENV_STAMP) ## measure accuracy (outline, vagueness, data points, reviewer checks); writes bench/eval.json
	.venv/bin/python -m bench.eval_outline
	.venv/bin/python -m bench.eval_vagueness
	.venv/bin/python -m bench.eval_datapoints
	.venv/bin/python -m bench.eval_reviewer

bench: $(VENV_STAMP) ## measure reading, analysis, service speed and load (medians, ratios); writes bench/results.json
	.venv/bin/python -m bench.bench_read
	.venv/bin/python -m bench.bench_similarity
	.venv/bin/python -m bench.bench_analysis
	.venv/bin/python -m bench.bench_end_to_end
	.venv/bin/python -m bench.bench_instructions
	.venv/bin/python -m bench.bench_service
	.venv/bin/python -m bench.bench_load
	.venv/bin/python -m bench.bench_audit
	.venv/bin/python -m bench.bench_resume

# The bounded fuzz run is part of `make test`; this one draws FUZZ_EXAMPLES random inputs per property (about
# 10 ms each), fails an input slower than FUZZ_DEADLINE_MS and leaves new crashers in tests/fuzz/crashers/new-*.
fuzz: $(VENV_STAMP) ## fuzz the readers longer (FUZZ_EXAMPLES=5000 per property, random seeds)
	FUZZ_EXAMPLES=$${FUZZ_EXAMPLES:-5000} FUZZ_DEADLINE_MS=$${FUZZ_DEADLINE_MS:-10000} \
		.venv/bin/python -m pytest -p no:cacheprovider --hypothesis-show-statistics tests/fuzz/test_readers_fuzz.py

lint: $(VENV_STAMP) ## ruff
	.venv/bin/ruff check analyzers service tests bench corpora

clean: ## remove the environment and caches
	rm -rf .venv .tools .pytest_cache .ruff_cache
