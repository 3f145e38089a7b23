"""The Django admin is for the deployment's operators (superusers) only: an organizer, even one with ``is_staff``,
sees none of it and changes nothing through it, whatever the app's permissions grant them in their school."""

from __future__ import annotations

import pytest
from django.urls import reverse

from competitions.models import Festival
from core.audit import audit_record
from tests.factories.schools import OrganizerFactory, UserFactory
from tests.html import page, text

pytestmark = pytest.mark.django_db

ADMIN_PAGES = ["admin:index", "admin:core_auditlog_changelist", "admin:competitions_festival_add"]


@pytest.fixture
def staff_organizer(school):
    return OrganizerFactory(school=school, is_staff=True)


@pytest.fixture
def other_schools_record(other_school, other_organizer):
    return audit_record(actor=other_organizer, action="other school's secret", obj=other_school)


@pytest.mark.parametrize("name", ADMIN_PAGES)
def test_a_staff_organizer_is_sent_to_the_admin_login_for_every_admin_page(
    client, staff_organizer, other_schools_record, name
):
    client.force_login(staff_organizer)

    response = client.get(reverse(name))

    assert response.status_code == 302
    assert response.url == f"{reverse('admin:login')}?next={reverse(name)}"
    assert "other school's secret" not in response.content.decode()


def test_a_staff_organizer_cannot_add_a_published_festival_to_another_school(client, staff_organizer, other_school):
    client.force_login(staff_organizer)

    response = client.post(
        reverse("admin:competitions_festival_add"),
        {
            "school": other_school.pk,
            "year": 2026,
            "name": "假的科技节",
            "slug": "fake",
            "status": Festival.Status.PUBLISHED,
            "phases-TOTAL_FORMS": "0",
            "phases-INITIAL_FORMS": "0",
        },
    )

    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))
    assert not Festival.objects.filter(name="假的科技节").exists()


def test_a_staff_organizer_logging_in_to_the_admin_is_told_they_are_not_authorised(client, staff_organizer):
    client.force_login(staff_organizer)

    response = client.get(reverse("admin:login"))

    assert response.status_code == 200
    assert staff_organizer.username in text(page(response).select_one(".errornote"))


def test_a_superuser_sees_every_schools_audit_records(client, school, other_schools_record):
    operator = UserFactory(school=None, is_staff=True, is_superuser=True)
    client.force_login(operator)

    response = client.get(reverse("admin:core_auditlog_changelist"))

    assert response.status_code == 200
    assert [record.action for record in response.context["cl"].result_list] == ["other school's secret"]


def test_an_inactive_superuser_gets_no_admin_page(client):
    operator = UserFactory(school=None, is_staff=True, is_superuser=True, is_active=False)
    client.force_login(operator)

    response = client.get(reverse("admin:index"))

    assert response.status_code == 302
