import shutil

import pytest

from festival.celery import app as celery_app
from tests.factories.schools import UserFactory

REDIS_DOWN = "redis://127.0.0.1:1/0"


@pytest.mark.django_db
def test_healthz_reports_every_service_ok(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok", "storage": "ok"}


@pytest.fixture
def cache_down(settings):
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": REDIS_DOWN}}


@pytest.mark.django_db
def test_healthz_is_503_and_names_the_failing_cache_but_tells_a_visitor_nothing_more(client, cache_down):
    response = client.get("/healthz/")

    assert response.status_code == 503
    assert response.json() == {"status": "error", "database": "ok", "cache": "failing", "broker": "ok", "storage": "ok"}
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
def test_a_logged_in_organizer_learns_no_more_than_a_visitor(client, organizer, cache_down):
    client.force_login(organizer)

    response = client.get("/healthz/")

    assert response.json()["cache"] == "failing"


@pytest.mark.django_db
def test_a_superuser_reads_the_error(client, cache_down):
    client.force_login(UserFactory(school=None, is_superuser=True, is_staff=True))

    response = client.get("/healthz/")

    body = response.json()
    assert response.status_code == 503
    assert body["database"] == "ok"
    assert body["cache"].startswith("error: ConnectionError")


@pytest.fixture
def broker_down():
    old_url, old_options = celery_app.conf.broker_url, celery_app.conf.broker_transport_options
    celery_app.conf.broker_url = REDIS_DOWN
    celery_app.conf.broker_transport_options = {}
    celery_app.pool.force_close_all()
    yield
    celery_app.conf.broker_url, celery_app.conf.broker_transport_options = old_url, old_options
    celery_app.pool.force_close_all()


@pytest.mark.django_db
def test_healthz_is_503_and_names_the_broker_when_it_is_down(client, broker_down):
    anonymous = client.get("/healthz/")
    client.force_login(UserFactory(school=None, is_superuser=True, is_staff=True))
    operator = client.get("/healthz/")

    assert (anonymous.status_code, anonymous.json()) == (
        503,
        {"status": "error", "database": "ok", "cache": "ok", "broker": "failing", "storage": "ok"},
    )
    assert "Connection refused" in operator.json()["broker"]


@pytest.mark.django_db
def test_healthz_answers_get_only(client):
    assert client.post("/healthz/").status_code == 405


@pytest.fixture
def private_root_not_writable(settings, tmp_path):
    # A file where the folder should be: nothing can be created in it, even by root (chmod would not stop root).
    blocked = tmp_path / "not-a-folder"
    blocked.write_bytes(b"")
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": str(blocked), "base_url": None}},
    }


@pytest.mark.django_db
def test_healthz_is_503_when_private_storage_cannot_be_written(client, private_root_not_writable):
    anonymous = client.get("/healthz/")
    client.force_login(UserFactory(school=None, is_superuser=True, is_staff=True))
    operator = client.get("/healthz/")

    assert (anonymous.status_code, anonymous.json()) == (
        503,
        {"status": "error", "database": "ok", "cache": "ok", "broker": "ok", "storage": "failing"},
    )
    assert "not-a-folder" not in anonymous.content.decode()
    assert operator.json()["storage"].startswith("error: FileExistsError")


@pytest.mark.django_db
def test_healthz_is_503_when_free_space_is_below_the_threshold(client, settings, tmp_path):
    free = shutil.disk_usage(tmp_path).free
    settings.HEALTH_MIN_FREE_MB = free // (1024 * 1024) + 1
    settings.HEALTH_MIN_FREE_PERCENT = 100

    response = client.get("/healthz/")

    assert (response.status_code, response.json()["storage"]) == (503, "failing")


@pytest.mark.django_db
def test_healthz_storage_is_ok_with_room_above_either_threshold(client, settings):
    settings.HEALTH_MIN_FREE_MB = 1
    settings.HEALTH_MIN_FREE_PERCENT = 100

    response = client.get("/healthz/")

    assert (response.status_code, response.json()["storage"]) == (200, "ok")
