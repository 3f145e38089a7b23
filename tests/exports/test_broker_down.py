"""Redis down: an export asked for while the broker is unreachable is recorded, said so, and queued again later."""

import datetime as dt
import io

import pytest
from django.core.management import call_command
from django.utils import timezone
from kombu.exceptions import OperationalError

from exports import services
from exports.models import Export
from tests.factories.exports import ExportFactory
from tests.factories.schools import StudentFactory
from tests.html import page, text

REFUSED = "后台服务暂时不可用，导出已记下，稍后会自动开始；也可以稍后点“重新生成”"


@pytest.fixture
def roster(school_class):
    StudentFactory(school_class=school_class, real_name="李雨萱", student_number="20240202")


@pytest.fixture
def broker(monkeypatch):
    """The edge of the world: the task's ``delay`` either reaches the broker (recorded) or raises as kombu does."""

    class Broker:
        down = False
        queued: list[int] = []

        def delay(self, *, export_id):
            if self.down:
                raise OperationalError("Error 111 connecting to redis:6379. Connection refused.")
            self.queued.append(export_id)

    fake = Broker()
    fake.queued = []
    monkeypatch.setattr("exports.tasks.build_export.delay", fake.delay)
    return fake


@pytest.mark.django_db(transaction=True)
def test_asking_while_the_broker_is_down_says_so_in_chinese_and_the_export_starts_when_it_is_back(
    client, organizer, roster, broker
):
    broker.down = True
    client.force_login(organizer)

    response = client.post("/exports/", {"kind": "class_roster"}, follow=True)

    export = Export.objects.get()
    html = page(response)
    assert response.status_code == 200
    assert [text(m) for m in html.select(".alert")] == [REFUSED]
    assert text(html.select_one(f"#export-{export.pk} .export-refused")) == REFUSED
    assert html.select_one(f"#export-{export.pk} form")["action"] == f"/exports/{export.pk}/retry/"
    assert (export.state, export.queue_refused, services.export_can_retry(export)) == ("queued", True, True)

    broker.down = False
    out = io.StringIO()
    call_command("requeue_exports", stdout=out)
    services.export_build(export_id=export.pk)  # what the worker does with the message

    export.refresh_from_db()
    assert out.getvalue() == "已重新排队 1 个导出。\n"
    assert broker.queued == [export.pk]
    assert (export.state, export.queue_refused, export.progress) == ("done", False, 100)


@pytest.mark.django_db(transaction=True)
def test_opening_the_exports_page_queues_again_what_the_broker_refused(client, organizer, roster, broker):
    broker.down = True
    refused = services.export_request(kind="class_roster", by=organizer)
    client.force_login(organizer)

    still_down = client.get("/exports/")
    broker.down = False
    back = client.get("/exports/")

    refused.refresh_from_db()
    assert still_down.status_code == 200
    assert text(page(still_down).select_one(".export-refused")) == REFUSED
    assert page(back).select_one(".export-refused") is None
    assert broker.queued == [refused.pk]
    assert (refused.state, refused.queue_refused) == ("queued", False)


@pytest.mark.django_db(transaction=True)
def test_retrying_while_the_broker_is_down_keeps_the_request_and_says_so(client, organizer, roster, broker):
    broker.down = True
    export = services.export_request(kind="class_roster", by=organizer)
    client.force_login(organizer)

    response = client.post(f"/exports/{export.pk}/retry/", follow=True)

    export.refresh_from_db()
    assert response.status_code == 200
    assert [text(m) for m in page(response).select(".alert")] == [REFUSED]
    assert (export.state, export.queue_refused) == ("queued", True)


@pytest.mark.django_db
def test_the_sweep_queues_again_only_what_is_overdue(organizer, broker):
    now = timezone.now()
    old = now - dt.timedelta(minutes=16)
    make = ExportFactory
    school, by = organizer.school, organizer
    lost = make(school=school, requested_by=by, queued_at=old)
    dead = make(school=school, requested_by=by, state="running", progress=40, started_at=old)
    refused = make(school=school, requested_by=by, queued_at=now, queue_refused=True)
    make(school=school, requested_by=by, queued_at=now)  # waiting its turn
    make(school=school, requested_by=by, state="running", started_at=now)  # being built
    make(school=school, requested_by=by, state="failed", queued_at=old)  # failed: the person retries it

    sent = services.exports_requeue(now=now)

    dead.refresh_from_db()
    assert sent == 3
    assert sorted(broker.queued) == sorted([lost.pk, dead.pk, refused.pk])
    assert (dead.state, dead.progress, dead.queued_at) == ("queued", 0, now)
    assert services.exports_requeue(now=now) == 0  # not again until it is overdue again


@pytest.mark.django_db
def test_the_sweep_stops_at_the_first_refusal(organizer, broker):
    old = timezone.now() - dt.timedelta(minutes=16)
    first, second = (ExportFactory(school=organizer.school, requested_by=organizer, queued_at=old) for _ in range(2))
    broker.down = True

    assert services.exports_requeue() == 0

    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.queue_refused, second.queue_refused) == (True, False)
    assert services.export_can_retry(second)  # left queued past its time


@pytest.mark.django_db(transaction=True)
def test_pages_that_need_no_broker_keep_working_while_it_is_down(client, organizer, roster, broker):
    broker.down = True
    export = services.export_request(kind="class_roster", by=organizer)
    client.force_login(organizer)

    status = client.get(f"/exports/{export.pk}/status/")
    home = client.get("/")

    assert (status.status_code, home.status_code) == (200, 200)
    assert text(page(status).select_one(".export-refused")) == REFUSED
