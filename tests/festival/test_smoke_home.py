import json

import pytest

from tests.html import page


@pytest.mark.django_db
def test_home_redirects_anonymous_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


@pytest.mark.django_db
def test_pages_load_htmx_configured_for_a_strict_csp_and_send_the_csrf_token(client):
    response = client.get("/accounts/login/")
    doc = page(response)

    script = doc.select_one("script[src$='/vendored/htmx/htmx.min.js']")
    assert script is not None and "defer" in script.attrs
    config = json.loads(doc.select_one("meta[name=htmx-config]")["content"])
    assert config == {"includeIndicatorStyles": False, "allowEval": False, "allowScriptTags": False}
    headers = json.loads(doc.select_one("body")["hx-headers"])
    assert headers == {"X-CSRFToken": response.context["csrf_token"]}
