# The two set-up commands of README.md: `make demo` and `make test`.
PYTHON ?= python3
PIP := $(PYTHON) -m pip

.PHONY: demo test install install-test system-deps services lint bench assets

# Leaflet (BSD-2-Clause) is inlined into the HTML maps so they work offline. It comes from the
# npm registry's `leaflet` package at install time and is not kept in the repository.
LEAFLET_VERSION := 1.9.3
LEAFLET_DIR := territory/maps/data/leaflet

assets: $(LEAFLET_DIR)/leaflet.js

$(LEAFLET_DIR)/leaflet.js:
	@command -v npm >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q npm; \
	  else echo "npm missing: install Node.js/npm to fetch Leaflet"; exit 1; fi; }
	@tmp=$$(mktemp -d) && (cd $$tmp && npm pack --silent leaflet@$(LEAFLET_VERSION) >/dev/null \
	  && tar xzf leaflet-$(LEAFLET_VERSION).tgz) \
	  && mkdir -p $(LEAFLET_DIR)/images \
	  && cp $$tmp/package/dist/leaflet.css $$tmp/package/dist/leaflet.js $(LEAFLET_DIR)/ \
	  && cp $$tmp/package/dist/images/*.png $(LEAFLET_DIR)/images/ \
	  && cp $$tmp/package/LICENSE $(LEAFLET_DIR)/LICENSE.txt; \
	  status=$$?; rm -rf $$tmp; exit $$status

install: assets
	$(PIP) install -q -e .

demo: install
	salesops demo

# Debian's Chromium for browser rendering (Playwright cannot download its own browser here).
system-deps:
	@if ! command -v chromium >/dev/null 2>&1; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    apt-get update -q && DEBIAN_FRONTEND=noninteractive apt-get install -y -q chromium; \
	  else echo "chromium missing: run 'sudo apt-get install -y chromium'"; exit 1; fi; \
	fi

# PostgreSQL is the production store; start the local cluster if it is down.
services:
	@if command -v pg_isready >/dev/null 2>&1 && ! pg_isready -q -h 127.0.0.1 -p 5432; then \
	  pg_ctlcluster --skip-systemctl-redirect $$(ls /etc/postgresql) main start || true; \
	  for i in 1 2 3 4 5 6 7 8 9 10; do pg_isready -q -h 127.0.0.1 -p 5432 && break; sleep 1; done; \
	fi

install-test: system-deps services assets
	$(PIP) install -q -e '.[test]'

lint:
	ruff check .
	ruff format --check .

test: install-test lint
	$(PYTHON) -m pytest -q

bench:
	$(PIP) install -q -e '.[test,bench]'
	$(PYTHON) -m benchmarks   # lists them; `python -m benchmarks NAME` runs one
