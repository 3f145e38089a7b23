"""Fixtures of the schools tests: roster workbooks and a primary school."""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest

from tests.factories.schools import SchoolFactory
from tests.schools.rosters import GOOD_STUDENTS, GOOD_TEACHERS, roster_bytes


@pytest.fixture
def good_roster() -> bytes:
    return roster_bytes(GOOD_STUDENTS, GOOD_TEACHERS)


@pytest.fixture
def eager_celery():
    """Tasks run in the process that queues them, as soon as they are queued, instead of on a worker."""
    from festival.celery import app

    old = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = old


@pytest.fixture
def primary_school(db):
    return SchoolFactory(name="阳光小学", slug="yangguang", sections=["primary"])


@pytest.fixture
def import_file() -> Callable[[bytes], io.BytesIO]:
    def make(content: bytes) -> io.BytesIO:
        return io.BytesIO(content)

    return make
