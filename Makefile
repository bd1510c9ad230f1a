# planwatch — the two commands: `make demo` and `make test`.
# Both build the environment from the committed lockfile (uv.lock) on a machine
# that has only Python 3.11 and the package managers; `make test` also installs
# Debian's PostgreSQL when missing (the tests run the store on it and on DuckDB),
# Chromium (browser tests) and LibreOffice Writer (the Word report must open in it).
# `make env` installs the CJK font the report charts are drawn with and the
# dashboard's browser assets (ECharts, Swagger UI) from the npm registry, served from /static.

PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo .tools/bin/uv)
VENV := .venv
RUN := $(VENV)/bin
export UV_PYTHON_DOWNLOADS := never
export UV_PYTHON := $(PYTHON)
# Byte-compile what is installed: a command then starts without compiling its imports first
# (which costs seconds where PYTHONDONTWRITEBYTECODE is set, as on the CI machines).
export UV_COMPILE_BYTECODE := 1

.PHONY: demo test lint typecheck pytest env clean bench docs fonts snapshots

VENDOR := src/planwatch/web/static/vendor

env: $(VENV)/.synced $(VENV)/.compiled $(VENDOR)/echarts.min.js $(VENDOR)/swagger-ui/swagger-ui-bundle.js fonts

.tools/bin/uv:
	$(PYTHON) -m venv .tools
	.tools/bin/pip install --quiet --disable-pip-version-check 'uv>=0.5'

$(VENV)/.synced: uv.lock pyproject.toml | $(UV)
	$(UV) sync --frozen --all-groups
	@touch $@

$(VENV)/.compiled: $(VENV)/.synced $(shell find src -name '*.py')
	$(RUN)/python -m compileall -q -j 2 src
	@touch $@

node_modules/.package-lock.json: package.json package-lock.json
	# --ignore-scripts: no package here needs one, and swagger-ui-dist's dependency @scarf/scarf would
	# report the install to its vendor; nothing is sent anywhere.
	npm ci --no-audit --no-fund --ignore-scripts --loglevel=error

$(VENDOR)/echarts.min.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)
	cp node_modules/echarts/dist/echarts.min.js $@

# The API documentation page (/api/docs) runs Swagger UI from these files, never from a CDN.
$(VENDOR)/swagger-ui/swagger-ui-bundle.js: node_modules/.package-lock.json
	mkdir -p $(VENDOR)/swagger-ui
	cp node_modules/swagger-ui-dist/swagger-ui-bundle.js node_modules/swagger-ui-dist/swagger-ui.css \
		node_modules/swagger-ui-dist/LICENSE $(VENDOR)/swagger-ui/

fonts:
	scripts/ensure-debian.sh fonts-noto-cjk

demo: env
	$(RUN)/planwatch demo

lint: env
	$(RUN)/ruff check src tests bench scripts
	$(RUN)/ruff format --check src tests bench scripts

typecheck: env
	$(RUN)/mypy

pytest: env
	scripts/ensure-postgres.sh
	scripts/ensure-debian.sh chromium libreoffice-writer-nogui
	$(RUN)/pytest

test: lint typecheck pytest

bench: env
	$(RUN)/python bench/extract.py
	$(RUN)/python bench/audit.py
	$(RUN)/python bench/corpus.py

snapshots: env
	$(RUN)/pytest --snapshot-update tests/plan/test_snapshots.py tests/report/test_snapshots.py

docs: env
	$(RUN)/python -m planwatch.cli_reference > docs/cli.md

clean:
	rm -rf $(VENV) .tools node_modules $(VENDOR) .pytest_cache .mypy_cache .ruff_cache
