"""A real Celery worker process on the configured broker (file system by default, Redis in CI).

The fixtures and ``wait_for`` live in ``tests.worker`` so that the browser tests use the same worker; they
are re-exported here for the integration tests.
"""

from tests.worker import _database_url, celery_queue, celery_worker_process, start_celery_worker, wait_for

__all__ = ["_database_url", "celery_queue", "celery_worker_process", "start_celery_worker", "wait_for"]
