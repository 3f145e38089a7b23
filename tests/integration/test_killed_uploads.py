"""A web worker killed during an upload: a real gunicorn, a real multipart request over a socket, kill -9.

What a killed request leaves behind is whatever the process had on disk at that moment: Django's temporary
upload file (the body was still arriving) or the stored files of an attachment whose row was never
committed. ``sweep_files`` must find both once they are old enough, and nothing else.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from io import BytesIO, StringIO
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.files.storage import storages
from django.core.management import call_command
from django.db import connection
from django.middleware.csrf import _get_new_csrf_string
from PIL import Image

from submissions.models import Attachment, AttachmentRole
from tests.factories.competitions import CompetitionFactory
from tests.factories.submissions import draft
from tests.worker import _database_url, wait_for

pytestmark = [pytest.mark.integration, pytest.mark.django_db(transaction=True)]

ROOT = Path(__file__).resolve().parents[2]
TWO_HOURS = 2 * 60 * 60


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _children(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry))
    return found


class Gunicorn:
    """gunicorn serving the test database with one sync worker, as production serves the site."""

    def __init__(self, tmp_path: Path, upload_dir: Path) -> None:
        self.port = _free_port()
        self.log_path = tmp_path / "gunicorn.log"
        self.log = open(self.log_path, "w+")
        env = {
            **os.environ,
            "DATABASE_URL": _database_url(),
            "PRIVATE_ROOT": settings.STORAGES["private"]["OPTIONS"]["location"],
            "MEDIA_ROOT": str(settings.MEDIA_ROOT),
            "FILE_UPLOAD_TEMP_DIR": str(upload_dir),
            "PYTHONUNBUFFERED": "1",
        }
        env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
        self.process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "gunicorn",
                "festival.wsgi",
                "--bind",
                f"127.0.0.1:{self.port}",
                "--workers",
                "1",
                "--timeout",
                "120",
                "--no-control-socket",  # its default path is shared by every gunicorn of the user
            ],
            cwd=ROOT,
            env=env,
            stdout=self.log,
            stderr=subprocess.STDOUT,
        )
        wait_for(self._answers, timeout=60)

    def _answers(self) -> bool:
        if self.process.poll() is not None:
            pytest.fail("gunicorn did not start:\n" + self.log_path.read_text()[-3000:])
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=2) as s:
                s.sendall(b"GET /healthz/ HTTP/1.0\r\nHost: 127.0.0.1\r\n\r\n")
                return s.recv(12).startswith(b"HTTP/1")
        except OSError:
            return False

    def worker(self) -> int:
        return wait_for(lambda: _children(self.process.pid) and _children(self.process.pid)[0])

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


@pytest.fixture
def upload_dir(settings, tmp_path) -> Path:
    folder = tmp_path / "uploads"
    folder.mkdir()
    settings.FILE_UPLOAD_TEMP_DIR = str(folder)
    return folder


@pytest.fixture
def gunicorn(tmp_path, upload_dir):
    server = Gunicorn(tmp_path, upload_dir)
    yield server
    server.stop()


@pytest.fixture
def upload_request(client, festival, student):
    """start(body_bytes_to_send) → an open socket that has sent the headers and that much of the body of a
    student's photo upload to their draft entry (logged in, with a valid CSRF token)."""
    entry = draft(CompetitionFactory(festival=festival, open_now=True), student)
    client.force_login(student)
    session = client.cookies[settings.SESSION_COOKIE_NAME].value
    token = _get_new_csrf_string()
    boundary = uuid.uuid4().hex
    # Noise compresses badly: a photo of a few MB, as a phone's is.
    noise = Image.frombytes("RGB", (2400, 1600), os.urandom(2400 * 1600 * 3))
    out = BytesIO()
    noise.save(out, "JPEG", quality=92)
    jpeg = out.getvalue()
    body = (
        f'--{boundary}\r\nContent-Disposition: form-data; name="role"\r\n\r\n{AttachmentRole.RESULT}\r\n'
        f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="作品.jpg"\r\n'
        "Content-Type: image/jpeg\r\n\r\n".encode()
        + jpeg
        + f"\r\n--{boundary}--\r\n".encode()
    )
    sockets = []

    def start(port: int, send: int | None = None) -> socket.socket:
        head = (
            f"POST /entries/{entry.pk}/attachments/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            f"Content-Type: multipart/form-data; boundary={boundary}\r\nContent-Length: {len(body)}\r\n"
            f"Cookie: {settings.SESSION_COOKIE_NAME}={session}; {settings.CSRF_COOKIE_NAME}={token}\r\n"
            f"X-CSRFToken: {token}\r\nAccept: application/json\r\nConnection: close\r\n\r\n"
        ).encode()
        s = socket.create_connection(("127.0.0.1", port), timeout=30)
        sockets.append(s)
        s.sendall(head + body[: len(body) if send is None else send])
        return s

    start.body_size = len(body)
    start.entry = entry
    yield start
    for s in sockets:
        s.close()


