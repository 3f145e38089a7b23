"""core.files.serve_private_file: the one way a protected file leaves private storage."""

from __future__ import annotations

import pytest
from django.core.files import File
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.http import Http404

from core.files import serve_private_file


@pytest.fixture
def stored() -> str:
    return storages["private"].save("entries/2026/12/abc.jpg", ContentFile(b"\xff\xd8picture"))


def test_a_photo_is_shown_inline_under_its_chinese_name_with_the_protective_headers(stored):
    response = serve_private_file(stored, download_name="作品.jpg", inline=True, content_type="image/jpeg")

    assert response["Content-Type"] == "image/jpeg"
    assert response["Content-Disposition"] == "inline; filename*=utf-8''%E4%BD%9C%E5%93%81.jpg"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, max-age=3600"
    assert b"".join(response.streaming_content) == b"\xff\xd8picture"


def test_a_document_is_downloaded_with_its_type_guessed_from_the_name():
    name = storages["private"].save("entries/2026/12/def.pdf", ContentFile(b"%PDF-1.7"))

    response = serve_private_file(name, download_name="report.pdf", inline=False)

    assert (response["Content-Type"], response["Content-Disposition"]) == (
        "application/pdf",
        'attachment; filename="report.pdf"',
    )
    assert response["Content-Length"] == "8"


def test_a_stored_file_object_is_served_by_its_name_from_private_storage(stored):
    response = serve_private_file(File(None, name=stored), download_name="x.jpg", inline=True)

    assert b"".join(response.streaming_content) == b"\xff\xd8picture"


def test_initial_passwords_are_never_cached(stored):
    response = serve_private_file(stored, download_name="账号密码.xlsx", inline=False, max_age=None)

    assert response["Cache-Control"] == "max-age=0, no-cache, no-store, must-revalidate, private"


@pytest.mark.parametrize("name", ["", "entries/2026/12/missing.jpg"])
def test_no_file_or_a_missing_one_is_not_found(name):
    with pytest.raises(Http404):
        serve_private_file(name, download_name="x.jpg", inline=True)


def test_a_file_of_the_public_storage_is_not_reachable():
    name = storages["default"].save("public-only.jpg", ContentFile(b"public"))

    with pytest.raises(Http404):
        serve_private_file(name, download_name="x.jpg", inline=True)
