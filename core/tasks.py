"""Periodic work of the core app, run by Celery beat (``CELERY_BEAT_SCHEDULE`` in the settings)."""

import logging

from celery import shared_task

from core import sweep

logger = logging.getLogger(__name__)


@shared_task(name="core.sweep_files", ignore_result=True)
def sweep_files() -> int:
    """Nightly: what dead processes left in private storage and the upload folder (``manage.py sweep_files``)."""
    leftovers = sweep.sweep()
    for leftover in leftovers:
        logger.info("removed %s %s (%d bytes)", leftover.kind, leftover.name, leftover.size)
    logger.info("sweep: removed %d file(s), %d bytes", len(leftovers), sum(item.size for item in leftovers))
    return len(leftovers)
