"""Every page carries the strict Content-Security-Policy: nothing runs or loads from anywhere but this site, no
plugin, no other page may frame it, and forms post only here. (A private file keeps its own ``sandbox`` policy:
``tests/submissions/test_student_views.py``.)"""

from __future__ import annotations

import pytest
from django.urls import reverse

POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "object-src": "'none'",
    "base-uri": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
}


def policy(response) -> dict[str, str]:
    directives = (part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return {name: value for name, value in directives}


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/", "/festivals/", "/exports/", "/no-such-page/"])
def test_every_page_has_the_strict_policy(client, organizer, url):
    client.force_login(organizer)

    response = client.get(url)

    assert response.status_code in (200, 404)
    assert policy(response) == POLICY


@pytest.mark.django_db
def test_the_login_page_of_a_visitor_has_it_too(client):
    response = client.get(reverse("login"))

    assert policy(response) == POLICY
