"""Redis unreachable for real: the export is asked for while the broker's port refuses connections (no fake
``delay``), the organizer is told so in Chinese and the row is kept; once the broker answers again, the periodic
requeue hands it to a real worker, which builds it."""

from __future__ import annotations

import pytest
from django.conf import settings

from exports.models import Export
from exports.services import exports_requeue
from festival.celery import app as celery_app
from tests.factories.schools import StudentFactory
from tests.html import page, text
from tests.worker import wait_for

REFUSED = "后台服务暂时不可用，导出已记下，稍后会自动开始；也可以稍后点“重新生成”"
DEAD_REDIS = "redis://127.0.0.1:9/0"  # the discard port: nothing listens, so every connection is refused


def _use_broker(url: str) -> None:
    """Point the web side's Celery app at another broker; its connections and producers are made anew."""
    celery_app.conf.broker_url = url
    celery_app._pool = None  # kombu keeps one pool per broker address: the old one stays for when it is back
    celery_app.amqp._producer_pool = None


@pytest.fixture
def dead_broker():
    _use_broker(DEAD_REDIS)
    yield
    _use_broker(settings.CELERY_BROKER_URL)


def test_an_export_asked_for_while_redis_refuses_is_kept_and_built_once_it_answers(
    client, organizer, school_class, start_celery_worker, dead_broker
):
    StudentFactory(school_class=school_class, real_name="李雨萱", student_number="20240202")
    client.force_login(organizer)

    response = client.post("/exports/", {"kind": "class_roster"}, follow=True)

    export = Export.objects.get()
    assert response.status_code == 200
    assert [text(m) for m in page(response).select(".alert")] == [REFUSED]
    assert (export.state, export.queue_refused) == ("queued", True)
    assert client.get("/healthz/").json()["broker"] == "failing"

    _use_broker(settings.CELERY_BROKER_URL)  # the broker is back
    start_celery_worker()
    assert exports_requeue() == 1
    wait_for(lambda: Export.objects.get(pk=export.pk).state == "done")
    export.refresh_from_db()
    assert (export.queue_refused, export.progress) == (False, 100)
