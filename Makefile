# Two commands for a newcomer: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-$(shell cksum requirements.txt | cut -d' ' -f1)

.PHONY: run test install worker lint messages clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --disable-pip-version-check -q -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

install: $(STAMP)

## Set up, seed the demo festival and serve it at http://127.0.0.1:8000 with a Celery worker.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py seed_demo
	bash bin/run-dev

## Set up and run the whole test suite (embedded SQLite unless DATABASE_URL / REDIS_URL are set).
test: install
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/pytest

worker: install
	$(BIN)/celery -A festival worker --loglevel=INFO --concurrency=1

lint: install
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Refresh the translation catalogues after changing user-facing text (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans -l en --no-obsolete --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py makemessages -d djangojs -l zh_Hans -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=static/vendored
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf var staticfiles .pytest_cache
