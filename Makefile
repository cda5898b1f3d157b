# The two commands: `make run` (the whole local stack) and `make test`.
# Both create .venv when missing and install the project with its dev extras.

PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed-stamp

.PHONY: run test lint format install lock browser bench-wechat bench-nlu bench-booking bench-broadcast bench-payments bench-faults clean

LOCK   := requirements.lock

# Every dependency, direct and transitive, comes from the lock (exact versions and
# hashes); the project itself is then installed on top without resolving anything.
$(STAMP): pyproject.toml $(LOCK)
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --require-hashes --no-deps -r $(LOCK)
	$(PY) -m pip install --quiet --no-deps --no-build-isolation -e .
	$(PY) -m pip check
	@touch $(STAMP)

install: $(STAMP)

# Re-resolve the lock from pyproject.toml (newest versions that fit its ranges).
# Upgrade one package only: make lock UPGRADE="--upgrade-package aiohttp"
lock: install
	$(VENV)/bin/uv pip compile pyproject.toml --extra dev --extra train \
	  --python-version 3.11 --generate-hashes --no-header --quiet $(UPGRADE) -o $(LOCK)
	@rm -f $(STAMP)
	$(MAKE) install

# Debian's Chromium drives the chat-simulator browser test (playwright cannot download
# its own browser here). Installed when missing and we may use apt; otherwise that one
# test is skipped with a reason.
browser:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    echo "installing Debian chromium for the browser test"; \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium fonts-wqy-microhei >/dev/null) \
	      || echo "chromium could not be installed: the browser test will be skipped"; \
	  else echo "chromium not found and not root: the browser test will be skipped"; fi; \
	fi

run: install
	$(VENV)/bin/hospital-bot run

test: install browser lint
	$(PY) -m pytest -q -p no:cacheprovider

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports

format: install
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

bench-wechat: install
	$(PY) bench/wechat/run.py

bench-nlu: install
	$(PY) bench/bench_nlu.py

bench-booking: install
	$(PY) bench/booking/run.py

bench-broadcast: install
	$(PY) -m bench.broadcast.run

bench-payments: install
	$(PY) -m bench.payments.run

bench-faults: install
	$(PY) bench/faults/run.py

clean:
	rm -rf var .pytest_cache
