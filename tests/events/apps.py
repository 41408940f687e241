from django.apps import AppConfig


class TestAppConfig(AppConfig):
    name = "tests.events"
    label = "tests_events"
    default_auto_field = "django.db.models.BigAutoField"
