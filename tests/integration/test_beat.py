"""Celery beat in a real worker (``worker -B``, as ``make run`` starts it) sends the periodic tasks it is given."""

import pytest

from exports.models import Export
from tests.factories.exports import ExportFactory
from tests.worker import wait_for

pytestmark = pytest.mark.integration


def test_beat_queues_again_an_export_the_broker_refused_and_a_worker_builds_it(
    start_celery_worker, organizer, student, tmp_path
):
    # As the exports page leaves it when Redis was down: recorded, never handed to a worker.
    export = ExportFactory(school=organizer.school, requested_by=organizer, queue_refused=True)

    start_celery_worker("--beat", "--schedule", str(tmp_path / "beat-schedule"), EXPORTS_REQUEUE_SECONDS="1")

    done = wait_for(lambda: (e := Export.objects.get(pk=export.pk)).state in {"done", "failed"} and e)
    assert (done.state, done.attempts, done.queue_refused, done.error) == ("done", 1, False, "")
