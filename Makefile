# newsgraph: `make demo` then `make test`. Everything runs from the project's own .venv.
PYTHON ?= python3
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
DB     ?= newsgraph.db
SHARED ?= ../shared
HOST   ?= 127.0.0.1
PORT   ?= 8000

.PHONY: all venv demo serve test eval bench clean distclean

all: demo

$(VENV)/.installed: pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(PIP) install -q --upgrade pip
	$(PIP) install -q --require-hashes --no-deps -r requirements.lock
	$(PIP) install -q -e '.[dev,build,spark,plot,parquet]'
	touch $@

venv: $(VENV)/.installed

demo: venv
	rm -f $(DB) $(DB)-wal $(DB)-shm
	$(VENV)/bin/newsgraph ingest examples/corpus --db $(DB)
	$(VENV)/bin/newsgraph stats --db $(DB)
	@echo
	@echo "Stored in $(DB). Try next:"
	@echo "  $(VENV)/bin/newsgraph docs --db $(DB)"
	@echo "  $(VENV)/bin/newsgraph search 'summit' --db $(DB)"
	@echo "  $(VENV)/bin/newsgraph actors --db $(DB)"
	@echo "  $(VENV)/bin/newsgraph quotes --db $(DB)"
	@echo "  $(VENV)/bin/newsgraph events --actor 'Xi Jinping' --db $(DB)"
	@echo "  $(VENV)/bin/newsgraph timeline --pair Australia China --db $(DB)"
	@echo "  $(VENV)/bin/newsgraph brief Iran --db $(DB)   # writes brief-iran.md and brief-iran.html"
	@echo "  $(VENV)/bin/newsgraph extract examples/corpus/ --pretty | less"
	@echo "  sqlite3 $(DB) '.tables'"
	@echo
	@echo "The page and the JSON API over it (make serve runs this):"
	@echo "  $(VENV)/bin/newsgraph serve --db $(DB) --host $(HOST) --port $(PORT)"
	@echo "  then open http://$(HOST):$(PORT)/  (API docs: http://$(HOST):$(PORT)/api/docs)"

serve: venv
	$(VENV)/bin/newsgraph serve --db $(DB) --host $(HOST) --port $(PORT)

test: venv
	$(PY) -m pytest -p no:cacheprovider

eval: venv
	$(PY) -m eval --shared $(SHARED)

bench: venv
	$(PY) -m bench --shared $(SHARED)

clean:
	rm -rf build *.egg-info src/*.egg-info .pytest_cache $(DB) $(DB)-wal $(DB)-shm

distclean: clean
	rm -rf $(VENV)
