"""Too large a request is refused from its Content-Length, before a byte of its body is read."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse

from submissions.models import Attachment
from tests.factories.competitions import CompetitionFactory
from tests.factories.submissions import ready_entry
from tests.html import page, text_of

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class SpyInput(io.BytesIO):
    """A request body that remembers how much of it was read."""

    def __init__(self, data: bytes = b"x" * 1024) -> None:
        super().__init__(data)
        self.read_bytes = 0

    def read(self, size: int | None = -1) -> bytes:
        chunk = super().read(size)
        self.read_bytes += len(chunk)
        return chunk

    def readline(self, size: int | None = -1) -> bytes:
        line = super().readline(size)
        self.read_bytes += len(line)
        return line


def post_declaring(client, url: str, size: int, *, json: bool = False, body: SpyInput | None = None):
    body = body or SpyInput()
    headers = {"accept": "application/json"} if json else {}
    response = client.generic(
        "POST",
        url,
        headers=headers,
        CONTENT_LENGTH=str(size),
        CONTENT_TYPE="multipart/form-data; boundary=xyz",
        **{"wsgi.input": body},
    )
    return response, body


def test_anonymous_post_of_500_mb_with_a_made_up_csrf_cookie_is_refused_unread(client):
    client.cookies["csrftoken"] = "a" * 32

    response, body = post_declaring(client, reverse("login"), 500 * MB)

    assert text_of(page(response, 413), "#refusal") == "请求过大。请先登录，再重新发送文件。"
    assert body.read_bytes == 0


def test_anonymous_login_form_size_is_not_refused(client):
    response = client.post(reverse("login"), {"username": "nobody", "password": "wrong"})

    assert response.status_code == 200


def test_upload_beyond_the_largest_competition_file_is_refused_unread_with_json(client, festival, student):
    competition = CompetitionFactory(festival=festival, open_now=True, max_file_mb=20)
    entry = ready_entry(competition, student)
    files = list(Attachment.objects.values_list("pk", flat=True))
    client.force_login(student)

    response, body = post_declaring(client, reverse("attachment_upload", args=[entry.pk]), 60 * MB, json=True)

    assert (response.status_code, response.json()) == (
        413,
        {"ok": False, "error": "上传的内容过大：一次最多发送 20 MB。请把文件变小，或一个一个地发送。"},
    )
    assert body.read_bytes == 0
    assert list(Attachment.objects.values_list("pk", flat=True)) == files


def test_upload_of_the_largest_file_plus_the_form_passes_the_limit(client, festival, student):
    competition = CompetitionFactory(festival=festival, open_now=True, max_file_mb=20)
    entry = ready_entry(competition, student)
    client.force_login(student)

    # Declared just within 20 MB and the form: read and refused by the upload's own checks, not here.
    response, _body = post_declaring(client, reverse("attachment_upload", args=[entry.pk]), 20 * MB, json=True)

    assert response.status_code != 413


def test_chunked_body_without_length_is_refused(client, student):
    client.force_login(student)

    response = client.generic("POST", reverse("login"), HTTP_TRANSFER_ENCODING="chunked")

    assert text_of(page(response, 411), "#refusal") == "请求没有说明大小，未被读取。请重新发送。"
