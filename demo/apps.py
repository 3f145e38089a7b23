from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo seeders and the ``seed_demo`` command; no models."""

    name = "demo"
