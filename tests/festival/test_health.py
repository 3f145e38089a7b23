import pytest

from festival.celery import app as celery_app


@pytest.mark.django_db
def test_healthz_reports_every_service_ok(client):
    response = client.get("/healthz/")

    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok", "broker": "ok"}


@pytest.mark.django_db
def test_healthz_is_503_and_names_the_cache_when_it_is_down(client, settings):
    settings.CACHES = {
        "default": {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": "redis://127.0.0.1:1/0"}
    }

    response = client.get("/healthz/")

    body = response.json()
    assert response.status_code == 503
    assert body["status"] == "error"
    assert body["database"] == "ok"
    assert body["cache"].startswith("error: ConnectionError")


@pytest.fixture
def broker_down():
    old_url, old_options = celery_app.conf.broker_url, celery_app.conf.broker_transport_options
    celery_app.conf.broker_url = "redis://127.0.0.1:1/0"
    celery_app.conf.broker_transport_options = {}
    celery_app.pool.force_close_all()
    yield
    celery_app.conf.broker_url, celery_app.conf.broker_transport_options = old_url, old_options
    celery_app.pool.force_close_all()


@pytest.mark.django_db
def test_healthz_is_503_and_names_the_broker_when_it_is_down(client, broker_down):
    response = client.get("/healthz/")

    body = response.json()
    assert response.status_code == 503
    assert body["broker"].startswith("error: ")
    assert "Connection refused" in body["broker"]
    assert body["database"] == "ok"


@pytest.mark.django_db
def test_healthz_answers_get_only(client):
    assert client.post("/healthz/").status_code == 405
