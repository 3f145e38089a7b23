# Two commands for a newcomer: `make run` and `make test`. Both set everything up first.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# An install is redone when the files it came from change: requirements.txt for what the app runs on,
# requirements-dev.txt (which includes requirements.txt) for the test and lint tools too.
STAMP     := $(VENV)/.installed-run-$(shell cat requirements.txt | cksum | cut -d' ' -f1)
DEV_STAMP := $(VENV)/.installed-dev-$(shell cat requirements.txt requirements-dev.txt | cksum | cut -d' ' -f1)
PIP       := $(BIN)/pip install --disable-pip-version-check -q

.PHONY: run test install install-dev worker lint messages clean

$(STAMP): requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

# requirements-dev.txt starts with -r requirements.txt, so this install is also the one `make run` needs.
$(DEV_STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(PIP) -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP) $(DEV_STAMP)

## What the app runs on (requirements.txt).
install: $(STAMP)

## That and the test and lint tools (requirements-dev.txt).
install-dev: $(DEV_STAMP)

## Set up, seed the demo festival and serve it at http://127.0.0.1:8000 with a Celery worker.
run: install
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py clean_attachments
	$(BIN)/python manage.py seed_demo
	bash bin/run-dev

## Set up and run the whole test suite (embedded SQLite unless DATABASE_URL / REDIS_URL are set).
test: install-dev
	$(BIN)/python manage.py makemigrations --check --dry-run
	$(BIN)/ruff check .
	$(BIN)/pytest

worker: install
	$(BIN)/celery -A festival worker --loglevel=INFO --concurrency=1

lint: install-dev
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

## Refresh the translation catalogues after changing user-facing text (needs GNU gettext).
messages: install
	$(BIN)/python manage.py makemessages -l zh_Hans -l en --no-obsolete --ignore=.venv --ignore=staticfiles
	$(BIN)/python manage.py makemessages -d djangojs -l zh_Hans -l en --no-obsolete --ignore=.venv --ignore=staticfiles --ignore=static/vendored
	$(BIN)/python manage.py compilemessages --ignore=.venv

clean:
	rm -rf var staticfiles .pytest_cache