def _private_files() -> list[str]:
    root = storages["private"].location
    return sorted(os.path.relpath(os.path.join(d, f), root) for d, _dirs, files in os.walk(root) for f in files)


def _age(paths: list[Path]) -> None:
    then = time.time() - TWO_HOURS
    for path in paths:
        os.utime(path, (then, then))


def _sweep(*args: str) -> list[str]:
    out = StringIO()
    call_command("sweep_files", *args, stdout=out)
    return out.getvalue().splitlines()


def test_a_worker_killed_while_the_upload_streams_in_leaves_a_temporary_file_the_sweep_deletes(
    gunicorn, upload_request, upload_dir
):
    assert upload_request.body_size > 3 * settings.FILE_UPLOAD_MAX_MEMORY_SIZE // 2  # streamed to a temporary file
    kept = _private_files()  # none: the draft has no picture yet
    upload_request(gunicorn.port, send=upload_request.body_size // 2)
    temporary = wait_for(lambda: [p for p in upload_dir.iterdir() if p.stat().st_size > 1024 * 1024])

    os.kill(gunicorn.worker(), signal.SIGKILL)

    time.sleep(0.5)
    assert [p.name.startswith("tmp") and ".upload" in p.name for p in upload_dir.iterdir()] == [True]
    assert _sweep()[-1] == "removed 0 file(s), 0 bytes"  # an hour's grace: it may be a live upload
    _age(temporary)
    report = _sweep()
    assert report[-1].startswith("removed 1 file(s), ")
    assert list(upload_dir.iterdir()) == []
    assert _private_files() == kept
    # The arbiter started another worker: the site goes on.
    answer = upload_request(gunicorn.port).makefile("rb").read().decode()
    assert answer.startswith("HTTP/1.1 201 "), answer
    assert Attachment.objects.filter(entry=upload_request.entry).count() == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="holds the row's INSERT with a PostgreSQL table lock")
def test_a_worker_killed_between_storing_the_files_and_writing_the_row_leaves_files_the_sweep_deletes(
    gunicorn, upload_request, upload_dir
):
    kept = _private_files()
    # SHARE lets the upload read the attachments and store its files, and holds its INSERT.
    with psycopg.connect(_database_url()) as holder:
        holder.execute("LOCK TABLE submissions_attachment IN SHARE MODE")
        upload_request(gunicorn.port)
        stored = wait_for(lambda: len(_private_files()) >= len(kept) + 2 and _private_files())
        time.sleep(0.5)  # the thumbnail and any copy written too; the INSERT waits on the lock
        os.kill(gunicorn.worker(), signal.SIGKILL)
        holder.rollback()

    assert Attachment.objects.filter(entry=upload_request.entry).count() == 0
    orphans = sorted(set(stored) - set(kept))
    assert len(orphans) >= 2
    root = Path(storages["private"].location)
    assert _sweep()[-1] == "removed 0 file(s), 0 bytes"
    temporary = list(upload_dir.iterdir())  # the request's body, still open when it was killed
    assert len(temporary) == 1
    _age([root / name for name in orphans] + temporary)
    report = _sweep()
    assert sorted(line.split(" (")[0] for line in report[:-1]) == sorted(
        [f"removed orphan {name}" for name in orphans] + [f"removed upload {temporary[0]}"]
    )
    assert _private_files() == kept
    assert list(upload_dir.iterdir()) == []
