from django.apps import AppConfig


class DemoConfig(AppConfig):
    """Development aids on top of every domain app: the demo data and `manage.py demo`. No
    other app imports it (the benchmark and the tests may)."""

    name = "demo"
