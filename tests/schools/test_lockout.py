"""Wrong passwords lock one name from one address briefly, longer each time, and the head teacher can unlock."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt, AccessFailureLog
from django.db.models import F
from django.test import RequestFactory

from core.models import AuditLog
from schools import lockout
from tests.factories.schools import PASSWORD
from tests.html import page, text_of

pytestmark = pytest.mark.django_db


def _login(client, password, username="20240201", ip="10.1.1.1"):
    return client.post("/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=ip)


def _fail(client, times=5, **kw):
    for _ in range(times):
        _login(client, "wrong-password", **kw)


def _wait(seconds: int) -> None:
    """Time passes for the login records (axes reads the failures' times from them)."""
    for model in (AccessAttempt, AccessFailureLog):
        model.objects.update(attempt_time=F("attempt_time") - dt.timedelta(seconds=seconds))


def test_five_failures_lock_the_name_on_that_address_for_a_minute(client, student):
    _fail(client)

    locked = _login(client, PASSWORD)
    _wait(61)
    after_a_minute = _login(client, PASSWORD)

    assert text_of(page(locked, status=429), "#locked-for").startswith("为了安全，此账号在这台电脑上已锁定 1 分钟。")
    assert after_a_minute.status_code == 302
    assert client.session["_auth_user_id"] == str(student.pk)


def test_each_further_lock_lasts_twice_as_long(client, student):
    _fail(client)
    _wait(61)
    _fail(client)

    _wait(61)
    still_locked = _login(client, PASSWORD)
    _wait(60)
    free = _login(client, PASSWORD)

    notice = text_of(page(still_locked, status=429), "#locked-for")
    assert notice.startswith("为了安全，此账号在这台电脑上已锁定 2 分钟。")
    assert free.status_code == 302


def test_another_address_is_not_locked(client, student):
    _fail(client, ip="10.1.1.1")

    assert _login(client, PASSWORD, ip="10.1.1.2").status_code == 302


@pytest.mark.parametrize(("failures", "minutes"), [(5, 1), (9, 1), (10, 2), (15, 4), (20, 8), (25, 15), (200, 15)])
def test_the_lock_doubles_up_to_fifteen_minutes(student, failures, minutes):
    AccessFailureLog.objects.bulk_create(
        AccessFailureLog(username="20240201", ip_address="10.1.1.1", user_agent="", path_info="/accounts/login/")
        for _ in range(failures)
    )
    request = RequestFactory().post("/accounts/login/", {"username": "20240201"})
    request.axes_ip_address = "10.1.1.1"

    assert lockout.cool_off(request) == dt.timedelta(minutes=minutes)


def test_the_head_teacher_sees_the_lock_and_unlocks_the_student(client, head_teacher, student, classmate):
    _fail(client)
    staff = client.__class__()
    staff.force_login(head_teacher)

    before = page(staff.get(f"/classes/{student.school_class_id}/"))
    response = staff.post(f"/people/{student.pk}/unlock-login/", follow=True)

    assert text_of(before, f"#unlock-{student.pk}") == "登录已锁定 解除锁定"
    assert before.select(f"#unlock-{classmate.pk}") == []
    assert text_of(page(response), ".alert-success") == "王小明 现在可以重新登录了。"
    assert page(response).select(f"#unlock-{student.pk}") == []
    assert _login(client, PASSWORD).status_code == 302
    record = AuditLog.objects.get(action="user.login_unlock")
    assert (record.actor, record.object_id) == (head_teacher, str(student.pk))


def test_after_an_unlock_the_next_lock_is_a_minute_again(client, head_teacher, student):
    _fail(client)
    _wait(61)
    _fail(client)
    client.force_login(head_teacher)
    client.post(f"/people/{student.pk}/unlock-login/")
    client.logout()

    _fail(client)
    _wait(61)

    assert _login(client, PASSWORD).status_code == 302


@pytest.mark.parametrize("who", ["other_teacher", "classmate", "other_organizer"])
def test_only_the_head_teacher_or_the_organizers_unlock(client, request, student, who):
    _fail(client)
    client.force_login(request.getfixturevalue(who))

    response = client.post(f"/people/{student.pk}/unlock-login/")

    assert response.status_code == 403
    assert AccessAttempt.objects.filter(username="20240201").exists()
    assert not AuditLog.objects.filter(action="user.login_unlock").exists()
