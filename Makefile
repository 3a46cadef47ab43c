# One command to set up and run, one to test. Everything lives in .venv; nothing needs root.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
FLASK  := $(BIN)/flask --app intranet
STAMP  := $(VENV)/.installed
MO     := intranet/translations/en/LC_MESSAGES/messages.mo
# Two processes: the machine has two cores. Each gets its own databases and folders.
PYTEST_ARGS ?= -n 2

.PHONY: run serve test install lint format translations-extract clean bench api-check test-browser css lighthouse

run: install
	$(FLASK) db upgrade
	$(FLASK) demo load --if-empty
	@echo "Mở http://127.0.0.1:5000 trong trình duyệt (Ctrl+C để dừng)."
	@# The background worker (text extraction, search index) runs beside the web server.
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(FLASK) run --host 127.0.0.1 --port 5000

# The production profile: gunicorn with several workers, and the worker as its own process.
serve: install
	$(FLASK) db upgrade
	$(FLASK) worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(BIN)/gunicorn --workers $${WORKERS:-3} --bind $${BIND:-127.0.0.1:8000} 'intranet:create_app()'

test: install
	$(BIN)/pytest $(PYTEST_ARGS)

# End-to-end journeys, screenshots (artifacts/screenshots/) and axe-core checks in Debian's
# Chromium against a real server (tests/browser): one process, in order. Skipped, with the reason,
# where /usr/bin/chromium is missing (apt-get install chromium).
test-browser: install
	$(BIN)/pytest -p no:xdist -m browser tests/browser $(BROWSER_ARGS)

# Property-based check of /api/v1 against its OpenAPI description (schemathesis), as the
# secretariat and as a staff member; INTRANET_API_CHECK_EXAMPLES sets examples per operation.
api-check: install
	$(BIN)/pytest -m apicheck tests/api/test_schemathesis.py $(PYTEST_ARGS)

# The part of Bootstrap the templates use (frontend/): its CSS by Sass, then PurgeCSS against the
# templates, the scripts and the Python; its JavaScript (alert, collapse, dropdown) by esbuild.
# Build time only, with npm; the result is committed, so neither the tests nor CI need npm.
# Run it after using a Bootstrap component or class that no template used before.
CSS_OUT := intranet/static/vendor/bootstrap-5.3.9-subset
SASS    := npx sass --load-path=node_modules --no-source-map --quiet-deps --silence-deprecation=import,global-builtin,color-functions,if-function
css:
	cd frontend && npm ci --no-audit --no-fund
	cd frontend && $(SASS) --style=expanded bootstrap-subset.scss build/bootstrap.css
	cd frontend && npx purgecss -c purgecss.config.cjs --css build/bootstrap.css -o build/purged
	mkdir -p $(CSS_OUT)
	cd frontend && $(SASS) --style=compressed --no-charset build/purged/bootstrap.css ../$(CSS_OUT)/bootstrap.min.css
	cd frontend && npx esbuild bootstrap-subset.js --bundle --minify --format=iife --global-name=bootstrap \
	  --target=es2019 --alias:@popperjs/core=./popper-stand-in.js --legal-comments=none \
	  --banner:js="/*! Bootstrap v5.3.9 (alert, collapse, dropdown) | MIT | The Bootstrap Authors */" \
	  --outfile=../$(CSS_OUT)/bootstrap.min.js
	cp frontend/node_modules/bootstrap/LICENSE $(CSS_OUT)/LICENSE
	cd frontend && $(SASS) --style=compressed node_modules/bootstrap/scss/bootstrap.scss build/full.css
	cd frontend && node classes.cjs build/full.css bootstrap-classes.txt
	@wc -c $(CSS_OUT)/bootstrap.min.css

# Lighthouse (npm registry, installed once into build/; not part of the tests) in Debian's
# Chromium on the ten main pages, mobile and desktop, against gunicorn on a fresh demo instance:
# reports and summary.md in artifacts/lighthouse/.
lighthouse: install
	CHROME_PATH=$${CHROME_PATH:-/usr/bin/chromium} $(BIN)/python bench/lighthouse.py $(LIGHTHOUSE_ARGS)

install: $(STAMP) $(MO)

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $@

$(MO): intranet/translations/en/LC_MESSAGES/messages.po $(STAMP)
	$(BIN)/pybabel compile --use-fuzzy -d intranet/translations -D messages

# Search benchmark (minutes, not part of the tests): writes bench/results.md. Then the page load
# test (gunicorn, 20 clients, 2,000 documents, SQLite and PostgreSQL: INTRANET_TEST_DATABASE_URL,
# default postgresql+psycopg://root@127.0.0.1:5432/test) and the burst of 200 uploads.
BENCH_ARGS ?= --sizes 10000 100000 --backends tantivy whoosh --whoosh-max 10000
bench: install
	$(BIN)/python bench/judged.py
	$(BIN)/python bench/search_bench.py $(BENCH_ARGS)
	$(BIN)/python bench/page_load.py $(PAGE_LOAD_ARGS)
	$(BIN)/python bench/upload_burst.py $(BURST_ARGS)
	@# Requests/s with one app host and with three (network namespaces: root; else it says why).
	$(BIN)/python bench/multi_host.py $(MULTI_HOST_ARGS)

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: install
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# After changing text in the code or templates: extract, then translate the new entries in the .po.
translations-extract: install
	$(BIN)/pybabel extract -F babel.cfg -k _l -o intranet/translations/messages.pot .
	$(BIN)/pybabel update -i intranet/translations/messages.pot -d intranet/translations -D messages

clean:
	rm -rf $(VENV) .pytest_cache
