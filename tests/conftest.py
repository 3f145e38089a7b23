from __future__ import annotations

import pytest

from tests.factories import (
    OrganizerFactory,
    SchoolClassFactory,
    SchoolFactory,
    StudentFactory,
    TeacherFactory,
)


@pytest.fixture(autouse=True)
def _isolated_files(settings, tmp_path):
    """Uploaded and generated files go to a temporary folder, never into var/."""
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path / "private"), "base_url": None},
        },
    }


@pytest.fixture(autouse=True)
def _fresh_cache(settings):
    from django.core.cache import cache

    redis_cache = getattr(cache, "_cache", None)
    if hasattr(redis_cache, "get_client"):
        # One REDIS_URL is the cache and the Celery broker: clear() would FLUSHDB and drop the tasks queued
        # for a worker (another test run's, or a developer's). Delete only the cache's own keys.
        client = redis_cache.get_client(write=True)
        keys = list(client.scan_iter(match=f"{settings.CACHES['default']['KEY_PREFIX']}:*", count=1000))
        if keys:
            client.delete(*keys)
    else:
        cache.clear()
    yield


@pytest.fixture
def school(db):
    return SchoolFactory(name="星河实验学校", slug="xinghe")


@pytest.fixture
def other_school(db):
    return SchoolFactory(name="青山中学", slug="qingshan")


@pytest.fixture
def organizer(school):
    return OrganizerFactory(school=school, real_name="陈志远")


@pytest.fixture
def head_teacher(school):
    return TeacherFactory(school=school, real_name="周老师")


@pytest.fixture
def school_class(school, head_teacher):
    return SchoolClassFactory(grade__school=school, grade__number=3, number=2, head_teacher=head_teacher)


@pytest.fixture
def student(school_class):
    return StudentFactory(school_class=school_class, real_name="王小明", student_number="20240201")


@pytest.fixture
def other_teacher(school):
    """A teacher of the same school who heads no class of the student's."""
    teacher = TeacherFactory(school=school, real_name="李老师")
    SchoolClassFactory(grade__school=school, grade__number=3, number=5, head_teacher=teacher)
    return teacher
