"""A real Celery worker process on the configured broker (file system by default, Redis in CI).

The worker runs in its own process against the test database, on a queue of its own so that no other
worker on the machine (a `make run` left open) takes the test's jobs. Shared by the integration tests and
the browser tests (where pytest-django's live server asks for the export and the worker builds it).

The worker sees the test database because it is handed the test connection's settings: on SQLite the test
database is a file (``festival.settings`` names one per test run), on PostgreSQL it is ``test_<name>``.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.db import connection

from festival.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[1]


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        if s["NAME"] == ":memory:" or "mode=memory" in str(s["NAME"]):
            raise RuntimeError("a worker process cannot see an in-memory SQLite test database")
        return f"sqlite:///{s['NAME']}"
    if connection.vendor == "postgresql":
        auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
        return f"postgres://{auth}@{s['HOST'] or 'localhost'}:{s['PORT'] or 5432}/{s['NAME']}"
    raise RuntimeError(f"no worker support for {connection.vendor}")


@pytest.fixture
def celery_queue():
    """A queue of this test's own: tasks sent during the test go there, and only this test's worker reads it.

    Messages wait on the broker until a worker starts, so a test may ask for an export first and start the
    worker later (to see the export queued).
    """
    queue = f"kejijie-test-{uuid.uuid4().hex[:8]}"
    old_queue = celery_app.conf.task_default_queue
    celery_app.conf.task_default_queue = queue
    yield queue
    celery_app.conf.task_default_queue = old_queue


@pytest.fixture
def start_celery_worker(transactional_db, settings, tmp_path, celery_queue):
    """start_celery_worker(*args, **env): starts a worker on the test's queue and returns it once it is ready.

    The worker is stopped at the end of the test, before the test database is emptied.
    """
    workers: list[subprocess.Popen] = []
    logs = []

    def start(*extra_args: str, **extra_env: str) -> subprocess.Popen:
        env = {
            **os.environ,
            **extra_env,
            "CELERY_QUEUE": celery_queue,  # what the worker (or its beat) sends goes to the test's queue too
            "DATABASE_URL": _database_url(),
            "PRIVATE_ROOT": settings.STORAGES["private"]["OPTIONS"]["location"],
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # set while a browser runs; the worker is synchronous
        log_path = tmp_path / f"worker-{len(workers) + 1}.log"
        log = open(log_path, "w+")
        logs.append(log)
        worker = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "celery",
                "-A",
                "festival",
                "worker",
                "-Q",
                celery_queue,
                "--pool=solo",
                "--loglevel=INFO",
                "--without-heartbeat",
                "--without-gossip",
                "--without-mingle",
                *extra_args,
            ],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        worker.log_path = log_path  # for a test's failure message
        workers.append(worker)
        deadline = time.monotonic() + 60
        while "ready." not in log_path.read_text():
            if worker.poll() is not None or time.monotonic() > deadline:
                pytest.fail("Celery worker did not start:\n" + log_path.read_text()[-3000:])
            time.sleep(0.2)
        return worker

    yield start
    for worker in workers:
        worker.terminate()
    for worker in workers:
        try:
            worker.wait(timeout=20)
        except subprocess.TimeoutExpired:
            worker.kill()
            worker.wait()
    for log in logs:
        log.close()


@pytest.fixture
def celery_worker_process(start_celery_worker):
    """A worker already running when the test starts."""
    return start_celery_worker()


def wait_for(predicate, timeout: float = 60, interval: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise AssertionError(f"still waiting after {timeout} s")
