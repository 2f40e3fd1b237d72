# Two entry points for a fresh clone: `make setup` and `make test`.
# Everything Python lives in .venv; the system Python is never touched.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: setup test system-packages

setup: $(VENV)/.installed node_modules/.installed system-packages
	$(BIN)/invoke build

test: $(VENV)/.installed node_modules/.installed
	$(BIN)/invoke test

# Editable: a change to service_voices/ is live at once, without reinstalling.
$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --editable '.[test,dev]'
	touch $@

# npm ci installs exactly what package-lock.json says and never rewrites it.
node_modules/.installed: package.json package-lock.json
	@if command -v npm >/dev/null; then npm ci --silent --no-audit --no-fund && touch $@; \
	else echo "npm not found: HTML, accessibility and email CSS checks will be skipped (install Node.js 20+)"; fi

# WeasyPrint needs Pango and fonts; the browser tests need Chromium and Java.
system-packages:
	@missing="$$(bash .ci/missing-apt-packages)"; \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	else echo "Missing system packages (PDF rendering and browser tests need them): sudo apt-get install $$missing"; fi
